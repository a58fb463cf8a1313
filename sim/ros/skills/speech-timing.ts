// How long the robot's text to speech takes to say a sentence, in sim seconds.
import type { Language } from '../../../robot/index.js';

/** Characters spoken per second: a Chinese character is a syllable, an English letter is not. */
export const SPEECH_CHARS_PER_S: Record<Language, number> = { 'zh-CN': 4, en: 14 };
export const MIN_SPEECH_S = 1;

export function speechSeconds(text: string, language: Language): number {
  const chars = [...text.trim()].length;
  return Math.max(MIN_SPEECH_S, chars / SPEECH_CHARS_PER_S[language]);
}
