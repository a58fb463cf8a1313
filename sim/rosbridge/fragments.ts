// Reassembles incoming `fragment` frames (rosbridge protocol 3.1.1) into the frame they carry.
// Buffers are bounded so that a client cannot make the server hold unbounded partial messages.
import { FrameError, type Frame } from './frame.js';

export interface ReassemblyLimits {
  /** Characters held across all unfinished messages of one client. */
  maxBufferedChars: number;
  maxFragments: number;
  /** An unfinished message older than this is dropped (rosbridge's fragment_timeout, 600 s). */
  timeoutMs: number;
}

export const DEFAULT_REASSEMBLY_LIMITS: ReassemblyLimits = {
  maxBufferedChars: 64 * 1024 * 1024,
  maxFragments: 100_000,
  timeoutMs: 600_000,
};

interface Pending { parts: (string | undefined)[]; received: number; chars: number; startedMs: number }

export class Reassembler {
  private readonly pending = new Map<string, Pending>();
  private bufferedChars = 0;

  constructor(private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY_LIMITS, private readonly nowMs = () => Date.now()) {}

  /** Adds one fragment; returns the whole message text once its last fragment arrived. */
  add(frame: Frame): string | undefined {
    const { id, data, num, total } = frame;
    if (typeof id !== 'string' && typeof id !== 'number') throw new FrameError('id', 'fragment: field "id" must be a string or a number');
    if (typeof data !== 'string') throw new FrameError('data', 'fragment: field "data" must be a string');
    if (!Number.isInteger(total) || (total as number) < 1 || (total as number) > this.limits.maxFragments) {
      throw new FrameError('total', `fragment: field "total" must be an integer from 1 to ${this.limits.maxFragments}`);
    }
    if (!Number.isInteger(num) || (num as number) < 0 || (num as number) >= (total as number)) {
      throw new FrameError('num', 'fragment: field "num" must be an integer from 0 to total-1');
    }
    this.expire();
    const key = String(id);
    let p = this.pending.get(key);
    if (p && p.parts.length !== total) {
      this.discard(key, p);
      throw new FrameError('total', `fragment: "total" changed within message ${key}; its fragments were dropped`);
    }
    if (!p) {
      p = { parts: new Array<string | undefined>(total as number), received: 0, chars: 0, startedMs: this.nowMs() };
      this.pending.set(key, p);
    }
    const previous = p.parts[num as number];
    if (previous === undefined) p.received++;
    else this.uncount(p, previous.length);
    p.parts[num as number] = data;
    p.chars += data.length;
    this.bufferedChars += data.length;
    if (this.bufferedChars > this.limits.maxBufferedChars) {
      this.discard(key, p);
      throw new FrameError('data', `fragment: unfinished messages exceed ${this.limits.maxBufferedChars} characters; message ${key} was dropped`);
    }
    if (p.received < p.parts.length) return undefined;
    this.discard(key, p);
    return p.parts.join('');
  }

  get unfinished(): number { return this.pending.size; }

  private expire(): void {
    const cutoff = this.nowMs() - this.limits.timeoutMs;
    for (const [key, p] of this.pending) if (p.startedMs < cutoff) this.discard(key, p);
  }

  private uncount(p: Pending, chars: number): void {
    p.chars -= chars;
    this.bufferedChars -= chars;
  }

  private discard(key: string, p: Pending): void {
    this.pending.delete(key);
    this.bufferedChars -= p.chars;
  }
}
