import { describe, it, expect } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { RobotLink, RobotLinkEvents } from './link/types.js';
import { SimTimeClock } from './sim-clock.js';

const fakeLink = () => new EventEmitter<RobotLinkEvents>() as unknown as RobotLink & EventEmitter<RobotLinkEvents>;

describe('SimTimeClock', () => {
  it('follows /clock, fires waits in due order when the clock passes them, and a cancel stops one', () => {
    const link = fakeLink();
    const clock = new SimTimeClock(link);
    link.emit('clock', 1_000_000);
    const fired: string[] = [];
    clock.after(5_000, () => fired.push('b'));
    clock.after(1_000, () => fired.push('a'));
    const cancel = clock.after(2_000, () => fired.push('never'));
    cancel();
    link.emit('clock', 1_003_000);
    expect(fired).toEqual(['a']);
    expect(clock.now()).toBe(1_003_000);
    link.emit('clock', 1_010_000);
    expect(fired).toEqual(['a', 'b']);
  });

  it('starts a wait asked for before the first /clock at the first simulated instant, not on the wall clock', async () => {
    const link = fakeLink();
    const clock = new SimTimeClock(link);
    expect(clock.synced).toBe(false);
    const fired: number[] = [];
    clock.after(60_000, () => fired.push(clock.now()));
    const ready = clock.firstTick(1_000);
    link.emit('clock', 5_000);
    await ready;
    link.emit('clock', 64_000);
    expect(fired).toEqual([]);
    link.emit('clock', 65_000);
    expect(fired).toEqual([65_000]);
  });

  it('says what to check when no /clock arrives', async () => {
    const clock = new SimTimeClock(fakeLink());
    await expect(clock.firstTick(20)).rejects.toThrow(/no \/clock message within 20 ms: is the simulator running/);
  });
});
