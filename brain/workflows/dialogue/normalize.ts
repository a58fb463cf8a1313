// Patient speech is untrusted text: bounded, normalised the same way everywhere before anything
// looks at it, and never interpreted as an instruction. The one normal form lives with the
// education library (teach-back grading uses it too); "don't" reads "dont", punctuation is a space.
import { normaliseSpeech } from '../../education/normalise.js';

export { normaliseSpeech };

/** The same without any spaces, for matching names and Chinese text. */
export function compact(text: unknown): string {
  return normaliseSpeech(text).replace(/\s+/g, '');
}
