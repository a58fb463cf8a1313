// Patient speech is untrusted text: bounded, normalised the same way everywhere before anything
// looks at it, and never interpreted as an instruction.
const MAX_CHARS = 2_000;

/** Lower case, full-width → half-width, punctuation and control characters → spaces, spaces collapsed. */
export function normalizeSpeech(text: unknown): string {
  const s = typeof text === 'string' ? text.slice(0, MAX_CHARS) : '';
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{C}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The same without any spaces, for matching names and Chinese text. */
export function compact(text: unknown): string {
  return normalizeSpeech(text).replace(/\s+/g, '');
}
