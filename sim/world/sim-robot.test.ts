import { describe, it, expect } from '@jest/globals';
import { findPlace, loadWard } from '../../robot/map/index.js';
import { BUILTIN_WARD_FILE, CLINIC_WARD_FILE } from '../maps/index.js';
import { DEFAULT_ROBOT_CONFIG, SimWorld } from './index.js';
import type { NavFeedback, NavigationHandle, SimRobot } from './index.js';

const clinic = loadWard(CLINIC_WARD_FILE);
const small = loadWard(BUILTIN_WARD_FILE);
const cfg = DEFAULT_ROBOT_CONFIG;
const EPS = 1e-9;

function handleOf(r: SimRobot, target: Parameters<SimRobot['goTo']>[0], opts?: Parameters<SimRobot['goTo']>[1]): NavigationHandle {
  const res = r.goTo(target, opts);
  if (!res.ok) throw new Error(`goTo failed: ${res.code} ${res.message}`);
  return res.handle;
}

/** Steps until the goal ends (or the limit), recording speed, turn rate and braking on every tick. */
function runUntilDone(world: SimWorld, r: SimRobot, h: NavigationHandle, limitSec = 600) {
  const stats = { maxV: 0, maxW: 0, maxAccel: 0, speeds: [] as { t: number; v: number; x: number; y: number }[] };
  let prev = r.velocity().linear;
  const off = world.on('tick', (t) => {
    const { linear, angular } = r.velocity();
    stats.maxV = Math.max(stats.maxV, linear);
    stats.maxW = Math.max(stats.maxW, Math.abs(angular));
    stats.maxAccel = Math.max(stats.maxAccel, Math.abs(linear - prev) / world.physicsDtSec);
    stats.speeds.push({ t, v: linear, x: r.pose().x, y: r.pose().y });
    prev = linear;
  });
  for (let s = 0; s < limitSec && !h.outcome; s++) world.runFor(1);
  off();
  return stats;
}

