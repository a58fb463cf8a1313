// The ward round's questions, written once in both languages: what the robot asks, how each answer
// is read, and which answers must reach a nurse. An answer that cannot be read is `null` (unclear),
// never a guess: a wrong "no pain" is worse than asking again.
import type { Language } from '../../../robot/index.js';
import { parseChoice, parseScale, parseYesNo, type Choice } from '../dialogue/answers.js';
import { compact, normaliseSpeech } from '../dialogue/normalize.js';
import type { AskKindName } from '../engine/skills.js';
import type { AlertKind } from '../services.js';

export type RoundQuestionId = 'pain' | 'sleep' | 'nausea' | 'breathing' | 'mobility' | 'anything_else';
export type AnswerValue = number | boolean | string | null;
export type LocalText = Record<Language, string>;

export interface RoundChoice extends Choice {
  /** How the choice is offered on the robot's screen. */
  label: LocalText;
}

/** An alert an answer calls for; `text` names the finding and is put after the bed in the alert. */
export interface AlertRule {
  kind: AlertKind;
  severity: 'critical' | 'high' | 'normal';
  text: LocalText;
}

export interface RoundQuestion {
  id: RoundQuestionId;
  kind: AskKindName;
  text: LocalText;
  choices?: readonly RoundChoice[];
  /** The answer's value; null means unclear (asked once more, then recorded as unclear). */
  parse(answer: string): AnswerValue;
  alert(value: AnswerValue): AlertRule | null;
  /**
   * Red-flag ids that an answer to this question may just echo ("I am not short of breath"): they
   * count only when the answer is not a clear "no". Every other red flag counts whatever was asked.
   */
  echoedFlags?: readonly string[];
}

/** Free text is kept as said (bounded): it is data for the nurses, never an instruction. */
export const MAX_KEPT_ANSWER_CHARS = 2_000;

const PAIN_WORDS_EN = /\b(pain|painful|hurts?|hurting|sore|ache|aches|aching|out of|score)\b/;
const PAIN_WORDS_ZH = /痛|疼|分/;
/** A bare number in a long sentence is more likely about something else ("open drawer 2"). */
const MAX_WORDS_WITHOUT_PAIN_WORDS = 6;

/** Pain 0–10; unclear when the answer gives no number, several, or a number that is not about pain. */
export function parsePain(answer: string): number | null {
  const text = normaliseSpeech(answer);
  const aboutPain = PAIN_WORDS_EN.test(text) || PAIN_WORDS_ZH.test(compact(answer));
  if (!aboutPain && text.split(' ').filter(Boolean).length > MAX_WORDS_WITHOUT_PAIN_WORDS) return null;
  // "7 out of 10", "7/10" (normalised to "7 10"): the 10 is the scale, not a second score.
  const scoreOnly = text.replace(/\b(?:out of|of) (?:10|ten)\b/g, ' ').replace(/\b(\d{1,2}) 10\b/g, '$1');
  const numbers = new Set([...scoreOnly.matchAll(/\b\d+\b/g)].map((m) => Number(m[0])));
  if (numbers.size > 1 || [...numbers].some((n) => n > 10)) return null;
  return parseScale(scoreOnly);
}

export const SLEEP_CHOICES: readonly RoundChoice[] = [
  { id: 'good', label: { en: 'well', 'zh-CN': '好' },
    words: ['good', 'well', 'great', 'fine', 'soundly', 'like a baby', '好', '很好', '不错', '挺好', '睡得香'] },
  { id: 'fair', label: { en: 'fairly well', 'zh-CN': '一般' },
    words: ['fair', 'fairly', 'fairly well', 'so so', 'ok', 'okay', 'alright', 'all right', 'not bad', 'not too bad', 'average',
      '一般', '还行', '还可以', '马马虎虎', '凑合', '还好'] },
  { id: 'poor', label: { en: 'poorly', 'zh-CN': '不好' },
    words: ['poor', 'poorly', 'bad', 'badly', 'not well', 'not good', 'not great', 'terrible', 'terribly', 'awful', 'hardly', 'barely',
      'didnt sleep', 'did not sleep', 'couldnt sleep', 'could not sleep', 'no sleep', 'not much', 'not at all',
      '不好', '不太好', '很差', '差', '没睡', '没睡好', '睡不好', '睡不着', '失眠', '没怎么睡'] },
];

