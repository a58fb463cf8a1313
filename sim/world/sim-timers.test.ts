import { describe, it, expect } from '@jest/globals';
import { loadWard } from '../../robot/index.js';
import { BUILTIN_WARD_FILE } from '../maps/index.js';
import { SimTimers, SimWorld } from './index.js';

const ward = loadWard(BUILTIN_WARD_FILE);

describe('SimTimers', () => {
  it('fires on sim time, in due order, ties in the order they were set', () => {
    const world = new SimWorld({ ward });
    const timers = new SimTimers(world);
    const fired: string[] = [];
    timers.after(1, () => fired.push(`b@${world.clock.now()}`));
    timers.after(0.5, () => fired.push(`a@${world.clock.now()}`));
    timers.after(1, () => fired.push(`c@${world.clock.now()}`));
    world.runFor(0.45);
    expect(fired).toEqual([]);
    world.runFor(1);
    expect(fired).toEqual(['a@500', 'b@1000', 'c@1000']);
    expect(timers.pending).toBe(0);
  });

  it('cancel stops a timer; every repeats until canceled; a throwing timer does not stop the others', () => {
    const world = new SimWorld({ ward });
    const errors: unknown[] = [];
    const timers = new SimTimers(world, (err) => errors.push(err));
    const fired: number[] = [];
    const cancel = timers.after(1, () => fired.push(-1));
    const stop = timers.every(0.25, () => fired.push(world.clock.now()));
    timers.after(0.6, () => { throw new Error('boom'); });
    cancel();
    world.runFor(1);
    stop();
    world.runFor(1);
    expect(fired).toEqual([250, 500, 750, 1000]);
    expect(errors.map(String)).toEqual(['Error: boom']);
  });

  it('holds while the world does not step, and rejects bad delays naming them', () => {
    const world = new SimWorld({ ward });
    const timers = new SimTimers(world);
    let fired = false;
    timers.after(0.1, () => { fired = true; });
    expect(fired).toBe(false);
    expect(() => timers.after(-1, () => undefined)).toThrow(/seconds must be a non-negative/);
    expect(() => timers.every(0, () => undefined)).toThrow(/seconds must be a positive/);
    timers.destroy();
    world.runFor(1);
    expect(fired).toBe(false);
  });
});
