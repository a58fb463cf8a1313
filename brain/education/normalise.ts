// One normal form for what a patient said and for the keywords it is compared with, so that
// "Don’t STOP!", "dont stop" and full-width "ｄｏｎ'ｔ ｓｔｏｐ" all read the same.

/** Longer answers are cut: a spoken answer is a few hundred characters; anything more is noise or abuse. */
export const MAX_ANSWER_CHARS = 2000;

const APOSTROPHES = /['‘’`´]/g;
// Whitespace the recogniser put between Chinese characters means nothing; drop it before punctuation
// becomes spaces, so that punctuation still separates clauses ("不，胸痛" stays two clauses).
const SPACE_BETWEEN_HAN = /(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/** Lower case, half-width, letters and digits only, single spaces; never throws, whatever it is given. */
export function normaliseSpeech(input: unknown): string {
  if (typeof input !== 'string') return '';
  const clamped = input.length > MAX_ANSWER_CHARS ? input.slice(0, MAX_ANSWER_CHARS) : input;
  return clamped
    .normalize('NFKC') // full-width letters, digits and punctuation become their ASCII forms
    .toLowerCase()
    .replace(APOSTROPHES, '') // "don't" → "dont", one word as a speech recogniser would spell it
    .replace(SPACE_BETWEEN_HAN, '')
    .replace(NOT_LETTER_OR_DIGIT, ' ') // punctuation, symbols, emoji, control characters
    .trim();
}

const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

export function hasLatin(text: string): boolean {
  return LATIN.test(text);
}
