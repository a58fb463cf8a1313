// What an unscripted simulated patient says: plausible, in the patient's own language, and
// predictable enough that a test can drive the brain's happy path without scripting anything.
import { AskKind, type Patient } from '../../robot/index.js';
import type { HeardQuestion, SpokenAnswer } from './types.js';

/** The question id under which the brain asks a patient to state name and birth date. */
export const IDENTITY_QUESTION = 'identity';

export function defaultAnswer(patient: Patient, q: HeardQuestion): SpokenAnswer {
  const zh = patient.language === 'zh-CN';
  const say = (en: string, zhText: string): SpokenAnswer => (zh ? { text: zhText, language: 'zh-CN' } : { text: en, language: 'en' });
  if (q.questionId === IDENTITY_QUESTION) return say(`${patient.name}, born ${patient.birthDate}`, chineseIdentity(patient));
  switch (q.kind) {
    case AskKind.KIND_SCALE:
      return say('2', '2');
    case AskKind.KIND_YES_NO:
      return say('no', '不是');
    case AskKind.KIND_CHOICE: {
      const first = q.choices[0];
      if (first !== undefined) return { text: first, language: patient.language };
      break;
    }
    default:
      break;
  }
  return say('nothing else, thank you', '没有了，谢谢');
}

/** "我叫王芳，1956年3月2日出生": the Chinese spelling of the name when the record has one. */
export function chineseIdentity(patient: Patient): string {
  const name = patient.otherNames[0] ?? patient.name;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(patient.birthDate);
  const date = m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : patient.birthDate;
  return `我叫${name}，${date}出生`;
}
