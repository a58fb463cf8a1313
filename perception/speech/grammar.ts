// The grammar for one question (JSGF-style rules compiled to a pocketsphinx FSG), built from what the
// robot expects (the hint): the ward round's answers of that kind, the choices offered, and always the
// red flags, calls for a nurse and "I don't know". A choice with a word the dictionary lacks is left out and named, never passed to pocketsphinx
// (which would refuse the whole grammar).
import { compileFsg, type OtherSpeech } from './fsg.js';
import type { PronunciationDictionary } from './pronunciations.js';
import { SpeechConfigError, type RecognitionHint } from './recognizer.js';
import { QUESTION_RULES, WARD_RULES } from './ward-phrases.js';

export interface BuiltGrammar {
  /** The grammar as a pocketsphinx FSG file. */
  fsg: string;
  /** Every word the grammar uses (all in the dictionary, or phones of the something-else branch). */
  words: ReadonlySet<string>;
  /** Choices left out, with the words the dictionary lacks. */
  skipped: readonly { choice: string; unknown: readonly string[] }[];
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const RULE_REF = /<[a-z_]+>/g;
const WORD = /[a-z][a-z']*/g;

/** A choice as words pocketsphinx can match: lower case, "so-so" → "so so", "2" → "two", no punctuation. */
export function choiceWords(choice: string): string[] {
  return choice
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/\b(10|[0-9])\b/g, (d) => NUMBER_WORDS[Number(d)]!)
    .replace(/[^a-z0-9']+/g, ' ')
    .split(' ')
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter(Boolean);
}

/** The words of a JSGF expression (rule references and operators left out). */
export function expressionWords(expr: string): string[] {
  return expr.replace(RULE_REF, ' ').match(WORD) ?? [];
}

/** The phones of the en-us model, for the something-else branch. */
export const EN_PHONES = 'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(' ');

/**
 * Chosen on synthesized ward-round answers, other sentences and non-speech sounds: entering the branch
 * at 3e-6 and 0.3 a phone rejected most coughs and tones while keeping most answers (a larger entry
 * rejects lone numbers; a smaller one is pruned away by the decoder's beams and rejects nothing).
 */
export const OTHER_SPEECH: OtherSpeech = { phones: EN_PHONES, prefix: 'other_', entry: 3e-6, perPhone: 0.3 };

/** Dictionary lines for the something-else branch's phone "words". */
export function otherSpeechDictionary(other: OtherSpeech = OTHER_SPEECH): string {
  return other.phones.map((p) => `${other.prefix}${p.toLowerCase()} ${p}\n`).join('');
}

/** Whether a recognised word is a phone of the something-else branch. */
export const isOtherSpeech = (word: string) => word.startsWith(OTHER_SPEECH.prefix);

/**
 * `other`: the something-else branch's probabilities (false for none: then every sound is forced onto
 * the nearest expected answer).
 */
export function buildGrammar(hint: RecognitionHint, dictionary: PronunciationDictionary, questionId?: string, other: Partial<OtherSpeech> | false = {}): BuiltGrammar {
  const expected: string[] = [];
  const skipped: { choice: string; unknown: string[] }[] = [];
  const extra = questionId ? QUESTION_RULES[questionId] : undefined;
  switch (hint.kind) {
    case 'scale':
      expected.push('<scale>');
      break;
    case 'yes_no':
      expected.push('<yes_no>');
      break;
    case 'free_text':
      expected.push('<free_text>');
      break;
    case 'choice': {
      const usable: string[] = [];
      for (const choice of hint.choices) {
        const words = choiceWords(choice);
        const unknown = words.filter((w) => !dictionary.has(w));
        if (words.length === 0 || unknown.length) skipped.push({ choice, unknown: words.length ? unknown : [choice] });
        else usable.push(words.join(' '));
      }
      if (usable.length === 0 && !extra) {
        throw new SpeechConfigError(
          `hint.choices: none of ${JSON.stringify(hint.choices)} can be recognised offline (${skipped.map((s) => `"${s.choice}": ${s.unknown.join(', ')}`).join('; ')} not in the pronunciation dictionary ${dictionary.file}); offer choices in plain dictionary words, or answer on the screen`,
        );
      }
      if (usable.length) expected.push(`[i think | probably | mostly] ( ${[...new Set(usable)].join(' | ')} ) [i think | please | thank you | thanks]`);
      break;
    }
  }
  if (extra && !expected.includes(`<${extra}>`) && hint.kind !== 'free_text') {
    expected.push(`<${extra}>`);
  }
  const fsg = compileFsg([...expected, '<always>'].map((e) => `( ${e} )`).join(' | '), WARD_RULES, other === false ? undefined : { ...OTHER_SPEECH, ...other });
  const missing = [...fsg.words].filter((w) => !w.startsWith(OTHER_SPEECH.prefix) && !dictionary.has(w));
  // The fixed rules are checked by a test; a different dictionary that lacks some of them is a configuration error.
  if (missing.length) throw new SpeechConfigError(`dictionary: ${dictionary.file} lacks the ward-round words ${missing.slice(0, 10).join(', ')}; use the CMU dictionary of pocketsphinx-en-us`);
  return { fsg: fsg.text, words: fsg.words, skipped };
}
