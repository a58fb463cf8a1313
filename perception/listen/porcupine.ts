// Wake word with a Picovoice AccessKey: Porcupine (npm @picovoice/porcupine-node, an optional
// dependency loaded only when asked for). It needs a key the Picovoice Console issues, checked online,
// so it cannot run in this project's offline tests; what they check is that every way of getting it
// wrong (no key, a bad key, no package, an unknown keyword) says plainly what to set.
import { basename } from 'node:path';
import type { Pcm } from '../audio/pcm.js';
import { StreamResampler } from './stream-resampler.js';
import { WakeWordConfigError, WakeWordEvents, WakeWordFailure, type WakeWordDetection, type WakeWordDetector } from './wake-word.js';

export const PICOVOICE_KEY_ENV = 'PICOVOICE_ACCESS_KEY';
const SPEECH_RATE = 16_000;

export interface PorcupineOptions {
  /** The Picovoice AccessKey (default: env PICOVOICE_ACCESS_KEY). */
  accessKey?: string;
  /** A built-in keyword, e.g. "computer", "jarvis", "porcupine" (default "porcupine" unless keywordPath is set). */
  keyword?: string;
  /** A custom keyword file (.ppn) made in the Picovoice Console, e.g. for "hello robot". */
  keywordPath?: string;
  /** 0–1 (default 0.5): higher detects more and falsely alarms more. */
  sensitivity?: number;
  /** A Porcupine model file (.pv) for another language. */
  modelPath?: string;
}

interface PorcupineEngine {
  readonly frameLength: number;
  readonly sampleRate: number;
  process(frame: Int16Array): number;
  release(): void;
}
interface PorcupineModule {
  Porcupine: new (accessKey: string, keywords: string[], sensitivities: number[], options?: { modelPath?: string }) => PorcupineEngine;
  BuiltinKeyword: Record<string, string>;
  getBuiltinKeywordPath(keyword: string): string;
}

/** "hello-robot_en_linux_v3_0_0.ppn" → "hello robot". */
export function phraseOfKeywordFile(path: string): string {
  return basename(path).replace(/\.ppn$/i, '').replace(/_[a-z]{2}_[a-z-]+_v\d.*$/i, '').replace(/_(linux|mac|windows|raspberry-pi)$/i, '').replace(/[-_]+/g, ' ').trim();
}

/** Porcupine's errors list codes and echo the key; keep the sentences a person can act on, without the key. */
export function readablePorcupineError(err: unknown, accessKey: string): string {
  const e = err as { message?: string; messageStack?: string[] };
  // The message repeats the stack after a colon and a line break: keep its first line only.
  const head = (e.message ?? String(err)).split('\n')[0]!.replace(/:\s*$/, '').trim();
  const details = (e.messageStack ?? [])
    .map((l) => l.replace(/^[0-9a-f]{7} [0-9A-F]{8}:\s*/, '').trim())
    .filter((l) => l && !/^Picovoice Error\.?$/.test(l) && !/^[0-9a-f]{7}$/.test(l));
  const sentences = [...new Set(details)].map((l) => (/[.!?]$/.test(l) ? l : `${l}.`));
  const text = (sentences.length ? `${head}: ${sentences.join(' ')}` : head).split(accessKey).join('<key>');
  return text.replace(/\s+/g, ' ');
}

export class PorcupineWakeWord implements WakeWordDetector {
  readonly engine = 'porcupine';
  readonly description: string;
  private readonly events = new WakeWordEvents();
  private pending = new Int16Array(0);
  private resampler: StreamResampler | undefined;
  private processed = 0;
  private released = false;

  private constructor(private readonly porcupine: PorcupineEngine, readonly phrase: string, sensitivity: number) {
    this.description = `wake word: Porcupine listening for "${phrase}", sensitivity ${sensitivity}`;
  }

