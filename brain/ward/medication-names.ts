// Does what someone called a medication ("insulin", "the metformin", "胰岛素") name this order's
// medication? Word-level, both ways round, so "insulin glargine" matches "insulin" and back, but
// "morphine" never matches "metformin".
import type { MedicationOrder } from '../../robot/index.js';
import { normaliseSpeech } from '../workflows/dialogue/normalize.js';

/** Chinese names of common ward medications, for requests spoken in Chinese. */
const ZH_NAMES: Record<string, string[]> = {
  insulin: ['胰岛素'], metformin: ['二甲双胍'], morphine: ['吗啡'], paracetamol: ['对乙酰氨基酚', '扑热息痛'],
  amoxicillin: ['阿莫西林'], aspirin: ['阿司匹林'], furosemide: ['呋塞米', '速尿'], warfarin: ['华法林'],
  oxycodone: ['羟考酮'], heparin: ['肝素'], salbutamol: ['沙丁胺醇'], amlodipine: ['氨氯地平'],
  atorvastatin: ['阿托伐他汀'], omeprazole: ['奥美拉唑'], ondansetron: ['昂丹司琼'], tramadol: ['曲马多'],
  lisinopril: ['赖诺普利'], enoxaparin: ['依诺肝素'], prednisolone: ['泼尼松龙'], fentanyl: ['芬太尼'],
  acetaminophen: ['对乙酰氨基酚', '扑热息痛'], albuterol: ['沙丁胺醇'], prednisone: ['泼尼松'], losartan: ['氯沙坦'],
  fluticasone: ['氟替卡松'], salmeterol: ['沙美特罗'], sacubitril: ['沙库巴曲'], valsartan: ['缬沙坦'], digoxin: ['地高辛'],
  diazepam: ['地西泮', '安定'], clonazepam: ['氯硝西泮'], simvastatin: ['辛伐他汀'], levothyroxine: ['左甲状腺素'],
  carvedilol: ['卡维地洛'], canagliflozin: ['卡格列净'], cefuroxime: ['头孢呋辛'], hydrocodone: ['氢可酮'],
  hydrochlorothiazide: ['氢氯噻嗪'], ferrous: ['硫酸亚铁', '铁剂'], lispro: ['赖脯胰岛素'],
};
// Words of a product name that say its form, salt or packaging, not what it is.
const FORM_WORDS = new Set([
  'oral', 'tablet', 'tablets', 'capsule', 'capsules', 'extended', 'release', 'delayed', 'hydrochloride', 'sodium', 'sulfate',
  'potassium', 'bitartrate', 'propionate', 'injectable', 'injection', 'suspension', 'solution', 'human', 'regular', 'isophane',
  'inhalation', 'powder', 'metered', 'dose', 'inhaler', 'topical', 'cream', 'film', 'coated', 'chewable', 'unit', 'units',
  'actuat', 'abuse', 'deterrent', 'medication', 'medicine',
]);

/** The words of a medication's name that say what it is ("metformin", "humulin"), lower case. */
export function medicationWords(display: string): string[] {
  return (display.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length >= 4 && !FORM_WORDS.has(w));
}

const words = (s: string) => medicationWords(normaliseSpeech(s));

export function medicationMatches(said: string, medication: MedicationOrder['medication']): boolean {
  const s = said.trim();
  if (!s) return false;
  const orderWords = words(`${medication.display} ${medication.code}`);
  if (/[\u4e00-\u9fff]/.test(s)) {
    return orderWords.some((w) => (ZH_NAMES[w] ?? []).some((zh) => s.includes(zh) || zh.includes(s)));
  }
  const saidWords = words(s);
  return saidWords.length > 0 && saidWords.some((w) => orderWords.includes(w));
}

/** Medication names the text mentions: words of the orders' product names, and common drug names in either language. */
export function medicationWordsIn(text: string, orders: readonly MedicationOrder[]): string[] {
  const said = normaliseSpeech(text);
  const found = new Set<string>();
  const known = new Set([...orders.flatMap((o) => words(o.medication.display)), ...Object.keys(ZH_NAMES)]);
  for (const w of known) {
    if (new RegExp(`\\b${w}\\b`).test(said)) found.add(w);
    const zh = (ZH_NAMES[w] ?? []).find((z) => text.includes(z));
    if (zh) found.add(zh);
  }
  return [...found];
}
