// A BrainClock that moves only when a test says so, so that anything waiting on the brain's clock
// (schedules, deadlines, answer time limits) can be tested hours ahead in milliseconds.
import type { BrainClock } from './clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets promise chains started by a fired callback run to their next real wait (and arm timers). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class ManualClock implements BrainClock {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    if (!Number.isFinite(startMs)) throw new RangeError(`startMs: ${String(startMs)} is not a finite number of milliseconds`);
    this.t = startMs;
  }

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.t + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Timers armed and not yet fired or cancelled. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves the clock `ms` forward, firing every timer that comes due on the way in time order (ties in
   * the order they were armed), each with now() at its due time. After each callback it waits one
   * turn of the event loop so that async work the callback started can settle and arm the next
   * timer, which fires in this same advance if it is due before the end.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms: ${String(ms)} must be a finite number >= 0`);
    const target = this.t + ms;
    for (;;) {
      await settle();
      const next = this.earliestDue(target);
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = target;
  }

  /**
   * Moves the clock `ms` forward at once, firing due timers in time order without waiting between
   * them: for tests whose callbacks are synchronous, or that want to see a jump as a simulator at
   * high speed makes it (one /clock step far beyond several deadlines).
   */
  jump(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms: ${String(ms)} must be a finite number >= 0`);
    const target = this.t + ms;
    for (let next = this.earliestDue(target); next; next = this.earliestDue(target)) {
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = target;
  }

  private earliestDue(target: number): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (timer.at > target) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
