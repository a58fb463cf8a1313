// Grading a teach-back answer: did the patient, in their own words, say the key points back?
// The answer is recognised speech, so it is untrusted: anything at all may arrive, and grading
// must neither throw nor take long on it.
import type { Language } from '../../robot/index.js';
import { containsKeyword, occurrences } from './keyword-match.js';
import { normaliseSpeech } from './normalise.js';
import type { KeyPoint, TeachBackQuestion } from './types.js';

export interface TeachBackGrade {
  understood: boolean;
  /** Ids of the key points the answer contains, in the question's order. */
  matched: string[];
  /** Ids of the key points it does not contain. */
  missing: string[];
}

/**
 * Phrases that say the patient does not know. Any of them makes the answer "not understood" even when
 * some key points were named: a patient who is unsure is taught again, which costs a minute, while
 * wrongly recording understanding could cost their safety.
 */
const DONT_KNOW: readonly string[] = [
  'dont know', 'do not know', 'didnt know', 'no idea', 'not sure', 'no clue', 'dunno', 'dont remember',
  'do not remember', 'cant remember', 'cannot remember', 'i forgot', 'i forget', 'dont understand',
  'do not understand', 'didnt understand',
  '不知道', '不清楚', '不记得', '记不得', '记不清', '想不起来', '我忘了', '我忘记了', '不太懂', '不懂', '不明白',
  '没听懂', '没记住', '不确定', '说不上来',
].map(normaliseSpeech);

/** Whether the (normalised) answer says the patient does not know, is unsure, or did not understand. */
export function saysDontKnow(answer: string): boolean {
  return DONT_KNOW.some((phrase) => occurrences(answer, phrase).length > 0);
}

function names(answer: string, point: KeyPoint, languages: readonly Language[]): boolean {
  return languages.some((language) => point[language].some((keyword) => containsKeyword(answer, normaliseSpeech(keyword))));
}

/**
 * Grades `answer` against `question`. `language` is the one the question was asked in; its keywords
 * are tried first, then the other language's, because patients mix ("我会 shake 一下").
 */
export function gradeTeachBack(question: TeachBackQuestion, answer: string, language: Language): TeachBackGrade {
  const text = normaliseSpeech(answer);
  const languages: readonly Language[] = language === 'en' ? ['en', 'zh-CN'] : ['zh-CN', 'en'];
  const matched: string[] = [];
  const missing: string[] = [];
  for (const point of question.keyPoints) (names(text, point, languages) ? matched : missing).push(point.id);
  const understood = text !== '' && !saysDontKnow(text) && matched.length >= question.pass;
  return { understood, matched, missing };
}
