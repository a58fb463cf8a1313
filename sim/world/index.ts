export { SimWorld } from './sim-world.js';
export type { SimWorldOptions } from './sim-world.js';
export { SimRobot } from './sim-robot.js';
export { SimClock } from './clock.js';
export { createRng, childSeed } from './rng.js';
export type { Rng } from './rng.js';
export { DEFAULT_ROBOT_CONFIG } from './robot-config.js';
export type { SimRobotConfig } from './robot-config.js';
export type { BatteryReading } from './battery.js';
export type {
  GoToOptions, GoToResult, GoToTarget, NavFeedback, NavigationHandle, NavOutcome, NavOutcomeCode, RobotMode, RobotPose,
} from './types.js';
export { SimTimers } from './sim-timers.js';
export type { CancelTimer } from './sim-timers.js';
