import { describe, it, expect } from '@jest/globals';
import { deadline, type BrainClock } from './clock.js';

/** A clock that jumps: what a simulator at 1000× looks like from the brain. */
function jumpingClock(): BrainClock & { jump(ms: number): void } {
  let now = 0;
  let timers: { due: number; fn: () => void }[] = [];
  return {
    now: () => now,
    after(ms, fn) {
      const t = { due: now + ms, fn };
      timers.push(t);
      return () => { timers = timers.filter((x) => x !== t); };
    },
    jump(ms) {
      now += ms;
      const due = timers.filter((t) => t.due <= now);
      timers = timers.filter((t) => t.due > now);
      for (const t of due) t.fn();
    },
  };
}

describe('deadline', () => {
  it('ends when the clock has passed it and the wall-time floor too, whichever is later', async () => {
    const clock = jumpingClock();
    let fired = 0;
    deadline(clock, 40_000, () => fired++, 150);
    clock.jump(60_000);
    expect(fired).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).toBe(1);
  });

  it('ends at once on the clock when the floor has already passed, and a cancel stops it either way', async () => {
    const clock = jumpingClock();
    let fired = 0;
    deadline(clock, 1_000, () => fired++, 0);
    clock.jump(1_000);
    expect(fired).toBe(1);
    const cancel = deadline(clock, 1_000, () => fired++, 100);
    clock.jump(1_000);
    cancel();
    await new Promise((r) => setTimeout(r, 150));
    expect(fired).toBe(1);
  });
});
