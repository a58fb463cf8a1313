// espeak-ng (Debian package `espeak-ng`) as the offline voice, English and Mandarin. For Chinese the
// voice must be `cmn-latn-pinyin`: plain `cmn` reads Hanzi as English letter names.
import { spawn } from 'node:child_process';
import { parseWav } from '../audio/wav.js';
import type { Pcm } from '../audio/pcm.js';
import { SynthesisError, type SpeechLanguage, type SpeechSynthesizer } from './synthesizer.js';

export const ESPEAK_VOICES: Record<SpeechLanguage, string> = { en: 'en-us', 'zh-CN': 'cmn-latn-pinyin' };

export interface EspeakOptions {
  /** The espeak-ng executable (default `espeak-ng` on PATH). */
  command?: string;
  /** Words per minute (espeak's default is 175; a little slower is kinder at the bedside). */
  wordsPerMinute?: number;
  /** Voices per language, to pick e.g. `en-gb`. */
  voices?: Partial<Record<SpeechLanguage, string>>;
}

export class EspeakSynthesizer implements SpeechSynthesizer {
  readonly name = 'espeak-ng';
  constructor(private readonly opts: EspeakOptions = {}) {}

  synthesize(text: string, language: SpeechLanguage, { signal }: { signal?: AbortSignal } = {}): Promise<Pcm> {
    const voice = this.opts.voices?.[language] ?? ESPEAK_VOICES[language];
    if (!voice) return Promise.reject(new SynthesisError(`language: no espeak-ng voice for "${String(language)}" (en or zh-CN)`));
    const command = this.opts.command ?? 'espeak-ng';
    // The text goes in on stdin, never as an argument: patient-facing text is not a command line.
    const args = ['-v', voice, '-s', String(this.opts.wordsPerMinute ?? 160), '--stdout'];
    return new Promise<Pcm>((resolve, reject) => {
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], signal });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e: NodeJS.ErrnoException) => {
        reject(e.code === 'ENOENT' ? new SynthesisError(`${command} is not installed: apt-get install espeak-ng (or configure another voice)`) : e);
      });
      child.on('close', (code) => {
        if (code !== 0) return reject(new SynthesisError(`${command} exited ${code}: ${Buffer.concat(err).toString().trim()}`));
        try {
          resolve(parseWav(Buffer.concat(out)));
        } catch (e) {
          reject(new SynthesisError(`${command} gave no readable audio: ${(e as Error).message}`));
        }
      });
      child.stdin.end(text.replace(/\s+/g, ' ').trim());
    });
  }
}
