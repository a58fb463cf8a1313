// What the screen offers for each kind of question, and what a touch sends: the answer as the
// patient would say it, in the question's language, so the brain reads it like speech
// ("7", "是" / "yes", a choice's own words). There is deliberately no "I don't know" button: the
// brain's yes/no reading takes "I don't know" / "不知道" for a "no" (the negation in it), and a
// patient who is unsure can simply not touch anything: the robot asks again, then records it unclear.
import { inLanguage, WORDS, type Lang, type Words } from './words.js';

export type QuestionKind = 'free_text' | 'scale' | 'yes_no' | 'choice';

export interface ScreenQuestion {
  id: string;
  text: string;
  language: Lang;
  kind: QuestionKind;
  choices: string[];
  listening: boolean;
}

export interface ScreenState {
  robot: string;
  saying: { text: string; language: Lang } | null;
  question: ScreenQuestion | null;
  nurse_called: boolean;
}

export type AnswerLabel = { bilingual: Words } | { text: string; lang: Lang };

export interface AnswerOption {
  /** What is sent to the brain as the patient's words. */
  send: string;
  label: AnswerLabel;
  /** For styling: a scale point, yes, no, a choice, or one of the answers every question has. */
  role: 'scale' | 'yes' | 'no' | 'choice' | 'extra';
}

/** The touch answers for `q`, in the order they are shown. */
export function answerOptions(q: ScreenQuestion): AnswerOption[] {
  const lang = q.language;
  const word = (key: 'yes' | 'no' | 'nothingMore', role: AnswerOption['role']): AnswerOption => ({
    send: key === 'yes' ? (lang === 'zh-CN' ? '是' : 'yes') : key === 'no' ? (lang === 'zh-CN' ? '否' : 'no') : inLanguage(key, lang),
    label: { bilingual: WORDS[key] }, role,
  });
  switch (q.kind) {
    case 'scale':
      return Array.from({ length: 11 }, (_, n) => ({ send: String(n), label: { text: String(n), lang }, role: 'scale' as const }));
    case 'yes_no':
      return [word('yes', 'yes'), word('no', 'no')];
    case 'choice':
      return q.choices.map((c) => ({ send: c, label: { text: c, lang }, role: 'choice' as const }));
    case 'free_text':
      return [word('nothingMore', 'extra')];
  }
}

/** The robot and screen token from the tablet's URL fragment (`#robot=robot_1&token=…`), or null. */
export function pairingFromHash(hash: string): { robot: string; token: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const robot = params.get('robot')?.trim() ?? '';
  const token = params.get('token')?.trim() ?? '';
  return robot && token ? { robot, token } : null;
}

const LANGS: readonly string[] = ['zh-CN', 'en'];
const KINDS: readonly string[] = ['free_text', 'scale', 'yes_no', 'choice'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The brain's screen state, checked: anything malformed is dropped rather than shown half. */
export function toScreenState(v: unknown): ScreenState | null {
  if (!isObject(v) || typeof v.robot !== 'string' || typeof v.nurse_called !== 'boolean') return null;
  let saying: ScreenState['saying'] = null;
  if (v.saying !== null) {
    const s = v.saying;
    if (!isObject(s) || typeof s.text !== 'string' || !LANGS.includes(s.language as string)) return null;
    saying = { text: s.text, language: s.language as Lang };
  }
  let question: ScreenQuestion | null = null;
  if (v.question !== null) {
    const q = v.question;
    if (!isObject(q) || typeof q.id !== 'string' || typeof q.text !== 'string' || !LANGS.includes(q.language as string)
      || !KINDS.includes(q.kind as string) || !Array.isArray(q.choices) || !q.choices.every((c) => typeof c === 'string')
      || typeof q.listening !== 'boolean') return null;
    question = { id: q.id, text: q.text, language: q.language as Lang, kind: q.kind as QuestionKind, choices: [...q.choices as string[]], listening: q.listening };
  }
  return { robot: v.robot, saying, question, nurse_called: v.nurse_called };
}
