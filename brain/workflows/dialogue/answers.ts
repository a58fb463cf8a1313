// Reading a patient's spoken (or touched) answer to a structured question, in English or Chinese.
// Anything not clearly understood is `null`: recorded as unclear, never guessed.
import { saysDontKnow } from '../../education/index.js';
import { compact, normaliseSpeech } from './normalize.js';

const EN_NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const ZH_NUMBERS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** A whole number from 0 to 10 ("7", "seven", "七分", "about 6 out of 10" → 6). */
export function parseScale(answer: string): number | null {
  const text = normaliseSpeech(answer);
  // "6 out of 10" / "6/10": the first number is the score.
  const digits = text.match(/\b(10|[0-9])\b/);
  if (digits) return Number(digits[1]);
  for (const [i, word] of EN_NUMBERS.entries()) {
    if (new RegExp(`\\b${word}\\b`).test(text)) return i;
  }
  const zh = compact(answer).match(/(十|[零〇一二两三四五六七八九])(?:分|级)?/);
  if (zh && zh[1] !== undefined) return ZH_NUMBERS[zh[1]] ?? null;
  if (/\b(no pain|none|not at all)\b/.test(text) || /不痛|不疼|没有痛|没有疼|不疼了/.test(compact(answer))) return 0;
  return null;
}

const YES_EN = /\b(yes|yeah|yep|i do|i am|i have|a bit|a little|sometimes)\b/;
const NO_EN = /\b(no|nope|not|never|none|dont|do not|havent|am not|isnt)\b/;
const YES_ZH = /是|有|对|嗯|会|一点/;
const NO_ZH = /不|没|无|否/;

// "I don't know" contains "don't", and 不知道 contains 不: read as "no" they would record a patient's
// uncertainty as a denial (no shortness of breath). Uncertainty is unclear, and the robot asks again.
// The don't-know phrases are teach-back's; hedges are added here.
const HEDGE_EN = /\b(unsure|maybe|perhaps|cant say|cannot say|cant tell|cannot tell|hard to say|not certain)\b/;
const HEDGE_ZH = /说不清|说不好|不好说|也许|可能吧|或许/;

/** Yes, no, or null when the answer says neither, both, or that the patient is unsure. */
export function parseYesNo(answer: string): boolean | null {
  const text = normaliseSpeech(answer);
  const zh = compact(answer);
  if (saysDontKnow(text) || HEDGE_EN.test(text) || HEDGE_ZH.test(zh)) return null;
  const no = NO_EN.test(text) || NO_ZH.test(zh);
  const yes = YES_EN.test(text) || (YES_ZH.test(zh) && !/没有|不是/.test(zh));
  if (no && !yes) return false;
  if (yes && !no) return true;
  // "没有" contains 有: a Chinese denial wins over the 有 inside it.
  if (/没有|没|不/.test(zh) && !YES_EN.test(text)) return false;
  return null;
}

export interface Choice {
  id: string;
  /** Phrases that pick this choice: English as normalised words, Chinese as substrings. */
  words: readonly string[];
}

const CJK = /[\u4e00-\u9fff]/;

/**
 * The one choice the answer names; null when it names none or more than one. Longer phrases win
 * over the shorter words inside them ("not good" is poor sleep, not good sleep; "不用人扶" walks
 * alone, not with help), so each phrase, longest first, blanks out what it matched before shorter
 * ones are tried.
 */
export function parseChoice(answer: string, choices: readonly Choice[]): string | null {
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
