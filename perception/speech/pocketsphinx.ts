// Offline English recognition: CMU pocketsphinx (Debian `pocketsphinx` + `pocketsphinx-en-us`, BSD
// licence) decoding one utterance against a grammar built from what the robot expects.
//
// Measured choices (synthesized ward-round answers, see pocketsphinx-round.test.ts):
//  - pocketsphinx_batch on a temporary WAV, not pocketsphinx_continuous: continuous cuts the audio with
//    its own voice detector and often loses the first word ("about a six" heard as "five out of ten");
//    batch decodes the utterance the robot's VAD already cut as one piece.
//  - `-remove_noise no`: pocketsphinx's spectral noise subtraction took consonants with it (continuous
//    decoding: 7 of 12 spoken scores right with it, 10 of 12 without; batch: 12 of 12 either way).
//  - A grammar always yields some sentence of its own, even for a cough or a tone. So the grammar has a
//    something-else branch (fsg.ts): a loop of phones at a price that most expected answers beat and
//    most other sounds do not. On espeak-ng's voice (pocketsphinx-round and -rejects tests): 40 of 47
//    ward-round answers word for word, 4 "not understood" (lone numbers such as "five": the robot asks
//    again), 3 misheard without changing the answer's meaning ("nope" for "no"); 13 of 15 coughs, tones,
//    clicks, babble and hiss rejected. A rejected utterance is "not understood", never a guess.
//  - The confidence figure compares the answer with a free phone loop decoded alongside (verification.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { levelDbfs, SPEECH_RATE, type Pcm } from '../audio/pcm.js';
import { addNoise } from '../audio/mix.js';
import { resample } from '../audio/resample.js';
import { writeWav } from '../audio/wav.js';
import { abortError, runEngine } from './child-process.js';
import { buildGrammar, isOtherSpeech, otherSpeechDictionary } from './grammar.js';
import { parseHypseg, spokenWords, type Hypothesis } from './hypseg.js';
import { POCKETSPHINX_EN_DICTIONARY, POCKETSPHINX_EN_MODEL, PronunciationDictionary } from './pronunciations.js';
import { speechLanguage, SpeechRecognitionError, type Recognition, type RecognizeOptions, type SpeechRecognizer } from './recognizer.js';
import { utteranceConfidence, verificationFeatures, type VerificationFeatures } from './verification.js';

export interface PocketsphinxOptions {
  /** pocketsphinx_batch executable (default on PATH). */
  command?: string;
  /** Acoustic model directory (default the Debian en-us model). */
  modelDir?: string;
  /** CMU-format pronunciation dictionary (default the Debian one). */
  dictionary?: string;
  /** Phone language model for the verification pass (default the Debian en-us one). */
  phoneModel?: string;
  /** Results under this confidence are "not understood" (default 0.1: only audio far from any answer). */
  minConfidence?: number;
  /** Per decode (default 20 s: a busy robot computer must not turn a slow answer into an error). */
  timeoutMs?: number;
  /** Where each recognition's temporary files go (default the system's temp dir); removed after each. */
  workDir?: string;
  /** Sees each decode's verification figures (for calibration and logs). */
  onVerified?: (heard: string, features: VerificationFeatures, confidence: number) => void;
}

export const DEFAULT_MIN_CONFIDENCE = 0.1;
/** Under this level (before the noise floor) the audio holds no speech worth decoding. */
const SILENT_DBFS = -60;
/** pocketsphinx hears nothing in digital silence; a microphone never gives it, synthetic audio does. */
const NOISE_FLOOR_DBFS = -65;
const MIN_SECONDS = 0.15;
const INSTALL = 'apt-get install pocketsphinx pocketsphinx-en-us';

/** A repeatable noise floor: the same audio is always decoded the same way. */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

