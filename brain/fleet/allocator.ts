import type { RobotState } from './robot-state.js';

export interface Target {
  level: string;
  x: number;
  y: number;
}

/** Why no robot fits, as a stable word (for de-duplicating) and as a sentence (for people). */
export type NoRobotReason = 'none_known' | 'none_free' | 'battery_low';
export type Allocation = { robot: RobotState; distanceM: number } | { robot: null; reason: NoRobotReason; why: string };

/** Metres of detour worth one percent of battery: a fuller robot may come from a little further away. */
export const METRES_PER_BATTERY_PCT = 0.5;
/** Metres of detour worth one task already done since start: work is spread across the fleet. */
export const METRES_PER_TASK = 10;
/** Changing level (a lift ride) counts as this much distance. */
export const LEVEL_CHANGE_M = 200;

/**
 * The free robot with enough battery that best fits `target`: shortest distance, then fuller
 * battery and lighter load, weighed in metres (constants above). A robot on its charger is free
 * too: waiting for a full battery would strand tasks behind a docked robot. Distance is a straight
 * line: good enough to rank robots in one ward; it ignores walls, so route length over the lane
 * graph should replace it once the brain plans routes itself.
 */
export function pickRobot(robots: readonly RobotState[], target: Target | null, minBatteryPct: number, load: (robot: string) => number = () => 0): Allocation {
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
    .map((robot) => {
      const distanceM = target ? Math.hypot(robot.pose.x - target.x, robot.pose.y - target.y) : 0;
      const levelM = target && robot.level !== target.level ? LEVEL_CHANGE_M : 0;
      const cost = distanceM + levelM + (100 - robot.battery.percentage) * METRES_PER_BATTERY_PCT + load(robot.name) * METRES_PER_TASK;
      return { robot, distanceM, cost };
    })
    .sort((a, b) => a.cost - b.cost || a.robot.name.localeCompare(b.robot.name));
  const best = ranked[0]!;
  return { robot: best.robot, distanceM: best.distanceM };
}

export function isFree(robot: RobotState): boolean {
  return (robot.status === 'idle' || robot.status === 'charging') && robot.task_id === null;
}
