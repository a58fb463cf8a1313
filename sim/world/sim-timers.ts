// Timers on the sim clock. Skills wait in sim time, not wall time, so a world at 'max' speed runs a
// ten-minute conversation in milliseconds and a paused world holds every wait where it is.
import type { SimWorld } from './sim-world.js';

interface Timer { dueMs: number; seq: number; fn: () => void }

export type CancelTimer = () => void;

export class SimTimers {
  private queue: Timer[] = [];
  private seq = 0;
  private readonly unsubscribe: () => void;

  constructor(private readonly world: SimWorld, private readonly onError: (err: unknown) => void = rethrowLater) {
    this.unsubscribe = world.on('tick', (now) => this.fire(now));
  }

  /** Sim time now, milliseconds. */
  now(): number {
    return this.world.clock.now();
  }

  /** Runs `fn` at the first physics step at or after `seconds` of sim time from now. */
  after(seconds: number, fn: () => void): CancelTimer {
    if (!(Number.isFinite(seconds) && seconds >= 0)) throw new RangeError(`SimTimers.after: seconds must be a non-negative number, got ${seconds}`);
    return this.at(this.now() + seconds * 1000, fn);
  }

  /** Runs `fn` at the first physics step whose time is at or after `simMs`. */
  at(simMs: number, fn: () => void): CancelTimer {
    if (Number.isNaN(simMs)) throw new RangeError('SimTimers.at: simMs is NaN');
    const timer: Timer = { dueMs: simMs, seq: ++this.seq, fn };
    // Sorted by due time, then by creation, so timers due in one step fire in the order they were set.
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.dueMs > simMs) i--;
    this.queue.splice(i, 0, timer);
    return () => {
      const at = this.queue.indexOf(timer);
      if (at >= 0) this.queue.splice(at, 1);
    };
  }

  /** Runs `fn` every `seconds` of sim time until canceled; the first run is one period from now. */
  every(seconds: number, fn: () => void): CancelTimer {
    if (!(Number.isFinite(seconds) && seconds > 0)) throw new RangeError(`SimTimers.every: seconds must be a positive number, got ${seconds}`);
    let cancelNext: CancelTimer = () => undefined;
    let stopped = false;
    const schedule = (dueMs: number) => {
      cancelNext = this.at(dueMs, () => {
        if (stopped) return;
        schedule(dueMs + seconds * 1000);
        fn();
      });
    };
    schedule(this.now() + seconds * 1000);
    return () => {
      stopped = true;
      cancelNext();
    };
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Drops every timer and stops listening to the world. */
  destroy(): void {
    this.queue = [];
    this.unsubscribe();
  }

  private fire(now: number): void {
    while (this.queue.length && this.queue[0]!.dueMs <= now + 1e-6) {
      const timer = this.queue.shift()!;
      try {
        timer.fn();
      } catch (err) {
        this.onError(err);
      }
    }
  }
}

/** One skill's bug must not stop the physics step or the other timers; it surfaces on its own. */
function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}
