// Words that call a nurse at once, whatever the robot was doing (DESIGN.md safety rules). This is
// the one list: ward rounds, teach-back and patient dialogue all read it.
//
// English patterns run on normalised speech (lower case, "can't" → "cant", punctuation → space);
// Chinese ones on the same text without spaces. The list errs towards alerting: a nurse who comes
// for nothing costs minutes, a missed fall or chest pain can cost a life. The few exclusions below
// are phrases patients say every day that only look like red flags ("blood pressure", "fall
// asleep", "I don't want to die", "预防跌倒").
import type { Language } from '../../../robot/index.js';
import { compact, normaliseSpeech } from './normalize.js';

export const RED_FLAG_IDS = ['chest_pain', 'breathing', 'fall', 'bleeding', 'suicide', 'confusion'] as const;
export type RedFlagId = (typeof RED_FLAG_IDS)[number];

export interface RedFlag {
  id: RedFlagId;
  /** How urgently a nurse must come when it is heard outside a workflow (patient dialogue). */
  severity: 'critical' | 'high';
  /** What staff read in an alert. */
  name: Readonly<Record<Language, string>>;
  en: RegExp;
  zh: RegExp;
}

// "blood" alone is bleeding, but not in the everyday compounds a patient asks about.
const BLOOD_COMPOUND = '(?! (sugar|sugars|pressure|pressures|test|tests|glucose|reading|readings|level|levels|sample|samples|thinner|thinners|count|counts|result|results|transfusion))';

export const RED_FLAGS: readonly RedFlag[] = [
  {
    id: 'chest_pain', severity: 'critical', name: { en: 'chest pain', 'zh-CN': '胸痛' },
    en: /(?<!\b(no|not|without|never) )\bchest (pain|pains|hurts?|hurting|tight|tightness|feels tight|pressure)\b|\b(pain|tightness|pressure|crushing) in (my|the) chest\b|\bheart attack\b|\bangina\b/,
    zh: /胸(口|部)?(痛|疼|闷|发紧|压得)|心口(痛|疼)|心绞痛|心脏病发/,
  },
  {
    id: 'breathing', severity: 'critical', name: { en: 'difficulty breathing', 'zh-CN': '呼吸困难' },
    en: /\b(can ?not|cant|struggling to|hard to|unable to) (breathe|breathing)\b|(?<!\b(no|any|without) )\b(trouble|difficulty) (breathing|to breathe)\b|\b(cant|cannot|can not) (catch|get) my breath\b|(?<!\b(not|never) )\bshort of breath\b|\bout of breath\b|\bbreathless\b|\bchoking\b|\bsuffocating\b/,
    zh: /喘不(过|上)气|上不来气|气(喘|透)不(过来|上来)|呼吸困难|呼吸不了|没法呼吸|透不过气|憋气|憋得慌|憋死/,
  },
  {
    id: 'fall', severity: 'high', name: { en: 'a fall', 'zh-CN': '跌倒' },
    en: /\bfell(?! asleep)\b|\bfallen(?! asleep)\b|\b(had|have had|took) a fall\b|\bfall(ing)? (down|over|out of)\b|\btripped\b|\bslipped(?! my mind)\b|\bon the floor and cant get up\b/,
    zh: /摔(倒|了|跤|下)|(?<!防)跌倒|跌(了)?一跤|滑倒|从床上(掉|摔|滚)下/,
  },
  {
    id: 'bleeding', severity: 'critical', name: { en: 'bleeding', 'zh-CN': '出血' },
    en: new RegExp(`\\bbleed(s|ing)?\\b|\\bbled\\b|\\bblood\\b${BLOOD_COMPOUND}|\\bbloody\\b`),
    zh: /出血|流血|吐血|便血|咳血|咯血|尿血|渗血|血流不止/,
  },
  {
    id: 'suicide', severity: 'critical', name: { en: 'thoughts of suicide', 'zh-CN': '自杀念头' },
    en: /\bsuicid\w*|\bkill myself\b|\bend my life\b|\bend it all\b|\btake my (own )?life\b|(?<!dont |do not |never )\bwant to die\b|\bdont want to (live|be alive)\b|\bwish i (was|were) dead\b|\bbetter off dead\b|\bno reason to live\b|\b(hurt|harm) myself\b/,
    zh: /自杀|不想活|(?<!不)想死|轻生|活不下去|活着没(有)?意思|了结自己|结束(自己的)?生命|寻死|伤害自己/,
  },
  {
    // Said about oneself, now: a teach-back answer listing "confused" among low-sugar signs is not it.
    id: 'confusion', severity: 'high', name: { en: 'sudden confusion', 'zh-CN': '意识混乱' },
    en: /\b(i am|im|i feel|i m|feeling|i got) (so |very |really |a bit |a little |all |totally )?(confused|muddled|disoriented|mixed up)\b(?! (about|by|with|why|what|how|which|when))|\b(dont|do not) know where i am\b|\bwhere am i\b|\b(dont|do not) know (what day it is|who i am)\b|\bcant think (straight|clearly)\b/,
    zh: /(我|脑子|脑袋)(有点|有些|好|很|都|现在)?(犯)?(糊涂|迷糊|发懵)(了)?(?!这|那|为什么|怎么|什么)|脑(子|袋)(有点|很)?乱|糊里糊涂|不知道(自己|我)?(现在)?在哪|我(现在)?在哪(里|儿)?(啊|呀|呢)?$|这是哪(里|儿)(啊|呀|呢)?$|不知道我是谁/,
  },
];

const BY_ID = new Map(RED_FLAGS.map((f) => [f.id, f]));

export function redFlag(id: RedFlagId): RedFlag {
  return BY_ID.get(id) as RedFlag;
}

/** How urgent an alert for these flags is: critical when any of them is. */
export function redFlagSeverity(ids: readonly string[]): RedFlag['severity'] {
  return ids.some((id) => BY_ID.get(id as RedFlagId)?.severity === 'critical') ? 'critical' : 'high';
}

/** The flags as staff read them, in one language ("chest pain, a fall"). */
export function redFlagNames(ids: readonly string[], lang: 'en' | 'zh-CN'): string {
  return ids.map((id) => BY_ID.get(id as RedFlagId)?.name[lang] ?? id).join(lang === 'en' ? ', ' : '、');
}

/** Ids of the red flags the utterance raises, in either language, in the order of RED_FLAGS. */
export function redFlags(utterance: string): RedFlagId[] {
  const en = normaliseSpeech(utterance);
  const zh = compact(utterance);
  return RED_FLAGS.filter((f) => f.en.test(en) || f.zh.test(zh)).map((f) => f.id);
}
