// The only texts a dialogue answer may come from: the curated education library, and the lines of
// the patient's own record (conditions, active medication orders). Each passage carries the id that
// staff see beside the answer, so every sentence the robot says can be traced to where it came from.
import type { Condition, MedicationOrder, Patient } from '../../robot/index.js';
import { medicationWords } from '../ward/medication-names.js';
import type { EducationLibrary } from '../education/index.js';
import type { LocalText, Passage } from './types.js';

export interface SourcePassage extends Passage {
  /** The education topic, for passages from the library; null for record lines. */
  topic: Condition | null;
  /** What this passage alone is about (a section's title), for ranking. */
  heading: LocalText;
  /** The title of the passage's topic, for ranking; null for record lines. */
  topicTitle: LocalText | null;
}

/** Condition names as a patient hears them (the library titles are lesson titles, not names). */
export const CONDITION_NAMES: Readonly<Record<Condition, LocalText>> = {
  diabetes: { en: 'diabetes', 'zh-CN': '糖尿病' },
  hypertension: { en: 'high blood pressure', 'zh-CN': '高血压' },
  heart_failure: { en: 'heart failure', 'zh-CN': '心力衰竭' },
  post_operative: { en: 'recovery after an operation', 'zh-CN': '术后恢复' },
  fall_prevention: { en: 'a risk of falls', 'zh-CN': '跌倒风险' },
  inhaler_use: { en: 'using an inhaler', 'zh-CN': '使用吸入器' },
  insulin_use: { en: 'using insulin', 'zh-CN': '使用胰岛素' },
};

export function libraryPassages(library: EducationLibrary): SourcePassage[] {
  return library.topics().flatMap((topic) => topic.sections.map((section) => ({
    id: `education:${topic.topic}@${topic.version}#${section.id}`,
    title: { en: `${topic.title.en}: ${section.title.en}`, 'zh-CN': `${topic.title['zh-CN']}：${section.title['zh-CN']}` },
    text: section.text,
    topic: topic.topic,
    heading: section.title,
    topicTitle: topic.title,
  })));
}

/** Only orders in force: a stopped or completed order is not "your medicine" any more. */
export function activeOrders(orders: readonly MedicationOrder[], patient: Patient): MedicationOrder[] {
  return orders.filter((o) => o.status === 'active' && o.patient === patient.recordNumber);
}

export function orderPassage(order: MedicationOrder): SourcePassage {
  const { display } = order.medication;
  return {
    id: `record:order:${order.id}`,
    title: { en: `Medication order ${order.id}`, 'zh-CN': `医嘱 ${order.id}` },
    // The record is written in English; the Chinese line says so rather than pretend to translate a dose.
    text: { en: `${display}, ${order.dosage}`, 'zh-CN': `${display}，用法（病历原文）：${order.dosage}` },
    topic: null,
    heading: { en: `my medicine ${display}`, 'zh-CN': `我的药 ${display}` },
    topicTitle: null,
  };
}

export function conditionsPassage(patient: Patient): SourcePassage | null {
  if (patient.conditions.length === 0) return null;
  const names = (lang: 'en' | 'zh-CN') => patient.conditions.map((c) => CONDITION_NAMES[c][lang]);
  return {
    id: 'record:conditions',
    title: { en: 'Conditions in the patient record', 'zh-CN': '病历中的病情' },
    text: { en: `Your record lists ${names('en').join(', ')}.`, 'zh-CN': `您的病历记录有：${names('zh-CN').join('、')}。` },
    topic: null,
    heading: { en: 'my conditions', 'zh-CN': '我的病情' },
    topicTitle: null,
  };
}

/** The patient's own record as passages: conditions first, then each active order. */
export function recordPassages(patient: Patient, orders: readonly MedicationOrder[]): SourcePassage[] {
  const conditions = conditionsPassage(patient);
  return [...(conditions ? [conditions] : []), ...activeOrders(orders, patient).map(orderPassage)];
}

/** Names a patient may use for their medicines ("metformin", "humulin"), lower case. */
export function medicineNames(orders: readonly MedicationOrder[]): string[] {
  const names = new Set<string>();
  for (const o of orders) {
    for (const word of medicationWords(o.medication.display)) names.add(word);
  }
  return [...names];
}
