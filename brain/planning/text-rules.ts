// Reads a staff request in plain English or Chinese with rules, no model: which beds, patients and
// places it names, what is asked (a delivery, a lesson, a round, a trip), which medication, and
// when. What it cannot place is left out; the planner says what it did not understand.
import { CONDITIONS, LANGUAGES, type Condition, type Language, type MedicationOrder, type Patient, type Place, type WardMap } from '../../robot/index.js';
import { compact, normaliseSpeech } from '../workflows/dialogue/normalize.js';
import { medicationWordsIn } from '../ward/medication-names.js';

export type Intent = 'medication_delivery' | 'health_education' | 'ward_round' | 'go_to_place';

export interface ReadRequest {
  language: Language;
  /** What is asked, in the order the request says it. */
  intents: { intent: Intent; at: number; words: string }[];
  beds: string[];
  /** Beds the request names that the ward does not have. */
  unknownBeds: string[];
  patients: Patient[];
  places: Place[];
  medications: string[];
  topics: Condition[];
  /** "HH:MM" local, or null for now. */
  startAfter: string | null;
}

const INTENT_WORDS: Record<Intent, { en: RegExp; zh: RegExp }> = {
  medication_delivery: {
    en: /\b(take|bring|deliver|give|drop off|carry|send)\b[^.]*\b(med\w*|drugs?|tablets?|pills?|insulin|dose)\b|\bmedication delivery\b|\b(take|bring|deliver)\b\s+\w+\s+\w+s\b/,
    zh: /送药|发药|送.{0,8}药|把.{0,10}药.{0,6}(送|拿|带)|(送|拿|带).{0,6}(胰岛素|药)/,
  },
  health_education: {
    en: /\b(teach|show|explain|educat\w*|go over|remind|demonstrate|train)\b/,
    zh: /讲解|宣教|教|演示|示范|复习|讲一讲|讲讲|指导/,
  },
  ward_round: {
    en: /\b(ward round|round|check on|check how|see how)\b/,
    zh: /查房|巡房|巡视|问问.{0,6}(感觉|情况)/,
  },
  go_to_place: {
    en: /\b(go|drive|move|head|send \w+)\s+(back\s+)?to\b/,
    zh: /(去|到|回)(一下)?[^，。]{0,8}(药房|护士站|充电|床|停)/,
  },
};

const TOPIC_WORDS: Record<Condition, { en: RegExp; zh: RegExp }> = {
  insulin_use: { en: /\b(insulin|pen|injection|inject)\b/, zh: /胰岛素|笔|注射/ },
  inhaler_use: { en: /\b(inhaler|puffer|spacer)\b/, zh: /吸入/ },
  diabetes: { en: /\b(diabetes|blood sugar|glucose)\b/, zh: /糖尿病|血糖/ },
  hypertension: { en: /\b(blood pressure|hypertension)\b/, zh: /高血压|血压/ },
  heart_failure: { en: /\bheart failure\b/, zh: /心衰|心力衰竭/ },
  post_operative: { en: /\b(wound|surgery|operation|post ?op\w*)\b/, zh: /术后|伤口|手术/ },
  fall_prevention: { en: /\b(falls?|falling)\b/, zh: /跌倒|摔倒|防跌/ },
};

/** Times of day people say, as the local time a task may start. */
const TIMES: { en: RegExp; zh: RegExp; at: string }[] = [
  { en: /\bafter lunch\b/, zh: /午饭后|午餐后|吃完午饭/, at: '13:00' },
  { en: /\b(this )?afternoon\b/, zh: /下午/, at: '14:00' },
  { en: /\b(this )?evening\b|\bafter dinner\b/, zh: /晚上|晚饭后/, at: '18:00' },
  { en: /\b(tomorrow )?morning\b/, zh: /上午|早上|明早/, at: '09:00' },
];

export function detectLanguage(text: string): Language {
  return /[\u4e00-\u9fff]/.test(text) ? 'zh-CN' : (LANGUAGES.includes('en') ? 'en' : LANGUAGES[0]);
}

