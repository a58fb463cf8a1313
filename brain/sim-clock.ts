// The brain on simulated time (ROS `use_sim_time`): time is whatever the last /clock message said,
// and a wait ends when /clock passes its due time. A paused or unreachable simulator therefore
// pauses every deadline in the brain instead of making them all expire at once.
import type { BrainClock } from './clock.js';
import type { RobotLink } from './link/types.js';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

export class SimTimeClock implements BrainClock {
  private current: number | null = null;
  private timers: Timer[] = [];
  private seq = 0;
  private readonly waiters: (() => void)[] = [];
  private early: { ms: number; fn: () => void; cancel: null | (() => void); canceled: boolean }[] = [];
  private readonly onClock = (epochMs: number) => this.advanceTo(epochMs);

  constructor(private readonly link: RobotLink) {
    link.on('clock', this.onClock);
  }

  /** Before the first /clock message, wall time stands in (nothing is due on it yet anyway). */
  now(): number {
    return this.current ?? Date.now();
  }

  get synced(): boolean {
    return this.current !== null;
  }

  /** Resolves at the first /clock message, or rejects after `timeoutMs` of wall time. */
  firstTick(timeoutMs: number): Promise<void> {
    if (this.current !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no /clock message within ${timeoutMs} ms: is the simulator running and publishing /clock?`)), timeoutMs);
      t.unref();
      this.waiters.push(() => { clearTimeout(t); resolve(); });
    });
  }

  after(ms: number, fn: () => void): () => void {
    if (this.current === null) {
      // Not synced yet: the wait starts at the first simulated instant the brain learns of.
      const early = { ms, fn, cancel: null as null | (() => void), canceled: false };
      this.early.push(early);
      return () => { early.canceled = true; early.cancel?.(); };
    }
    const timer: Timer = { due: this.now() + Math.max(0, ms), seq: this.seq++, fn };
    // Kept sorted; a brain has tens of timers, not thousands.
    const at = this.timers.findIndex((t) => t.due > timer.due);
    if (at < 0) this.timers.push(timer); else this.timers.splice(at, 0, timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }

  close(): void {
    this.link.off('clock', this.onClock);
    this.timers = [];
  }

  private advanceTo(epochMs: number): void {
    // A clock that goes back (simulator restarted) is followed, and pending waits keep their due time.
    const first = this.current === null;
    this.current = epochMs;
    if (first) {
      for (const e of this.early.splice(0)) if (!e.canceled) e.cancel = this.after(e.ms, e.fn);
    }
    for (const w of this.waiters.splice(0)) w();
    while (this.timers.length && this.timers[0]!.due <= epochMs) {
      const t = this.timers.shift()!;
      try {
        t.fn();
      } catch {
        // A timer callback's own error handling lives in the callback; one failure must not stop the others.
      }
    }
  }
}