describe('SimRobot driving on the clinic map', () => {
  it('drives to a far bed within its limits and stops on it', async () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    const bed = findPlace(clinic, 'bed_20')!;
    const h = handleOf(r, { place: 'bed_20' });
    expect(r.mode()).toBe('navigating');
    expect(r.currentGoal()).toBe('bed_20');
    const path0 = r.plannedPath();
    expect(path0[path0.length - 1]).toEqual({ level: 'L1', x: bed.x, y: bed.y });

    const feedback: NavFeedback[] = [];
    h.onFeedback((fb) => feedback.push(fb));
    const stats = runUntilDone(world, r, h);

    expect(h.outcome).toEqual({ status: 'succeeded', code: 'NONE', message: 'robot_1 reached bed_20' });
    await expect(h.done).resolves.toEqual(h.outcome);
    const pose = r.pose();
    expect(Math.hypot(pose.x - bed.x, pose.y - bed.y)).toBeLessThan(0.05);
    expect(Math.abs(pose.yaw - bed.yaw!)).toBeLessThan(cfg.yawTolerance);
    expect(r.velocity()).toEqual({ linear: 0, angular: 0 });
    expect(r.mode()).toBe('idle');
    expect(r.currentGoal()).toBeNull();
    expect(r.plannedPath()).toEqual([]);

    expect(stats.maxV).toBeCloseTo(cfg.maxLinearSpeed, 6);
    expect(stats.maxV).toBeLessThanOrEqual(cfg.maxLinearSpeed + EPS);
    expect(stats.maxW).toBeLessThanOrEqual(cfg.maxYawRate + EPS);
    expect(stats.maxAccel).toBeLessThanOrEqual(cfg.maxLinearAccel + 1e-6);

    expect(feedback.length).toBeGreaterThan(100);
    for (let i = 1; i < feedback.length; i++) {
      expect(feedback[i]!.elapsedSec - feedback[i - 1]!.elapsedSec).toBeGreaterThanOrEqual(0.1 - EPS);
    }
    expect(feedback[0]!.distanceRemaining).toBeGreaterThan(30);
    expect(feedback[0]!.etaSec).toBeGreaterThan(feedback[0]!.distanceRemaining / cfg.maxLinearSpeed - EPS);
    expect(feedback[feedback.length - 1]!.distanceRemaining).toBeLessThan(0.1);
  });

  it('shortens its planned path as it goes', () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    handleOf(r, { place: 'bed_20' });
    const before = r.plannedPath().length;
    world.runFor(30);
    expect(r.plannedPath().length).toBeLessThan(before);
    expect(r.plannedPath().length).toBeGreaterThan(0);
  });

  it('brakes within its acceleration limit when canceled, then reports canceled', async () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    const h = handleOf(r, { place: 'bed_20' });
    world.runFor(12);
    const v0 = r.velocity().linear;
    expect(v0).toBeGreaterThan(0.5);
    h.cancel();
    expect(h.outcome).toBeNull();
    expect(r.mode()).toBe('idle');
    expect(r.currentGoal()).toBeNull();
    const speeds: number[] = [v0];
    const off = world.on('tick', () => speeds.push(r.velocity().linear));
    world.runFor(v0 / cfg.maxLinearAccel + 0.2);
    off();
    for (let i = 1; i < speeds.length; i++) {
      expect(speeds[i - 1]! - speeds[i]!).toBeLessThanOrEqual(cfg.maxLinearAccel * world.physicsDtSec + EPS);
      expect(speeds[i]!).toBeLessThanOrEqual(speeds[i - 1]! + EPS);
    }
    expect(speeds[speeds.length - 1]).toBe(0);
    await expect(h.done).resolves.toEqual({ status: 'canceled', code: 'CANCELED', message: 'robot_1: goal canceled' });
  });

  it('preempts the running goal with a new one', async () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    const first = handleOf(r, { place: 'bed_20' });
    world.runFor(5);
    const second = handleOf(r, { place: 'pharmacy' });
    expect(second.id).toBeGreaterThan(first.id);
    await expect(first.done).resolves.toMatchObject({ status: 'canceled', code: 'PREEMPTED' });
    expect(r.currentGoal()).toBe('pharmacy');
    runUntilDone(world, r, second);
    expect(second.outcome?.status).toBe('succeeded');
    const p = findPlace(clinic, 'pharmacy')!;
    expect(Math.hypot(r.pose().x - p.x, r.pose().y - p.y)).toBeLessThan(0.05);
  });

  it('refuses goals it cannot take, saying why', () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    expect(r.goTo({ place: 'bed_99' })).toMatchObject({ ok: false, code: 'UNKNOWN_PLACE', message: expect.stringMatching(/^unknown place "bed_99"; did you mean bed_/) });
    expect(r.goTo({ x: 500, y: 500 })).toMatchObject({ ok: false, code: 'OFF_MAP' });
    r.setBattery(0);
    expect(r.goTo({ place: 'bed_1' })).toEqual({ ok: false, code: 'LOW_BATTERY', message: 'robot_1: battery is empty; charge it first' });
    expect(r.mode()).toBe('error');
  });

  it('drives to a free point and turns to the requested heading', () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    const goal = findPlace(clinic, 'L1_left_nurse_center')!;
    const h = handleOf(r, { x: goal.x + 0.4, y: goal.y, yaw: -1.2 });
    expect(r.currentGoal()).toBe(`${goal.x + 0.4},${goal.y}`);
    runUntilDone(world, r, h);
    expect(h.outcome?.status).toBe('succeeded');
    expect(Math.hypot(r.pose().x - goal.x - 0.4, r.pose().y - goal.y)).toBeLessThan(0.05);
    expect(Math.abs(r.pose().yaw + 1.2)).toBeLessThan(cfg.yawTolerance);
  });

  it('rides a lift to the other level', () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    const h = handleOf(r, { place: 'tinyRobot_1_charger' });
    const levels = new Set<string>();
    const off = world.on('tick', () => levels.add(r.pose().level));
    runUntilDone(world, r, h);
    off();
    expect(h.outcome?.status).toBe('succeeded');
    expect(r.pose().level).toBe('L2');
    expect([...levels]).toEqual(['L1', 'L2']);
  });

  it('plans around an area blocked while it drives', () => {
    const world = new SimWorld({ ward: clinic, seed: 3 });
    const r = world.robot('robot_1')!;
    const h = handleOf(r, { place: 'bed_20' });
    world.runFor(3);
    const ahead = r.plannedPath();
    const mid = ahead[Math.floor(ahead.length / 2)]!;
    const block = { level: 'L1', x: mid.x, y: mid.y, radius: 0.5 };
    world.graph.block({ area: block });
    world.runFor(world.physicsDtSec);
    const after = r.plannedPath();
    expect(after).not.toEqual(ahead.slice(ahead.length - after.length));
    let closest = Infinity;
    const off = world.on('tick', () => { closest = Math.min(closest, Math.hypot(r.pose().x - block.x, r.pose().y - block.y)); });
    runUntilDone(world, r, h);
    off();
    expect(h.outcome?.status).toBe('succeeded');
    expect(closest).toBeGreaterThan(block.radius);
  });
});

