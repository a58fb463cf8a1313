// Builds the ROS messages a simulated robot publishes from its SimRobot state.
import {
  RobotMode, interfaces, toRosTime, yawToQuaternion,
  type BatteryState, type Path, type PoseStamped, type RobotStatus, type Time,
} from '../../robot/index.js';
import type { SimRobot, RobotPose, BatteryReading } from '../world/index.js';

const BATTERY = interfaces().constants('sensor_msgs/msg/BatteryState') as Record<string, number>;

export function poseStamped(pose: RobotPose, stamp: Time): PoseStamped {
  return {
    // The level is the map frame the pose is in, as the robot's localisation names its map.
    header: { stamp, frame_id: pose.level },
    pose: { position: { x: pose.x, y: pose.y, z: 0 }, orientation: yawToQuaternion(pose.yaw) },
  };
}

/** The remaining route from where the robot is; empty when it has nowhere to go. */
export function plannedPath(robot: SimRobot, stamp: Time): Path {
  const here = robot.pose();
  const waypoints = robot.plannedPath();
  if (!waypoints.length) return { header: { stamp, frame_id: here.level }, poses: [] };
  // Each waypoint faces along the leg that reaches it, as a planner's path poses do.
  let prev: { x: number; y: number } = here;
  const poses = [poseStamped(here, stamp), ...waypoints.map((w) => {
    const yaw = Math.atan2(w.y - prev.y, w.x - prev.x);
    prev = w;
    return poseStamped({ ...w, yaw }, stamp);
  })];
  return { header: { stamp, frame_id: here.level }, poses };
}

/** What makes a plan new: another goal, or a waypoint reached. */
export function planKey(robot: SimRobot): string {
  const w = robot.plannedPath();
  const last = w[w.length - 1];
  return `${robot.currentGoal() ?? ''}|${w.length}|${last ? `${last.level},${last.x},${last.y}` : ''}`;
}

export function batteryState(robot: SimRobot, b: BatteryReading, stamp: Time): BatteryState {
  return {
    header: { stamp, frame_id: `${robot.name}/base_link` },
    voltage: b.voltage,
    // Not simulated: NaN is ROS's "unmeasured" (rosbridge sends it as null).
    temperature: NaN,
    current: NaN,
    charge: b.chargeAh,
    capacity: b.capacityAh,
    design_capacity: b.capacityAh,
    percentage: b.percentage,
    power_supply_status: b.charging ? BATTERY.POWER_SUPPLY_STATUS_CHARGING! : BATTERY.POWER_SUPPLY_STATUS_DISCHARGING!,
    power_supply_health: BATTERY.POWER_SUPPLY_HEALTH_GOOD!,
    power_supply_technology: BATTERY.POWER_SUPPLY_TECHNOLOGY_LION!,
    present: true,
    cell_voltage: [],
    cell_temperature: [],
    location: 'base',
    serial_number: `SIM-${robot.name}`,
  };
}

const MODES = {
  idle: RobotMode.MODE_IDLE,
  navigating: RobotMode.MODE_NAVIGATING,
  charging: RobotMode.MODE_CHARGING,
  error: RobotMode.MODE_ERROR,
} as const;

export interface StatusFields { mode: number; level: string; goal: string; message: string }

export function statusFields(robot: SimRobot, message: string): StatusFields {
  return { mode: MODES[robot.mode()], level: robot.pose().level, goal: robot.currentGoal() ?? '', message };
}

export function sameStatus(a: StatusFields, b: StatusFields): boolean {
  return a.mode === b.mode && a.level === b.level && a.goal === b.goal && a.message === b.message;
}

export function robotStatus(robot: SimRobot, s: StatusFields, stamp: Time): RobotStatus {
  return { header: { stamp, frame_id: s.level }, robot_name: robot.name, mode: s.mode, level_name: s.level, current_goal: s.goal, message: s.message };
}

export const duration = (seconds: number) => toRosTime(Number.isFinite(seconds) ? Math.max(0, seconds) : 0);
