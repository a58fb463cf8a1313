// Finding a key point's keywords in a normalised answer, with the simple negation the teach-back
// grading needs: "no chest pain" or "没有胸痛" does not count as naming chest pain.
import { hasHan } from './normalise.js';

/** English words that, directly before a keyword, deny it. */
const EN_NEGATORS = new Set([
  'not', 'no', 'never', 'dont', 'didnt', 'doesnt', 'cannot', 'cant', 'wont', 'isnt', 'arent', 'without', 'nor',
]);
/**
 * Chinese negators, matched right before the keyword with nothing between. "别" is left out on purpose:
 * it ends "特别" ("特别饿", very hungry), which is an answer, not a denial.
 */
const ZH_NEGATORS = ['不', '没', '没有', '不会', '不要', '从不', '从没'];

const LATIN_OR_DIGIT = '[\\p{Script=Latin}\\p{N}]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where an English keyword occurs as whole words; a plain plural ("headaches") counts too. */
function englishOccurrences(text: string, keyword: string): number[] {
  const pattern = new RegExp(`(?<!${LATIN_OR_DIGIT})${escapeRegExp(keyword)}(?:s|es)?(?!${LATIN_OR_DIGIT})`, 'gu');
  return [...text.matchAll(pattern)].map((m) => m.index);
}

function chineseOccurrences(text: string, keyword: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(keyword); at !== -1; at = text.indexOf(keyword, at + 1)) found.push(at);
  return found;
}

/** Whether the words right before `index` deny what follows. */
export function isNegatedAt(text: string, index: number): boolean {
  const before = text.slice(0, index);
  if (ZH_NEGATORS.some((n) => before.endsWith(n))) return true;
  if (!before.endsWith(' ')) return false;
  const previousWord = before.slice(before.lastIndexOf(' ', before.length - 2) + 1, -1);
  return EN_NEGATORS.has(previousWord);
}

/**
 * Where a normalised keyword occurs in a normalised text. Chinese is written without spaces, so a
 * keyword with Chinese characters matches anywhere; any other keyword ("chest pain", "180", also
 * when listed under zh-CN) must stand as whole words, so "180" is not found in "1800".
 */
export function occurrences(text: string, keyword: string): number[] {
  if (keyword === '') return [];
  return hasHan(keyword) ? chineseOccurrences(text, keyword) : englishOccurrences(text, keyword);
}

/** Whether a normalised keyword occurs in a normalised text at least once without a negation before it. */
export function containsKeyword(text: string, keyword: string): boolean {
  return occurrences(text, keyword).some((at) => !isNegatedAt(text, at));
}
