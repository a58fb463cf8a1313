export interface RobotPose {
  level: string;
  x: number;
  y: number;
  yaw: number;
}

export interface NavFeedback {
  pose: RobotPose;
  distanceRemaining: number;
  etaSec: number;
  elapsedSec: number;
}

export type NavOutcomeCode = 'NONE' | 'CANCELED' | 'BLOCKED' | 'NO_ROUTE' | 'LOW_BATTERY' | 'PREEMPTED';

export type NavOutcome = {
  status: 'succeeded' | 'canceled' | 'aborted';
  code: NavOutcomeCode;
  message: string;
};

export interface NavigationHandle {
  readonly id: number;
  onFeedback(cb: (fb: NavFeedback) => void): void;
  readonly done: Promise<NavOutcome>;
  /** Asks the robot to stop; `done` settles as canceled once it stands still. */
  cancel(): void;
  /** The outcome once the goal has ended, else null; for synchronous callers such as headless runs. */
  readonly outcome: NavOutcome | null;
}

export type GoToTarget = { place: string } | { level?: string; x: number; y: number; yaw?: number };

export interface GoToOptions {
  /** Caps the speed for this goal below the robot's own limit, m/s. */
  maxSpeed?: number;
}

export type GoToResult =
  | { ok: true; handle: NavigationHandle }
  | { ok: false; code: 'UNKNOWN_PLACE' | 'NO_ROUTE' | 'OFF_MAP' | 'LOW_BATTERY'; message: string };

export type RobotMode = 'idle' | 'navigating' | 'charging' | 'error';