export const MOBILITY_CHOICES: readonly RoundChoice[] = [
  { id: 'own', label: { en: 'on my own', 'zh-CN': '自己走' },
    words: ['on my own', 'by myself', 'myself', 'alone', 'independently', 'on your own', 'without help', 'no help', 'without any help',
      '自己', '自己走', '独立', '不用扶', '不用人扶', '不需要帮助'] },
  { id: 'help', label: { en: 'with help', 'zh-CN': '需要人扶' },
    words: ['with help', 'help', 'helped', 'walker', 'walking frame', 'frame', 'stick', 'cane', 'crutch', 'crutches', 'someone', 'assistance',
      '扶', '帮', '帮忙', '拐杖', '助行器', '搀', '人扶', '有人'] },
  { id: 'bed', label: { en: 'in bed', 'zh-CN': '在床上' },
    words: ['in bed', 'stay in bed', 'staying in bed', 'bedbound', 'bed bound', 'bedridden', 'cant get up', 'cannot get up', 'can not get up',
      'cant walk', 'cannot walk', 'can not walk', 'not walking', 'lying down',
      '床上', '卧床', '下不了床', '起不来', '走不了', '躺着', '不能走'] },
];

const choiceQuestion = (id: RoundQuestionId, text: LocalText, choices: readonly RoundChoice[]): RoundQuestion => ({
  id, kind: 'choice', text, choices, parse: (a) => parseChoice(a, choices), alert: () => null,
});

export const ROUND_QUESTIONS: readonly RoundQuestion[] = [
  {
    id: 'pain',
    kind: 'scale',
    text: {
      en: 'On a scale from 0 to 10, where 0 is no pain and 10 is the worst pain you can imagine, how much pain do you have now?',
      'zh-CN': '如果用0到10分表示疼痛，0分是不痛，10分是您能想到的最痛，您现在有几分痛？',
    },
    parse: parsePain,
    alert: (v) => (typeof v === 'number' && v >= 7
      ? { kind: 'pain_high', severity: v >= 9 ? 'critical' : 'high', text: { en: `pain ${v}/10`, 'zh-CN': `疼痛 ${v}/10` } }
      : null),
  },
  choiceQuestion('sleep', { en: 'How did you sleep last night: well, fairly well, or poorly?', 'zh-CN': '您昨晚睡得怎么样：好、一般，还是不好？' }, SLEEP_CHOICES),
  {
    id: 'nausea',
    kind: 'yes_no',
    text: { en: 'Do you feel sick, as if you might vomit?', 'zh-CN': '您现在有恶心、想吐的感觉吗？' },
    parse: parseYesNo,
    alert: () => null,
  },
  {
    id: 'breathing',
    kind: 'yes_no',
    text: { en: 'Are you short of breath?', 'zh-CN': '您现在觉得气短吗？' },
    parse: parseYesNo,
    alert: (v) => (v === true ? { kind: 'red_flag', severity: 'high', text: { en: 'short of breath', 'zh-CN': '气短' } } : null),
    echoedFlags: ['breathing'],
  },
  choiceQuestion('mobility', {
    en: 'How are you getting about: on your own, with help, or are you staying in bed?',
    'zh-CN': '您现在走动的情况怎么样：能自己走、需要人扶，还是一直在床上？',
  }, MOBILITY_CHOICES),
  {
    id: 'anything_else',
    kind: 'free_text',
    text: { en: 'Is there anything else you would like to tell the nurses?', 'zh-CN': '还有什么想告诉护士的吗？' },
    parse: (a) => {
      const kept = a.trim().slice(0, MAX_KEPT_ANSWER_CHARS);
      return kept === '' ? null : kept;
    },
    alert: () => null,
  },
];

export function roundQuestion(id: RoundQuestionId): RoundQuestion {
  const q = ROUND_QUESTIONS.find((x) => x.id === id);
  if (!q) throw new Error(`no ward-round question "${id}"`);
  return q;
}

/** Names of the red flags for staff, in both languages. */
// Red-flag names live with the red flags (workflows/dialogue/red-flags.ts).
export { redFlagNames } from '../dialogue/red-flags.js';
