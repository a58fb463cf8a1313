import { RobotMode } from '../../robot/index.js';

/** RMF robot status words the brain reports. */
export const ROBOT_STATUSES = ['idle', 'working', 'charging', 'offline', 'error'] as const;
export type RobotStatusWord = (typeof ROBOT_STATUSES)[number];

export interface RobotState {
  name: string;
  status: RobotStatusWord;
  /** Level (map) name; '' until the robot has said where it is. */
  level: string;
  pose: { x: number; y: number; yaw: number };
  battery: { percentage: number; charging: boolean };
  task_id: string | null;
  /** Remaining route in metres when known; [] when not. */
  path: { x: number; y: number }[];
  /** Wall-clock ms of the last message from the robot; 0 if never heard from. */
  last_seen_ms: number;
}

export interface RobotFacts {
  online: boolean;
  mode: number | null;
  charging: boolean;
  taskId: string | null;
}

/** One word for what a robot is doing, from what it reports and what the brain gave it. */
export function statusWord(f: RobotFacts): RobotStatusWord {
  if (!f.online || f.mode === null) return 'offline';
  if (f.mode === RobotMode.MODE_ERROR || f.mode === RobotMode.MODE_EMERGENCY_STOP) return 'error';
  if (f.taskId !== null || f.mode === RobotMode.MODE_NAVIGATING) return 'working';
  if (f.mode === RobotMode.MODE_CHARGING || f.charging) return 'charging';
  return 'idle';
}