describe('SimRobot on the small ward', () => {
  it('keeps to the slow lane limit inside a bay and to a goal speed cap', () => {
    const world = new SimWorld({ ward: small, seed: 5 });
    const r = world.robot('robot_1')!;
    const stats = runUntilDone(world, r, handleOf(r, { place: 'bed_3' }));
    // The north corridor wall is at y = -6.5; bed bays lie north of it west of x = 18.5.
    const inBay = stats.speeds.filter((s) => s.y > -6.4 && s.x < 18.5);
    expect(inBay.length).toBeGreaterThan(10);
    expect(Math.max(...inBay.map((s) => s.v))).toBeLessThanOrEqual(0.5 + EPS);
    expect(stats.maxV).toBeCloseTo(1, 6);

    const capped = runUntilDone(world, r, handleOf(r, { place: 'pharmacy' }, { maxSpeed: 0.4 }));
    expect(capped.maxV).toBeCloseTo(0.4, 6);
    expect(() => r.goTo({ place: 'bed_1' }, { maxSpeed: 0 })).toThrow(/maxSpeed must be a positive number/);
  });

  it('aborts with BLOCKED when the only corridor is blocked ahead, and brakes', () => {
    const world = new SimWorld({ ward: small, seed: 5 });
    const r = world.robot('robot_1')!;
    const h = handleOf(r, { place: 'bed_1' });
    world.runFor(14);
    expect(r.velocity().linear).toBeGreaterThan(0.5);
    expect(r.pose().x).toBeGreaterThan(12);
    world.graph.block({ area: { level: 'L1', x: 8, y: -7.7, radius: 0.6 } });
    world.runFor(world.physicsDtSec);
    expect(h.outcome).toMatchObject({ status: 'aborted', code: 'BLOCKED' });
    expect(h.outcome!.message).toMatch(/^robot_1: way to bed_1 is blocked \(/);
    const v0 = r.velocity().linear;
    expect(v0).toBeGreaterThan(0.3);
    world.runFor(v0 / cfg.maxLinearAccel + 0.1);
    expect(r.velocity().linear).toBe(0);
  });

  it('drains its battery faster when moving, and charges on a charger', () => {
    const world = new SimWorld({ ward: small, robots: ['robot_1', 'robot_2', 'robot_3'], seed: 5 });
    const [mover, charging, parked] = world.robots as [SimRobot, SimRobot, SimRobot];
    expect(parked.pose()).toMatchObject({ x: findPlace(small, 'parking_1')!.x });
    charging.setBattery(0.5);
    let driven = 0;
    world.on('tick', () => { driven += mover.velocity().linear * world.physicsDtSec; });
    handleOf(mover, { place: 'bed_1' });
    world.runFor(60);

    const idleAh = (cfg.idleCurrentA * 60) / 3600;
    expect(parked.battery().chargeAh).toBeCloseTo(cfg.batteryCapacityAh - idleAh, 9);
    expect(parked.mode()).toBe('idle');
    expect(driven).toBeGreaterThan(25);
    expect(mover.battery().chargeAh).toBeCloseTo(cfg.batteryCapacityAh - idleAh - (cfg.motionCurrentA * driven) / 3600, 9);

    const expected = 0.5 + ((cfg.chargeCurrentA - cfg.idleCurrentA) * 60) / 3600 / cfg.batteryCapacityAh;
    expect(charging.battery().percentage).toBeCloseTo(expected, 9);
    expect(charging.battery().charging).toBe(true);
    expect(charging.mode()).toBe('charging');
    expect(charging.battery().voltage).toBeCloseTo(cfg.voltageEmpty + (cfg.voltageFull - cfg.voltageEmpty) * expected, 9);

    world.runFor(3 * 3600);
    expect(charging.battery()).toMatchObject({ percentage: 1, charging: false });
    expect(charging.mode()).toBe('idle');
  });

  it('stops and aborts with LOW_BATTERY when the battery runs out on the way', async () => {
    const world = new SimWorld({ ward: small, seed: 5 });
    const r = world.robot('robot_1')!;
    r.setBattery(0.0005);
    const h = handleOf(r, { place: 'bed_1' });
    world.runFor(60);
    await expect(h.done).resolves.toEqual({ status: 'aborted', code: 'LOW_BATTERY', message: 'robot_1: battery ran out' });
    expect(r.velocity()).toEqual({ linear: 0, angular: 0 });
    expect(r.mode()).toBe('error');
    expect(r.battery().percentage).toBe(0);
  });
});
