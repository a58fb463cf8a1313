import { describe, it, expect, jest } from '@jest/globals';
import { findPlace, loadWard } from '../../robot/map/index.js';
import { BUILTIN_WARD_FILE, CLINIC_WARD_FILE } from '../maps/index.js';
import { SimWorld } from './index.js';
import type { RobotPose } from './index.js';

const clinic = loadWard(CLINIC_WARD_FILE);
const small = loadWard(BUILTIN_WARD_FILE);

describe('SimWorld spawning', () => {
  it('spawns the ward\'s listed robots at their places by default', () => {
    const world = new SimWorld({ ward: clinic });
    expect(world.robots.map((r) => r.name)).toEqual(['robot_1', 'robot_2', 'robot_3']);
    const at = findPlace(clinic, 'deliveryRobot_2_charger')!;
    expect(world.robot('robot_2')!.pose()).toEqual({ level: 'L1', x: at.x, y: at.y, yaw: 0 });
    expect(world.robot('robot_9')).toBeUndefined();
  });

  it('puts extra robots on free chargers, then parking, never two on one spot', () => {
    const world = new SimWorld({ ward: small, robots: ['visitor', 'robot_2', 'robot_7', 'robot_8'] });
    const place = (name: string) => findPlace(small, name)!;
    const pos = (name: string) => world.robot(name)!.pose();
    expect(pos('robot_2')).toMatchObject({ x: place('charger_2').x, y: place('charger_2').y });
    expect(pos('visitor')).toMatchObject({ x: place('charger_1').x, y: place('charger_1').y });
    expect(pos('robot_7')).toMatchObject({ x: place('parking_1').x, y: place('parking_1').y });
    expect(pos('robot_8')).toMatchObject({ x: place('parking_2').x, y: place('parking_2').y });
    expect(() => new SimWorld({ ward: small, robots: 5 })).toThrow(/no free charger or parking place left for robot_5 \(5 robots\)/);
    expect(() => new SimWorld({ ward: small, robots: ['a', 'a'] })).toThrow(/robot name "a" given twice/);
  });

  it('names robots robot_1..N for a count', () => {
    const world = new SimWorld({ ward: clinic, robots: 5 });
    expect(world.robots.map((r) => r.name)).toEqual(['robot_1', 'robot_2', 'robot_3', 'robot_4', 'robot_5']);
    const poses = world.robots.map((r) => r.pose());
    for (let i = 0; i < poses.length; i++) {
      for (let j = i + 1; j < poses.length; j++) {
        const apart = poses[i]!.level !== poses[j]!.level || Math.hypot(poses[i]!.x - poses[j]!.x, poses[i]!.y - poses[j]!.y) > 0.8;
        expect(apart).toBe(true);
      }
    }
  });
});

describe('SimWorld time', () => {
  it('advances in fixed physics steps and emits a tick for each', () => {
    const world = new SimWorld({ ward: small });
    const ticks: number[] = [];
    const off = world.on('tick', (t) => ticks.push(t));
    world.runFor(1);
    expect(ticks).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 50));
    world.step(0.07);
    expect(world.clock.now()).toBe(1050);
    world.step(0.03);
    expect(world.clock.now()).toBe(1100);
    off();
    world.runFor(1);
    expect(ticks).toHaveLength(22);
    expect(world.clock.now()).toBe(2100);
  });

  it('runs in real time at any time scale, and pauses', () => {
    jest.useFakeTimers();
    try {
      const world = new SimWorld({ ward: small });
      world.start(10);
      expect(world.running).toBe(true);
      jest.advanceTimersByTime(1000);
      expect(world.clock.now()).toBeGreaterThanOrEqual(9950);
      expect(world.clock.now()).toBeLessThanOrEqual(10000);
      world.setTimeScale(0.5);
      const t1 = world.clock.now();
      jest.advanceTimersByTime(2000);
      expect(world.clock.now() - t1).toBeGreaterThanOrEqual(950);
      expect(world.clock.now() - t1).toBeLessThanOrEqual(1050);
      world.clock.pause();
      const t2 = world.clock.now();
      jest.advanceTimersByTime(1000);
      expect(world.clock.now()).toBe(t2);
      world.clock.resume();
      world.stop();
      jest.advanceTimersByTime(1000);
      expect(world.clock.now()).toBe(t2);
      expect(world.running).toBe(false);
      expect(() => world.setTimeScale(0)).toThrow(/positive/);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('SimWorld determinism', () => {
  /** Three robots on scripted errands; returns every robot's pose at every tick. */
  function scripted(seed: number, chunkSec: number): RobotPose[][] {
    const world = new SimWorld({ ward: clinic, seed });
    const trace: RobotPose[][] = [];
    world.on('tick', () => trace.push(world.robots.map((r) => r.pose())));
    world.robot('robot_1')!.goTo({ place: 'bed_20' });
    world.robot('robot_2')!.goTo({ place: 'bed_5' });
    for (let t = 0; t < 60; t += chunkSec) {
      if (Math.abs(t - 9) < 1e-9) world.robot('robot_3')!.goTo({ place: 'pharmacy' });
      world.step(chunkSec);
    }
    return trace;
  }

  it('gives identical trajectories for the same seed and commands', () => {
    const a = scripted(11, 1.5);
    const b = scripted(11, 1.5);
    expect(a).toHaveLength(1200);
    expect(b).toEqual(a);
  });

  it('does not depend on how time is chunked', () => {
    expect(scripted(11, 0.25)).toEqual(scripted(11, 1.5));
  });

  it('differs for another seed', () => {
    const a = scripted(11, 1.5);
    const c = scripted(12, 1.5);
    expect(c).not.toEqual(a);
    const last = (t: RobotPose[][]) => t[t.length - 1]![2]!;
    expect(Math.hypot(last(a).x - last(c).x, last(a).y - last(c).y)).toBeLessThan(0.05);
  });
});

describe('SimWorld headless', () => {
  it('runs three robots on errands for a simulated hour', () => {
    const world = new SimWorld({ ward: clinic, seed: 21 });
    const beds = clinic.places.filter((p) => p.kind === 'bed').map((p) => p.name);
    const outcomes: string[] = [];
    const send = (i: number): void => {
      const r = world.robots[i]!;
      const res = r.goTo({ place: beds[Math.floor(world.rng() * beds.length)]! });
      if (!res.ok) throw new Error(res.message);
      // The next errand starts on the tick after this one ends, from the world loop.
      res.handle.done.then((o) => outcomes.push(o.status));
    };
    world.robots.forEach((_, i) => send(i));
    const busy = world.robots.map(() => true);
    world.on('tick', () => {
      world.robots.forEach((r, i) => {
        if (r.mode() === 'navigating') return;
        if (busy[i]) busy[i] = false;
        else {
          busy[i] = true;
          send(i);
        }
      });
    });
    world.runFor(3600);
    expect(world.clock.nowSec()).toBe(3600);
    const done = world.robots.map((r) => r.battery().percentage);
    expect(done.every((p) => p > 0 && p < 1)).toBe(true);
    return Promise.resolve().then(() => {
      expect(outcomes.length).toBeGreaterThan(60);
      expect(outcomes.every((s) => s === 'succeeded')).toBe(true);
    });
  });
});
