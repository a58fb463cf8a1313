import type { RobotState } from './robot-state.js';

export interface Target {
  level: string;
  x: number;
  y: number;
}

/** Why no robot fits, as a stable word (for de-duplicating) and as a sentence (for people). */
export type NoRobotReason = 'none_known' | 'none_free' | 'battery_low';
export type Allocation = { robot: RobotState; distanceM: number } | { robot: null; reason: NoRobotReason; why: string };

/**
 * The free robot with enough battery nearest to `target`, robots on the target's level first. A robot
 * on its charger is free too: waiting for a full battery would strand tasks behind a docked robot.
 * Distance is a straight line: good enough to rank robots in one ward today; it ignores walls, so
 * route length over the lane graph should replace it once the brain plans routes itself.
 */
export function pickRobot(robots: readonly RobotState[], target: Target, minBatteryPct: number): Allocation {
  if (robots.length === 0) return { robot: null, reason: 'none_known', why: 'no robot is known yet' };
  const idle = robots.filter((r) => isFree(r));
  if (idle.length === 0) return { robot: null, reason: 'none_free', why: `no robot is free (${robots.map((r) => `${r.name}: ${r.status}`).join(', ')})` };
  const charged = idle.filter((r) => r.battery.percentage >= minBatteryPct);
  if (charged.length === 0) {
    return {
      robot: null,
      reason: 'battery_low',
      why: `every free robot is below ${minBatteryPct}% battery (${idle.map((r) => `${r.name}: ${r.battery.percentage}%`).join(', ')})`,
    };
  }
  const ranked = charged
    .map((robot) => ({ robot, sameLevel: robot.level === target.level, distanceM: Math.hypot(robot.pose.x - target.x, robot.pose.y - target.y) }))
    .sort((a, b) => Number(b.sameLevel) - Number(a.sameLevel) || a.distanceM - b.distanceM || a.robot.name.localeCompare(b.robot.name));
  const best = ranked[0]!;
  return { robot: best.robot, distanceM: best.distanceM };
}

export function isFree(robot: RobotState): boolean {
  return (robot.status === 'idle' || robot.status === 'charging') && robot.task_id === null;
}