  static async start(opts: PorcupineOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<PorcupineWakeWord> {
    const accessKey = (opts.accessKey ?? env[PICOVOICE_KEY_ENV] ?? '').trim();
    if (!accessKey) {
      throw new WakeWordConfigError(`Porcupine needs a Picovoice AccessKey: set ${PICOVOICE_KEY_ENV} (or the porcupine.accessKey setting) to the key from https://console.picovoice.ai/`);
    }
    const sensitivity = opts.sensitivity ?? 0.5;
    if (typeof sensitivity !== 'number' || !(sensitivity >= 0 && sensitivity <= 1)) throw new WakeWordConfigError(`porcupine.sensitivity: ${String(sensitivity)} is not a number 0–1`);
    let mod: PorcupineModule;
    try {
      mod = (await import('@picovoice/porcupine-node')) as unknown as PorcupineModule;
    } catch (e) {
      throw new WakeWordConfigError(`Porcupine is not installed (${(e as Error).message.split('\n')[0]}): npm install @picovoice/porcupine-node`);
    }
    let keywordFile: string;
    let phrase: string;
    if (opts.keywordPath) {
      keywordFile = opts.keywordPath;
      phrase = phraseOfKeywordFile(keywordFile);
    } else {
      const builtins = Object.values(mod.BuiltinKeyword);
      phrase = (opts.keyword ?? 'porcupine').toLowerCase();
      if (!builtins.includes(phrase)) throw new WakeWordConfigError(`porcupine.keyword: "${phrase}" is not a built-in keyword (${builtins.join(', ')}); for another phrase make a .ppn file in the Picovoice Console and set porcupine.keywordPath`);
      keywordFile = mod.getBuiltinKeywordPath(phrase);
    }
    let engine: PorcupineEngine;
    try {
      engine = new mod.Porcupine(accessKey, [keywordFile], [sensitivity], opts.modelPath ? { modelPath: opts.modelPath } : {});
    } catch (e) {
      const said = readablePorcupineError(e, accessKey);
      const hint = /AccessKey/i.test(said)
        ? `check ${PICOVOICE_KEY_ENV} against https://console.picovoice.ai/ (Porcupine checks the key online, so it also needs network)`
        : /\.ppn|keyword/i.test(said) ? 'check porcupine.keywordPath (a .ppn file for this platform)' : 'check the Porcupine settings';
      throw new WakeWordConfigError(`Porcupine did not start: ${said}; ${hint}`);
    }
    if (engine.sampleRate !== SPEECH_RATE) {
      engine.release();
      throw new WakeWordConfigError(`Porcupine wants ${engine.sampleRate} Hz audio; this build feeds 16 kHz`);
    }
    return new PorcupineWakeWord(engine, phrase, sensitivity);
  }

  feed(pcm: Pcm): void {
    if (this.released) return;
    let samples = pcm.samples;
    if (pcm.sampleRate !== SPEECH_RATE) {
      if (this.resampler?.fromRate !== pcm.sampleRate) this.resampler = new StreamResampler(pcm.sampleRate, SPEECH_RATE);
      samples = this.resampler.push(samples).samples;
    }
    const n = this.porcupine.frameLength;
    const all = new Int16Array(this.pending.length + samples.length);
    all.set(this.pending);
    all.set(samples, this.pending.length);
    let at = 0;
    for (; at + n <= all.length; at += n) {
      let index: number;
      try {
        index = this.porcupine.process(all.slice(at, at + n));
      } catch (e) {
        this.events.fail(new WakeWordFailure(`wake word engine porcupine stopped: ${(e as Error).message}; wake word detection is off until it is restarted`));
        this.release();
        return;
      }
      this.processed += n;
      if (index >= 0) this.events.detected({ phrase: this.phrase, engine: this.engine, atS: this.processed / SPEECH_RATE, confidence: 1 });
    }
    this.pending = all.slice(at);
  }

  onDetection(listener: (d: WakeWordDetection) => void): () => void { return this.events.onDetection(listener); }
  onFailure(listener: (err: WakeWordFailure) => void): () => void { return this.events.onFailure(listener); }

  async finish(): Promise<void> { this.release(); }
  async close(): Promise<void> { this.release(); }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.porcupine.release();
  }
}

