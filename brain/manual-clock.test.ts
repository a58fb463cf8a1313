import { describe, it, expect } from '@jest/globals';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires due timers in time order, each with now() at its due time, ties in arming order', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.after(300, () => fired.push(`c@${clock.now()}`));
    clock.after(100, () => fired.push(`a@${clock.now()}`));
    clock.after(100, () => fired.push(`b@${clock.now()}`));
    clock.after(500, () => fired.push(`late@${clock.now()}`));
    await clock.advance(300);
    expect(fired).toEqual(['a@1100', 'b@1100', 'c@1300']);
    expect(clock.now()).toBe(1300);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires timers armed by fired callbacks, also after async work, within the same advance', async () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      void Promise.resolve().then(() => clock.after(10, tick));
    };
    clock.after(10, tick);
    await clock.advance(35);
    expect(fired).toEqual([10, 20, 30]);
    expect(clock.now()).toBe(35);
  });

  it('does not fire cancelled timers, and a zero or negative delay fires on the next advance', async () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    const cancel = clock.after(5, () => fired.push('cancelled'));
    clock.after(-5, () => fired.push(`now@${clock.now()}`));
    cancel();
    await clock.advance(0);
    expect(fired).toEqual(['now@0']);
    await clock.advance(10);
    expect(fired).toEqual(['now@0']);
  });

  it('refuses to go backwards', async () => {
    await expect(new ManualClock(0).advance(-1)).rejects.toThrow('ms: -1');
  });
  it('jumps at once, firing due timers in time order with now() at each due time', () => {
    const clock = new ManualClock(0);
    const seen: [string, number][] = [];
    clock.after(300, () => seen.push(['b', clock.now()]));
    clock.after(100, () => seen.push(['a', clock.now()]));
    clock.after(900, () => seen.push(['late', clock.now()]));
    clock.jump(500);
    expect(seen).toEqual([['a', 100], ['b', 300]]);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
  });
});
