import { describe, it, expect } from '@jest/globals';
import { deadline } from './clock.js';
import { ManualClock } from './manual-clock.js';

describe('deadline', () => {
  it('ends when the clock has passed it and the wall-time floor too, whichever is later', async () => {
    const clock = new ManualClock(0);
    let fired = 0;
    deadline(clock, 40_000, () => fired++, 150);
    clock.jump(60_000);
    expect(fired).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(fired).toBe(1);
  });

  it('ends at once on the clock when the floor has already passed, and a cancel stops it either way', async () => {
    const clock = new ManualClock(0);
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
