import { describe, it, expect } from '@jest/globals';
import { pickRobot } from './allocator.js';
import type { RobotState } from './robot-state.js';

function robot(name: string, over: Partial<RobotState> = {}): RobotState {
  return {
    name, status: 'idle', level: 'L1', pose: { x: 0, y: 0, yaw: 0 }, battery: { percentage: 80, charging: false },
    task_id: null, path: [], last_seen_ms: 1, ...over,
  };
}
const target = { level: 'L1', x: 10, y: 0 };

describe('pickRobot', () => {
  it('picks the nearest idle robot', () => {
    const got = pickRobot([robot('far', { pose: { x: -5, y: 0, yaw: 0 } }), robot('near', { pose: { x: 8, y: 0, yaw: 0 } })], target, 20);
    expect(got.robot?.name).toBe('near');
    expect(got.robot && 'distanceM' in got ? got.distanceM : -1).toBeCloseTo(2);
  });

  it('prefers a robot on the same level over a closer one elsewhere', () => {
    const got = pickRobot([
      robot('upstairs', { level: 'L2', pose: { x: 10, y: 0, yaw: 0 } }),
      robot('here', { pose: { x: -20, y: 0, yaw: 0 } }),
    ], target, 20);
    expect(got.robot?.name).toBe('here');
  });

  it('passes over busy, offline and low-battery robots and says why nobody fits', () => {
    expect(pickRobot([], target, 20)).toEqual({ robot: null, reason: 'none_known', why: 'no robot is known yet' });
    const busy = [robot('a', { status: 'working', task_id: 't1' }), robot('b', { status: 'offline' })];
    expect(pickRobot(busy, target, 20)).toEqual({ robot: null, reason: 'none_free', why: 'no robot is free (a: working, b: offline)' });
    const low = [robot('a', { battery: { percentage: 19.9, charging: false } })];
    expect(pickRobot(low, target, 20)).toEqual({ robot: null, reason: 'battery_low', why: 'every free robot is below 20% battery (a: 19.9%)' });
    expect(pickRobot([...low, robot('c', { pose: { x: 100, y: 0, yaw: 0 } })], target, 20).robot?.name).toBe('c');
  });

  it('counts a robot on its charger as free when its battery is high enough', () => {
    const docked = robot('docked', { status: 'charging', battery: { percentage: 60, charging: true } });
    expect(pickRobot([docked], target, 20).robot?.name).toBe('docked');
  });
});
