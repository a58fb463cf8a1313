// The robot's voice: text in a language becomes audio (the SpeechSynthesizer: espeak-ng by default,
// cmn-latn-pinyin for Chinese) played out in chunks at the pace a speaker plays them, on the wall
// clock or the simulator's. It reports how far it got, and it stops at once when told to: when the
// patient starts to speak (barge-in), when a newer sentence takes the voice, or on stop().
import { writeWav } from '../audio/wav.js';
import { resample } from '../audio/resample.js';
import type { Pcm } from '../audio/pcm.js';
import type { SpeechLanguage, SpeechSynthesizer } from '../tts/synthesizer.js';

/** Time as the robot keeps it: sim/world SimTimers fits, and so does wallClock. */
export interface SpeechClock {
  /** Milliseconds. */
  now(): number;
  /** Runs fn after `seconds`; returns a cancel. */
  after(seconds: number, fn: () => void): () => void;
}

export const wallClock: SpeechClock = {
  now: () => performance.now(),
  after: (seconds, fn) => {
    const t = setTimeout(fn, Math.max(0, seconds * 1000));
    return () => clearTimeout(t);
  },
};

export type SpeechEndStatus = 'finished' | 'interrupted' | 'preempted' | 'stopped' | 'failed';

export interface SpeechEnd {
  status: SpeechEndStatus;
  /** Share of the sentence the listener heard, 0 to 1. */
  progress: number;
  heardS: number;
  totalS: number;
  /** The words heard up to where it stopped (estimated from the share of the text; espeak gives no word times). */
  heardText: string;
  /** Why it ended early, or the synthesis error. */
  reason?: string;
}

export interface SayOptions {
  /** Each chunk played: share heard so far, 0 to 1 (1 once at the end when it finishes). */
  onProgress?: (progress: number) => void;
  signal?: AbortSignal;
}

export interface Speaking {
  readonly text: string;
  readonly language: SpeechLanguage;
  readonly done: Promise<SpeechEnd>;
  /** Share heard now, 0 to 1. */
  progress(): number;
  stop(reason?: string): void;
}

export interface SpeechOutputOptions {
  synthesizer: SpeechSynthesizer;
  /** Plays one chunk (the node publishes it as an AudioChunk on the speaker topic). */
  play: (chunk: Pcm) => void;
  clock?: SpeechClock;
  /** Chunk length (default 100 ms). */
  chunkMs?: number;
  /** Audio sent ahead of the playhead so the speaker never runs dry (default one chunk). */
  leadMs?: number;
  /** Resample to this rate before playing (default the synthesizer's own, 22,050 Hz for espeak-ng). */
  sampleRate?: number;
}

/** The words of `text` up to a share of its characters, cut at a word (or, in Chinese, a character). */
export function textUpTo(text: string, share: number): string {
  const chars = [...text];
  if (share >= 1) return text;
  const n = Math.floor(chars.length * Math.max(0, share));
  const head = chars.slice(0, n).join('');
  if (/\p{Script=Han}/u.test(head) || n === 0 || chars[n] === undefined || /\s/.test(chars[n]!)) return head.trim();
  const lastSpace = head.search(/\s\S*$/);
  return lastSpace > 0 ? head.slice(0, lastSpace).trim() : '';
}

export class SpeechOutput {
  private readonly clock: SpeechClock;
  private readonly chunkS: number;
  private readonly leadS: number;
  private current: (Speaking & { end(status: SpeechEndStatus, reason?: string): SpeechEnd }) | undefined;
  private lastAudio: { text: string; language: SpeechLanguage; pcm: Pcm } | undefined;

  constructor(private readonly opts: SpeechOutputOptions) {
    this.clock = opts.clock ?? wallClock;
    const chunkMs = opts.chunkMs ?? 100;
    if (!(chunkMs >= 10 && chunkMs <= 1000)) throw new RangeError(`chunkMs: ${String(opts.chunkMs)} is not 10–1000 ms`);
    this.chunkS = chunkMs / 1000;
    const leadMs = opts.leadMs ?? chunkMs;
    if (!(leadMs >= 0 && leadMs <= 2000)) throw new RangeError(`leadMs: ${String(opts.leadMs)} is not 0–2000 ms`);
    this.leadS = leadMs / 1000;
  }

  get speaking(): Speaking | undefined {
    return this.current;
  }