export function readRequest(text: string, ward: WardMap, patients: readonly Patient[], orders: readonly MedicationOrder[]): ReadRequest {
  const language = detectLanguage(text);
  const en = normaliseSpeech(text);
  const zh = compact(text);

  const intents: ReadRequest['intents'] = [];
  for (const [intent, words] of Object.entries(INTENT_WORDS) as [Intent, { en: RegExp; zh: RegExp }][]) {
    const m = words.en.exec(en) ?? words.zh.exec(zh);
    if (m) intents.push({ intent, at: m.index, words: m[0] });
  }
  intents.sort((a, b) => a.at - b.at);

  const beds = new Set<string>();
  for (const m of en.matchAll(/\bbeds?\s*(\d+)((?:\s*(?:and|to|,)?\s*\d+)*)/g)) {
    const nums = [m[1]!, ...(m[2] ?? '').match(/\d+/g) ?? []];
    if (/\bto\b/.test(m[2] ?? '') && nums.length === 2) for (let n = Number(nums[0]); n <= Number(nums[1]); n++) beds.add(`bed_${n}`);
    else nums.forEach((n) => beds.add(`bed_${n}`));
  }
  for (const m of zh.matchAll(/(\d+)(?:号)?床/g)) beds.add(`bed_${m[1]}`);
  const knownBeds = [...beds].filter((b) => ward.places.some((p) => p.name === b && p.kind === 'bed'));

  const named = patients.filter((p) => [p.name, ...p.otherNames].some((n) => {
    const c = compact(n);
    return c.length >= 2 && zh.includes(c);
  }));
  const inBeds = knownBeds.map((b) => patients.find((p) => p.bed === b)).filter((p): p is Patient => !!p);
  const who = [...new Map([...inBeds, ...named].map((p) => [p.recordNumber, p])).values()];

  const places = ward.places.filter((p) => p.kind !== 'bed' && (
    new RegExp(`\\b${normaliseSpeech(p.name.replace(/_/g, ' '))}\\b`).test(en) || new RegExp(`\\b${normaliseSpeech(p.label.en)}\\b`).test(en)
    || (compact(p.label['zh-CN']).length >= 2 && zh.includes(compact(p.label['zh-CN'])))
    || (p.kind === 'pharmacy' && (/\bpharmacy\b/.test(en) || zh.includes('药房')))
    || (p.kind === 'nurse_station' && (/\bnurse station\b|\bnurses station\b/.test(en) || zh.includes('护士站')))
  ));

  // Any medication name the ward knows (on any order, or a common drug name), so that one asked
  // for without an order for this patient is caught by the validator rather than dropped here.
  const medications = medicationWordsIn(text, orders);

  // "bring the morphine to bed 3": a named medication with a verb of carrying is a delivery too.
  const carry = /\b(take|bring|deliver|give|carry|send)\b/.exec(en) ?? /(送|拿|带)/.exec(zh);
  if (medications.length && carry && !intents.some((i) => i.intent === 'medication_delivery')) {
    intents.push({ intent: 'medication_delivery', at: carry.index, words: `${carry[0]} … ${medications[0]}` });
    intents.sort((a, b) => a.at - b.at);
  }

  const topics = CONDITIONS.filter((c) => TOPIC_WORDS[c].en.test(en) || TOPIC_WORDS[c].zh.test(zh));

  let startAfter: string | null = null;
  const clock = /\b(?:at|after|from)\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\b/.exec(en) ?? /(下午|晚上)?(\d{1,2})[点:：](\d{2}|半)?/.exec(zh);
  if (clock) {
    let hour: number;
    let minute: number;
    if (clock[0]!.match(/^(at|after|from)/)) {
      hour = Number(clock[1]);
      minute = Number(clock[2] ?? 0);
      if (clock[3] === 'pm' && hour < 12) hour += 12;
      if (clock[3] === 'am' && hour === 12) hour = 0;
    } else {
      hour = Number(clock[2]);
      minute = clock[3] === '半' ? 30 : Number(clock[3] ?? 0);
      if (clock[1] && hour < 12) hour += 12;
    }
    if (hour <= 23 && minute <= 59) startAfter = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  }
  if (!startAfter) startAfter = TIMES.find((t) => t.en.test(en) || t.zh.test(zh))?.at ?? null;

  return { language, intents, beds: knownBeds, unknownBeds: [...beds].filter((b) => !knownBeds.includes(b)), patients: who, places, medications, topics, startAfter };
}
