// One bed's ward-round visit in a sentence, as a nurse would jot it down:
// "Bed 3 (Wang Fang): pain 8/10 ⚠, slept poorly, no nausea, not short of breath, walks with help. Said: …"
import type { Language } from '../../../robot/index.js';
import { redFlagNames, type AnswerValue, type LocalText, type RoundQuestionId } from './questions.js';
import type { RoundAnswer, RoundVisit } from './round-records.js';

const WARN = '⚠';

const STATUS_TEXT: Record<Exclude<RoundVisit['status'], 'visited'>, LocalText> = {
  absent: { en: 'not at the bedside', 'zh-CN': '不在床旁' },
  no_answer: { en: 'present but did not answer', 'zh-CN': '在床旁但未回答' },
  skipped: { en: 'not visited', 'zh-CN': '未探视' },
};

const UNCLEAR: Record<RoundQuestionId, LocalText> = {
  pain: { en: 'pain unclear', 'zh-CN': '疼痛情况不清楚' },
  sleep: { en: 'sleep unclear', 'zh-CN': '睡眠情况不清楚' },
  nausea: { en: 'nausea unclear', 'zh-CN': '恶心情况不清楚' },
  breathing: { en: 'breathing unclear', 'zh-CN': '气短情况不清楚' },
  mobility: { en: 'mobility unclear', 'zh-CN': '活动情况不清楚' },
  anything_else: { en: '', 'zh-CN': '' },
};

const CHOICE_TEXT: Record<string, LocalText> = {
  'sleep:good': { en: 'slept well', 'zh-CN': '睡眠好' },
  'sleep:fair': { en: 'slept fairly well', 'zh-CN': '睡眠一般' },
  'sleep:poor': { en: 'slept poorly', 'zh-CN': '睡眠差' },
  'mobility:own': { en: 'walks on their own', 'zh-CN': '能自行走动' },
  'mobility:help': { en: 'walks with help', 'zh-CN': '需人协助走动' },
  'mobility:bed': { en: 'stays in bed', 'zh-CN': '卧床' },
};

function finding(a: RoundAnswer, lang: Language): string | null {
  if (a.question === 'anything_else') return null;
  if (a.unclear) return UNCLEAR[a.question][lang];
  const v: AnswerValue = a.value;
  switch (a.question) {
    case 'pain': return typeof v === 'number' ? `${lang === 'en' ? 'pain' : '疼痛'} ${v}/10${v >= 7 ? ` ${WARN}` : ''}` : null;
    case 'nausea': return v === true ? (lang === 'en' ? 'feels sick' : '恶心') : v === false ? (lang === 'en' ? 'no nausea' : '无恶心') : null;
    case 'breathing': return v === true ? (lang === 'en' ? `short of breath ${WARN}` : `气短 ${WARN}`) : v === false ? (lang === 'en' ? 'not short of breath' : '无气短') : null;
    default: return typeof v === 'string' ? CHOICE_TEXT[`${a.question}:${v}`]?.[lang] ?? v : null;
  }
}

/** The visit in one line; names only when `withNames` (staff views), never the record number. */
export function summaryText(visit: RoundVisit, lang: Language, options: { withNames: boolean }): string {
  const name = lang === 'zh-CN' ? visit.nameZh ?? visit.name : visit.name;
  const who = options.withNames && name ? (lang === 'en' ? ` (${name})` : `（${name}）`) : '';
  const head = `${visit.bedLabel[lang]}${who}${lang === 'en' ? ': ' : '：'}`;
  const stop = lang === 'en' ? '.' : '。';
  const comma = lang === 'en' ? ', ' : '，';
  if (visit.status !== 'visited') return `${head}${STATUS_TEXT[visit.status][lang]}${visit.detail && visit.status === 'skipped' ? ` (${visit.detail})` : ''}${stop}`;
  const parts = visit.answers.map((a) => finding(a, lang)).filter((s): s is string => !!s);
  const flags = [...new Set(visit.answers.flatMap((a) => a.redFlags))];
  if (flags.length) parts.push(`${lang === 'en' ? 'red flag' : '危险信号'}: ${redFlagNames(flags, lang)} ${WARN}`);
  let text = `${head}${parts.join(comma) || (lang === 'en' ? 'no answers' : '无回答')}${stop}`;
  const said = visit.answers.find((a) => a.question === 'anything_else' && typeof a.value === 'string');
  if (said && typeof said.value === 'string') text += lang === 'en' ? ` Said: "${said.value}"` : `说：“${said.value}”`;
  return text;
}
