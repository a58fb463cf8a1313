// "Listen until the patient stops": Silero's per-frame speech probability turned into utterances.
// Speech starts when frames reach `startThreshold` for at least `minSpeechMs` (a cough or a door is
// shorter); it ends after `endSilenceMs` of frames under `endThreshold` (Silero's own hysteresis: the
// frames in between neither end nor extend the silence). Each utterance comes with its audio, from a
// little before the first speech frame (pre-roll) to a little after the last.
import type { Pcm } from '../audio/pcm.js';
import { SILERO_RATE, SileroVadModel, type SileroOptions } from './silero-model.js';
import { StreamResampler } from './stream-resampler.js';

export class VadConfigError extends Error {}
export class VadInputError extends Error {}

export interface VadOptions extends SileroOptions {
  /** A frame at or above this probability is speech (default 0.5). */
  startThreshold?: number;
  /** A frame below this probability is silence (default 0.35); between the two a frame changes nothing. */
  endThreshold?: number;
  /** Speech shorter than this is not an utterance (default 250 ms). */
  minSpeechMs?: number;
  /** Silence that ends an utterance (default 700 ms). */
  endSilenceMs?: number;
  /** Audio kept before the first speech frame (default 300 ms). */
  preRollMs?: number;
  /** Audio kept after the last speech frame (default 200 ms, at most endSilenceMs). */
  postRollMs?: number;
  /** An utterance is cut (and a new one begins) after this long (default 30 s). */
  maxUtteranceMs?: number;
}

/** Stream seconds count from the first sample fed (after resampling to 16 kHz). */
export interface VadFrame { atS: number; probability: number }

export interface VoiceStart {
  type: 'speech-start';
  /** Where speech began in the stream. */
  startS: number;
  /** When that was decided (startS + about minSpeechMs). */
  atS: number;
  probability: number;
}

export interface VoiceEnd {
  type: 'speech-end';
  startS: number;
  /** End of the last speech frame. */
  endS: number;
  /** When that was decided (endS + endSilenceMs, or the cut). */
  atS: number;
  probability: number;
  reason: 'silence' | 'max-length' | 'flush';
  /** 16 kHz mono audio from startS − pre-roll to endS + post-roll. */
  audio: Pcm;
}

export type VadEvent = VoiceStart | VoiceEnd;

export interface VadStep {
  frames: VadFrame[];
  events: VadEvent[];
}

const DEFAULTS = { startThreshold: 0.5, endThreshold: 0.35, minSpeechMs: 250, endSilenceMs: 700, preRollMs: 300, postRollMs: 200, maxUtteranceMs: 30_000 };
type Settings = typeof DEFAULTS;

function settings(opts: VadOptions): Settings {
  const s = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const v = opts[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new VadConfigError(`${key}: ${String(v)} is not a number ≥ 0`);
    s[key] = v;
  }
  if (s.startThreshold > 1 || s.endThreshold > s.startThreshold) throw new VadConfigError(`endThreshold ${s.endThreshold} must not exceed startThreshold ${s.startThreshold}, both 0–1`);
  if (s.endSilenceMs < 100) throw new VadConfigError(`endSilenceMs: ${s.endSilenceMs} ms would end utterances between words; use 300 ms or more (0.6–0.8 s suits bedside talk)`);
  if (s.maxUtteranceMs < s.minSpeechMs + s.endSilenceMs) throw new VadConfigError(`maxUtteranceMs: ${s.maxUtteranceMs} ms is shorter than minSpeechMs + endSilenceMs`);
  s.postRollMs = Math.min(s.postRollMs, s.endSilenceMs);
  return s;
}

export class VoiceActivityDetector {
  private readonly s: Settings;
  private readonly frameS: number;
  private pending = new Int16Array(0);
  private resampler: StreamResampler | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** Frames decided so far. */
  private frameCount = 0;
  /** Recent frames' audio, the first being frame `heldFrom`. */
  private held: Int16Array[] = [];
  private heldFrom = 0;
  private state: 'idle' | 'maybe' | 'speaking' = 'idle';
  private startFrame = 0;
  private speechFrames = 0;
  private lastSpeechFrame = 0;
  private silentFrames = 0;

  private constructor(private readonly model: SileroVadModel, opts: VadOptions) {
    this.s = settings(opts);
    this.frameS = model.frameSamples / SILERO_RATE;
  }

  static async create(opts: VadOptions = {}): Promise<VoiceActivityDetector> {
    settings(opts);
    return new VoiceActivityDetector(await SileroVadModel.load(opts), opts);
  }

  get speaking(): boolean { return this.state === 'speaking'; }
  /** Seconds of 16 kHz audio decided so far. */
  get streamS(): number { return this.frameCount * this.frameS; }
  get modelPath(): string { return this.model.modelPath; }

