// SimClock.hold: while any hold is in force the world does not step, and time asked for meanwhile is
// not made up afterwards; a hold taken inside a physics step stops the rest of that call.
import { describe, it, expect } from '@jest/globals';
import { wardWithPeople } from '../people/test-people.js';
import { SimTimers, SimWorld } from './index.js';

describe('holding simulated time', () => {
  it('stands still while held, counts holds, and releases idempotently', () => {
    const world = new SimWorld({ ward: wardWithPeople(), seed: 1 });
    world.runFor(1);
    const t = world.clock.now();
    const a = world.clock.hold();
    const b = world.clock.hold();
    expect(world.clock.held).toBe(true);
    world.runFor(5);
    expect(world.clock.now()).toBe(t);
    a();
    a();
    expect(world.clock.held).toBe(true);
    world.runFor(5);
    expect(world.clock.now()).toBe(t);
    b();
    expect(world.clock.held).toBe(false);
    world.runFor(0.5);
    expect(world.clock.now()).toBe(t + 500);
  });

  it('a hold taken by a timer stops the steps still pending in that call', () => {
    const world = new SimWorld({ ward: wardWithPeople(), seed: 1 });
    const timers = new SimTimers(world);
    let release: () => void = () => undefined;
    timers.after(1, () => { release = world.clock.hold(); });
    world.runFor(10);
    expect(world.clock.now()).toBe(1000);
    release();
    world.runFor(1);
    expect(world.clock.now()).toBe(2000);
    timers.destroy();
  });
});
