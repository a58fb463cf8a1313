// The words of a wake phrase as pocketsphinx must know them: each word's phonemes from the CMU
// dictionary, or from an extra entry for a word it lacks (a robot's name). pocketsphinx's keyword
// spotter uses only a word's first pronunciation, so every other way of saying the phrase becomes a
// keyphrase of its own, spelled with stand-in words ("robot__2") that the detector maps back.
// The Debian model is American English: it does not hear the British /əʊ/ of "hello" and "robot"
// as OW (measured on synthesized en-gb voices), so a British variant of each OW is spotted too.
import { readFileSync } from 'node:fs';
import { WakeWordConfigError } from './wake-word.js';

/** Extra pronunciations: word → ARPAbet phonemes ("Z AO R B L AE K S"), or several. */
export type ExtraDictionary = Record<string, string | readonly string[]>;

/** "us": the dictionary's own pronunciations; "gb": also the British /əʊ/ for OW (as AH UW and EH UW). */
export type Accent = 'us' | 'gb';
const BRITISH_OW = ['AH UW', 'EH UW'];
const MAX_KEYPHRASES = 8;

export function normalizePhrase(phrase: unknown): string[] {
  if (typeof phrase !== 'string' || !phrase.trim()) throw new WakeWordConfigError('phrase: the wake phrase must be words, e.g. "hello robot"');
  const words = phrase.trim().toLowerCase().split(/\s+/);
  for (const w of words) {
    if (!/^[a-z]+(?:'[a-z]+)?$/.test(w)) throw new WakeWordConfigError(`phrase: "${w}" is not a word pocketsphinx can spot (letters and one apostrophe only; write numbers as words)`);
  }
  if (words.length > 6) throw new WakeWordConfigError(`phrase: ${words.length} words is too long for a wake phrase (2–4 words work best)`);
  return words;
}

export interface PhraseDictionary {
  /** Dictionary file text with every stand-in word of every keyphrase. */
  text: string;
  /** Keyphrases to spot (stand-in words), the first being the phrase as written. */
  keyphrases: string[];
  /** The phonemes the model knows (from its dictionary). */
  phones: ReadonlySet<string>;
}

export function phraseDictionary(words: readonly string[], dictionaryFile: string, extra: ExtraDictionary = {}, accents: readonly Accent[] = ['us', 'gb']): PhraseDictionary {
  let source: string;
  try {
    source = readFileSync(dictionaryFile, 'utf8');
  } catch (e) {
    throw new WakeWordConfigError(`dictionary: cannot read ${dictionaryFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); apt-get install pocketsphinx-en-us or set the dictionary path`);
  }
  for (const a of accents) if (a !== 'us' && a !== 'gb') throw new WakeWordConfigError(`accents: "${String(a)}" is not us or gb`);
  const wanted = new Set(words);
  const found = new Map<string, string[]>();
  const phones = new Set<string>();
  for (const line of source.split('\n')) {
    const m = /^(\S+?)(?:\(\d+\))?\s+(.+?)\s*$/.exec(line);
    if (!m) continue;
    const prons = m[2]!.split(/\s+/);
    for (const p of prons) phones.add(p);
    const w = m[1]!.toLowerCase();
    // Only the first pronunciation: the spotter's own choice, and alternates added no detections.
    if (wanted.has(w) && !found.has(w)) found.set(w, [prons.join(' ')]);
  }
  if (phones.size === 0) throw new WakeWordConfigError(`dictionary: ${dictionaryFile} has no pronunciations in it`);
  const known = [...phones].sort().join(' ');
  for (const [word, given] of Object.entries(extra)) {
    const w = word.toLowerCase();
    const list: unknown[] = typeof given === 'string' ? [given] : Array.isArray(given) ? [...(given as unknown[])] : [];
    if (list.length === 0 || list.some((p) => typeof p !== 'string' || !p.trim())) {
      throw new WakeWordConfigError(`extraDictionary.${word}: give its phonemes as text, e.g. "R OW B AA T"`);
    }
    // A word given explicitly is said the way it is given, before the dictionary's way.
    const own: string[] = [];
    for (const pron of list as string[]) {
      const ps = pron.trim().toUpperCase().split(/\s+/);
      const bad = ps.find((p) => !phones.has(p));
      if (bad) throw new WakeWordConfigError(`extraDictionary.${word}: phoneme "${bad}" is not one the model knows (${known})`);
      own.push(ps.join(' '));
    }
    found.set(w, [...new Set([...own, ...(found.get(w) ?? [])])]);
  }
  const missing = words.filter((w) => !found.has(w));
  if (missing.length) {
    const w = missing[0]!;
    throw new WakeWordConfigError(
      `phrase: "${w}" is not in the pocketsphinx dictionary ${dictionaryFile}; give its phonemes as an extra dictionary entry, ` +
        `e.g. extraDictionary: { "${w}": "<phonemes>" } with ARPAbet phonemes (${known}); see how a similar word is written with: grep '^robot ' ${dictionaryFile}`,
    );
  }

  // Each keyphrase: one pronunciation per word. The first uses every word's first pronunciation.
  const variants: string[][] = [words.map((w) => found.get(w)![0]!)];
  words.forEach((w, i) => {
    for (const p of found.get(w)!.slice(1)) variants.push(variants[0]!.map((q, j) => (j === i ? p : q)));
  });
  if (accents.includes('gb') && variants[0]!.some((p) => /\bOW\b/.test(p))) {
    for (const gb of BRITISH_OW) variants.push(variants[0]!.map((p) => p.replace(/\bOW\b/g, gb)));
  }
  const entries = new Map<string, string>();
  const keyphrases: string[] = [];
  for (const v of variants.slice(0, MAX_KEYPHRASES)) {
    const spelled = v.map((pron, i) => {
      const w = words[i]!;
      const existing = [...entries].find(([name, p]) => p === pron && name.replace(/__\d+$/, '') === w);
      if (existing) return existing[0];
      const name = entries.has(w) ? `${w}__${entries.size + 1}` : w;
      entries.set(name, pron);
      return name;
    });
    const line = spelled.join(' ');
    if (!keyphrases.includes(line)) keyphrases.push(line);
  }
  const text = [...entries].map(([name, pron]) => `${name} ${pron}`).join('\n');
  return { text: `${text}\n`, keyphrases, phones };
}

/** The phrase a keyphrase line stands for ("hello__3 robot__4" → "hello robot"). */
export function plainPhrase(keyphrase: string): string {
  return keyphrase.split(/\s+/).map((w) => w.replace(/__\d+$/, '')).join(' ');
}