  /**
   * Audio of any length; 16 kHz mono, or another rate, which is resampled as a stream. Calls are processed
   * in order even when not awaited.
   */
  feed(pcm: Pcm): Promise<VadStep> {
    const input = this.toSpeechRate(pcm);
    const run = this.queue.then(() => this.process(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** End of the stream: an utterance still open ends now (reason "flush"). */
  flush(): Promise<VadStep> {
    const run = this.queue.then(() => {
      const events: VadEvent[] = [];
      if (this.state === 'speaking') events.push(this.end('flush', 0));
      this.state = 'idle';
      return { frames: [], events };
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async release(): Promise<void> {
    await this.queue;
    await this.model.release();
  }

  private toSpeechRate(pcm: Pcm): Int16Array {
    if (!pcm || !(pcm.samples instanceof Int16Array)) throw new VadInputError('samples: expected 16-bit PCM as an Int16Array');
    if (!Number.isInteger(pcm.sampleRate) || pcm.sampleRate < 4000 || pcm.sampleRate > 192_000) throw new VadInputError(`sampleRate: ${String(pcm.sampleRate)} Hz is not a rate audio comes at (4000–192000)`);
    if (pcm.sampleRate === SILERO_RATE) return pcm.samples;
    if (this.resampler?.fromRate !== pcm.sampleRate) this.resampler = new StreamResampler(pcm.sampleRate, SILERO_RATE);
    return this.resampler.push(pcm.samples).samples;
  }

  private async process(samples: Int16Array): Promise<VadStep> {
    const n = this.model.frameSamples;
    const all = new Int16Array(this.pending.length + samples.length);
    all.set(this.pending);
    all.set(samples, this.pending.length);
    const frames: VadFrame[] = [];
    const events: VadEvent[] = [];
    let at = 0;
    for (; at + n <= all.length; at += n) {
      const frame = all.slice(at, at + n);
      const p = await this.model.probability(frame);
      this.held.push(frame);
      const e = this.step(p);
      this.frameCount++;
      frames.push({ atS: this.frameCount * this.frameS, probability: p });
      if (e) events.push(e);
      this.trimHeld();
    }
    this.pending = all.slice(at);
    return { frames, events };
  }

  /** Advances the state machine by the frame `frameCount` with probability p. */
  private step(p: number): VadEvent | undefined {
    const i = this.frameCount;
    const ms = (frames: number) => frames * this.frameS * 1000;
    const isSpeech = p >= this.s.startThreshold;
    const isSilence = p < this.s.endThreshold;
    if (this.state === 'idle') {
      if (!isSpeech) return undefined;
      this.state = 'maybe';
      this.startFrame = i;
      this.speechFrames = 0;
      this.silentFrames = 0;
    }
    if (isSpeech) {
      this.speechFrames++;
      this.lastSpeechFrame = i;
      this.silentFrames = 0;
    } else if (isSilence) {
      this.silentFrames++;
    }
    if (this.state === 'maybe') {
      // Too little speech before a long silence (a cough), or endless murmur that never becomes speech.
      if (ms(this.silentFrames) >= this.s.endSilenceMs || ms(i + 1 - this.startFrame) >= this.s.maxUtteranceMs) {
        this.state = 'idle';
        return undefined;
      }
      if (ms(this.speechFrames) < this.s.minSpeechMs) return undefined;
      this.state = 'speaking';
      return { type: 'speech-start', startS: this.startFrame * this.frameS, atS: (i + 1) * this.frameS, probability: p };
    }
    if (ms(this.silentFrames) >= this.s.endSilenceMs) {
      this.state = 'idle';
      return this.end('silence', p);
    }
    if (ms(i + 1 - this.startFrame) >= this.s.maxUtteranceMs) {
      const cut = this.end('max-length', p);
      // Whoever is still talking goes on in a new utterance from the next frame.
      this.state = 'maybe';
      this.startFrame = i + 1;
      this.speechFrames = 0;
      this.silentFrames = 0;
      return cut;
    }
    return undefined;
  }

  private end(reason: VoiceEnd['reason'], p: number): VoiceEnd {
    const decided = reason === 'flush' ? this.frameCount : this.frameCount + 1;
    const lastFrame = reason === 'max-length' ? this.frameCount : this.lastSpeechFrame;
    const post = reason === 'max-length' ? 0 : Math.round(this.s.postRollMs / 1000 / this.frameS);
    const pre = Math.round(this.s.preRollMs / 1000 / this.frameS);
    const from = Math.max(this.heldFrom, this.startFrame - pre);
    const to = Math.min(this.heldFrom + this.held.length, lastFrame + 1 + post);
    const parts = this.held.slice(from - this.heldFrom, to - this.heldFrom);
    const audio = new Int16Array(parts.reduce((n, p2) => n + p2.length, 0));
    let at = 0;
    for (const part of parts) { audio.set(part, at); at += part.length; }
    return {
      type: 'speech-end', startS: this.startFrame * this.frameS, endS: (lastFrame + 1) * this.frameS, atS: decided * this.frameS,
      probability: p, reason, audio: { sampleRate: SILERO_RATE, samples: audio },
    };
  }

  /** Keeps only the audio an utterance may still need: the open one and the pre-roll before it. */
  private trimHeld(): void {
    const pre = Math.ceil(this.s.preRollMs / 1000 / this.frameS);
    const keepFrom = this.state === 'idle' ? this.frameCount - pre : this.startFrame - pre;
    const drop = Math.max(0, keepFrom - this.heldFrom);
    if (drop > 0) {
      this.held.splice(0, drop);
      this.heldFrom += drop;
    }
  }
}
