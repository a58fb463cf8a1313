// The pocketsphinx pronunciation dictionary (CMU, 135,000 words), read once. Each recognition is
// given a dictionary of only the grammar's words: pocketsphinx then starts in tens of milliseconds
// instead of a second, and a word the dictionary lacks is found before pocketsphinx refuses the grammar.
import { readFileSync } from 'node:fs';
import { SpeechConfigError } from './recognizer.js';

export const POCKETSPHINX_EN_MODEL = '/usr/share/pocketsphinx/model/en-us/en-us';
export const POCKETSPHINX_EN_DICTIONARY = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export class PronunciationDictionary {
  private constructor(private readonly prons: ReadonlyMap<string, readonly string[]>, readonly file: string) {}

  static load(file = POCKETSPHINX_EN_DICTIONARY): PronunciationDictionary {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new SpeechConfigError(
        `dictionary: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); apt-get install pocketsphinx-en-us, or set the dictionary path`,
      );
    }
    const prons = new Map<string, string[]>();
    for (const line of text.split('\n')) {
      const m = /^(\S+?)(?:\(\d+\))?\s+(.+?)\s*$/.exec(line);
      if (!m) continue;
      const word = m[1]!.toLowerCase();
      const list = prons.get(word);
      if (list) list.push(m[2]!);
      else prons.set(word, [m[2]!]);
    }
    if (prons.size === 0) throw new SpeechConfigError(`dictionary: ${file} has no pronunciations in it`);
    return new PronunciationDictionary(prons, file);
  }

  has(word: string): boolean {
    return this.prons.has(word);
  }

  /** Dictionary file text for these words (every pronunciation); unknown words are left out. */
  subset(words: Iterable<string>): string {
    const lines: string[] = [];
    for (const w of new Set(words)) {
      (this.prons.get(w) ?? []).forEach((p, i) => lines.push(`${i === 0 ? w : `${w}(${i + 1})`} ${p}`));
    }
    return `${lines.join('\n')}\n`;
  }
}