  /** Says `text`; a sentence still being said is cut off (status "preempted"). Never throws: failures end as "failed". */
  say(text: string, language: SpeechLanguage, opts: SayOptions = {}): Speaking {
    this.current?.end('preempted', 'a newer sentence took the voice');
    const clean = String(text ?? '').replace(/\s+/g, ' ').trim();
    let resolve!: (end: SpeechEnd) => void;
    const done = new Promise<SpeechEnd>((r) => { resolve = r; });
    const abort = new AbortController();
    let ended: SpeechEnd | undefined;
    let startMs: number | undefined;
    let totalS = 0;
    let sentS = 0;
    const cancels: (() => void)[] = [];
    const heardS = () => (startMs === undefined ? 0 : Math.min(sentS, totalS, Math.max(0, (this.clock.now() - startMs) / 1000)));
    const progress = () => (totalS > 0 ? heardS() / totalS : 0);
    const onAbort = () => speaking.end('stopped', 'aborted by the caller');
    const speaking = {
      text: clean,
      language,
      done,
      progress,
      stop: (reason?: string) => speaking.end('stopped', reason ?? 'stopped'),
      end: (status: SpeechEndStatus, reason?: string): SpeechEnd => {
        if (ended) return ended;
        const heard = status === 'finished' ? totalS : heardS();
        for (const c of cancels.splice(0)) c();
        abort.abort();
        opts.signal?.removeEventListener('abort', onAbort);
        if (this.current === speaking) this.current = undefined;
        const share = totalS > 0 ? heard / totalS : 0;
        ended = { status, progress: share, heardS: heard, totalS, heardText: textUpTo(clean, share), ...(reason ? { reason } : {}) };
        resolve(ended);
        return ended;
      },
    };
    this.current = speaking;
    if (!clean) {
      speaking.end('failed', 'text: nothing to say');
      return speaking;
    }
    if (opts.signal?.aborted) {
      speaking.end('stopped', 'aborted by the caller');
      return speaking;
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    this.opts.synthesizer.synthesize(clean, language, { signal: abort.signal }).then(
      (raw) => {
        if (ended) return;
        const pcm = this.opts.sampleRate ? resample(raw, this.opts.sampleRate) : raw;
        this.lastAudio = { text: clean, language, pcm };
        const perChunk = Math.max(1, Math.round(pcm.sampleRate * this.chunkS));
        totalS = pcm.samples.length / pcm.sampleRate;
        startMs = this.clock.now();
        let k = 0;
        // Each chunk is due `lead` before the playhead reaches it, counted from the start (no drift).
        const next = () => {
          if (ended) return;
          const from = k * perChunk;
          if (from >= pcm.samples.length) {
            const left = Math.max(0, totalS - (this.clock.now() - startMs!) / 1000);
            cancels.push(this.clock.after(left, () => {
              opts.onProgress?.(1);
              speaking.end('finished');
            }));
            return;
          }
          const samples = pcm.samples.subarray(from, Math.min(pcm.samples.length, from + perChunk));
          k++;
          sentS = Math.min(totalS, (from + samples.length) / pcm.sampleRate);
          try {
            this.opts.play({ sampleRate: pcm.sampleRate, samples });
          } catch (e) {
            speaking.end('failed', `playing a chunk failed: ${(e as Error).message}`);
            return;
          }
          opts.onProgress?.(progress());
          const dueS = k * this.chunkS - this.leadS;
          const waitS = Math.max(0, dueS - (this.clock.now() - startMs!) / 1000);
          cancels.push(this.clock.after(waitS, next));
        };
        next();
      },
      (e: unknown) => {
        if (!ended) speaking.end('failed', e instanceof Error ? e.message : String(e));
      },
    );
    return speaking;
  }

  /** The patient started speaking: the robot stops at once and says how far it got. */
  bargeIn(): SpeechEnd | undefined {
    return this.current?.end('interrupted', 'the patient started speaking');
  }

  stop(reason?: string): void {
    this.current?.stop(reason);
  }

  /**
   * Listens to a "patient started speaking" event (the VAD's speech start, in process) and barges in
   * on it. Returns what the subscription returns, to stop listening.
   */
  bargeInOn(subscribe: (listener: () => void) => () => void): () => void {
    return subscribe(() => { this.bargeIn(); });
  }

  /** The last sentence the voice said, whole, as WAV bytes (for the patient screen to play). */
  lastWav(): { text: string; language: SpeechLanguage; wav: Buffer } | undefined {
    const a = this.lastAudio;
    return a ? { text: a.text, language: a.language, wav: writeWav(a.pcm) } : undefined;
  }
}

/** A sentence as a WAV file, e.g. for an HTTP route the patient screen plays. */
export async function speechWav(synthesizer: SpeechSynthesizer, text: string, language: SpeechLanguage, opts: { sampleRate?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
  const raw = await synthesizer.synthesize(text, language, opts.signal ? { signal: opts.signal } : {});
  return writeWav(opts.sampleRate ? resample(raw, opts.sampleRate) : raw);
}
