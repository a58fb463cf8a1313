// Picking one of a few choices from free speech. Longer phrases win over the shorter words inside
// them ("not good" is poor sleep, not good sleep; "不用人扶" walks alone, not with help), so each
// phrase, longest first, blanks out what it matched before shorter ones are tried.
import { compact, normaliseSpeech } from '../dialogue/normalize.js';

export interface ChoiceWords {
  id: string;
  /** Phrases that pick this choice: English as normalised words, Chinese as substrings. */
  words: readonly string[];
}

const CJK = /[\u4e00-\u9fff]/;

/** The one choice the answer names; null when it names none or more than one. */
export function parseChoiceWords(answer: string, choices: readonly ChoiceWords[]): string | null {
  let en = ` ${normaliseSpeech(answer)} `;
  let zh = compact(answer);
  const phrases = choices
    .flatMap((c) => c.words.map((w) => ({ id: c.id, cjk: CJK.test(w), word: CJK.test(w) ? w : normaliseSpeech(w) })))
    .filter((p) => p.word !== '')
    .sort((a, b) => b.word.length - a.word.length);
  const found = new Set<string>();
  for (const p of phrases) {
    if (p.cjk) {
      if (!zh.includes(p.word)) continue;
      zh = zh.split(p.word).join('|');
    } else {
      const needle = ` ${p.word} `;
      if (!en.includes(needle)) continue;
      // Keep the surrounding spaces so the next word still starts at a boundary.
      en = en.split(needle).join(' | ');
    }
    found.add(p.id);
  }
  return found.size === 1 ? [...found][0]! : null;
}