export class PocketsphinxRecognizer implements SpeechRecognizer {
  readonly name = 'pocketsphinx';
  private dictionary: PronunciationDictionary | undefined;
  private readonly command: string;
  private readonly modelDir: string;
  private readonly phoneModel: string;
  readonly minConfidence: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: PocketsphinxOptions = {}) {
    this.command = opts.command ?? 'pocketsphinx_batch';
    this.modelDir = opts.modelDir ?? POCKETSPHINX_EN_MODEL;
    this.phoneModel = opts.phoneModel ?? join(this.modelDir, '..', 'en-us-phone.lm.bin');
    this.minConfidence = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    if (!(this.minConfidence >= 0 && this.minConfidence <= 1)) throw new SpeechRecognitionError(`minConfidence: ${String(opts.minConfidence)} is not a number from 0 to 1`);
  }

  /** What keeps it from running here, or undefined when the model files are in place. */
  problem(): string | undefined {
    if (!existsSync(join(this.modelDir, 'mdef'))) return `pocketsphinx: no acoustic model in ${this.modelDir}; ${INSTALL}`;
    const dict = this.opts.dictionary ?? POCKETSPHINX_EN_DICTIONARY;
    if (!existsSync(dict)) return `pocketsphinx: no pronunciation dictionary ${dict}; ${INSTALL}`;
    if (!existsSync(this.phoneModel)) return `pocketsphinx: no phone model ${this.phoneModel}; ${INSTALL}`;
    return undefined;
  }

  serves(language: string): boolean {
    return speechLanguage(language) === 'en';
  }

  async recognize(audio: Pcm, language: string, opts: RecognizeOptions = {}): Promise<Recognition> {
    if (speechLanguage(language) !== 'en') {
      return { outcome: 'language_not_served', language, message: `pocketsphinx here knows English only, not "${language}"; configure a transcription server (WARD_ASR_URL) or answer on the screen` };
    }
    const lang = 'en' as const;
    const notUnderstood = (reason: string, extra: { guess?: string; confidence?: number } = {}): Recognition =>
      ({ outcome: 'not_understood', language: lang, reason, engine: this.name, confidence: extra.confidence ?? 0, ...(extra.guess ? { guess: extra.guess } : {}) });

    const pcm = resample(audio, SPEECH_RATE);
    if (pcm.samples.length < MIN_SECONDS * SPEECH_RATE) return notUnderstood(`audio too short (${Math.round((pcm.samples.length / SPEECH_RATE) * 1000)} ms)`);
    if (levelDbfs(pcm.samples) < SILENT_DBFS) return notUnderstood('no speech in the audio (silence)');

    const grammar = buildGrammar(opts.hint ?? { kind: 'free_text' }, this.dict(), opts.questionId);
    const dir = mkdtempSync(join(this.opts.workDir ?? tmpdir(), 'ward-asr-'));
    try {
      writeFileSync(join(dir, 'u.wav'), writeWav(addNoise(pcm, NOISE_FLOOR_DBFS, seededRandom(pcm.samples.length))));
      writeFileSync(join(dir, 'ctl'), 'u\n');
      writeFileSync(join(dir, 'answer.fsg'), grammar.fsg);
      writeFileSync(join(dir, 'words.dict'), this.dict().subset([...grammar.words].filter((w) => !isOtherSpeech(w))) + otherSpeechDictionary());
      // The phone loop needs a dictionary too; one word keeps it from building every word's triphones.
      writeFileSync(join(dir, 'one.dict'), this.dict().subset(['a']));
      const common = ['-hmm', this.modelDir, '-adcin', 'yes', '-adchdr', '44', '-cepdir', dir, '-cepext', '.wav', '-ctl', join(dir, 'ctl'), '-remove_noise', 'no', '-logfn', join(dir, 'log')];
      // Both decodes run side by side; when one fails the other is stopped, and both are reaped before the files go.
      const local = new AbortController();
      const signal = opts.signal ? AbortSignal.any([opts.signal, local.signal]) : local.signal;
      const runs = [
        this.decode([...common, '-fsg', join(dir, 'answer.fsg'), '-dict', join(dir, 'words.dict'), '-hypseg', join(dir, 'g.seg'), '-hyp', join(dir, 'g.hyp')], join(dir, 'g.seg'), dir, signal),
        this.decode([...common.slice(0, -1), join(dir, 'log2'), '-allphone', this.phoneModel, '-allphone_ci', 'yes', '-backtrace', 'no', '-dict', join(dir, 'one.dict'), '-hypseg', join(dir, 'p.seg'), '-hyp', join(dir, 'p.hyp')], join(dir, 'p.seg'), dir, signal),
      ].map((p) => p.catch((e: unknown) => { local.abort(); throw e; }));
      const settled = await Promise.allSettled(runs);
      const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
      if (opts.signal?.aborted) throw abortError(opts.signal);
      // The first real failure, not the stop it caused in the other decode.
      if (failures.length) throw failures.find((e) => e instanceof SpeechRecognitionError) ?? failures[0];
      const [inGrammar, phones] = settled.map((r) => (r as PromiseFulfilledResult<Hypothesis | null>).value);
      const words = inGrammar ? spokenWords(inGrammar) : [];
      if (!inGrammar || words.length === 0) return notUnderstood('nothing in the audio matched what was expected');
      if (words.some(isOtherSpeech)) return notUnderstood('the words were none of the answers expected here');
      const text = words.join(' ');
      const confidence = phones ? utteranceConfidence(inGrammar, phones) : 0;
      if (phones) this.opts.onVerified?.(text, verificationFeatures(inGrammar, phones), confidence);
      if (confidence < this.minConfidence) return notUnderstood(`confidence ${confidence.toFixed(2)} below ${this.minConfidence}`, { guess: text, confidence });
      return { outcome: 'heard', text, language: lang, confidence, engine: this.name };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  private dict(): PronunciationDictionary {
    this.dictionary ??= PronunciationDictionary.load(this.opts.dictionary ?? POCKETSPHINX_EN_DICTIONARY);
    return this.dictionary;
  }

  private async decode(args: string[], segFile: string, dir: string, signal: AbortSignal | undefined): Promise<Hypothesis | null> {
    const run = await runEngine(this.command, args, { timeoutMs: this.timeoutMs, install: INSTALL, ...(signal ? { signal } : {}) });
    if (run.code !== 0) {
      const log = [join(dir, 'log'), join(dir, 'log2')].map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : '')).join('\n');
      const errors = `${log}\n${run.stderr}`.split('\n').filter((l) => /^(ERROR|FATAL)/.test(l)).slice(-3).join('; ');
      throw new SpeechRecognitionError(`${this.command} exited ${run.code}: ${errors || 'no error message'}`);
    }
    if (!existsSync(segFile)) return null;
    return parseHypseg(readFileSync(segFile, 'utf8'));
  }
}
