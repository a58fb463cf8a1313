/**
 * Why a task ended `failed`, as `status_reason.code`. Written once: the store checks against it, the
 * OpenAPI document lists it and the dashboard can translate each one.
 */
export const TASK_FAILURE_CODES = [
  'no_route',
  'unknown_place',
  'robot_unreachable',
  'goal_rejected',
  'aborted',
  'link_lost',
  'timeout',
  'brain_restarted',
  'low_battery',
  /** A delivery's pharmacist did not load the robot in time. */
  'not_loaded',
  /** Medication went back to the pharmacy undelivered; the message says for which patients and why. */
  'not_delivered',
  /** The robot's battery ran low mid-task; what was left was handed back as a new task. */
  'handed_back',
  /** A skill (speak, ask, wristband, drawer, sign-in) failed on the robot. */
  'skill_failed',
  /** Nothing the task was for could be done, e.g. every patient was absent. */
  'nothing_done',
] as const;
export type TaskFailureCode = (typeof TASK_FAILURE_CODES)[number];

export function isTaskFailureCode(value: string): value is TaskFailureCode {
  return (TASK_FAILURE_CODES as readonly string[]).includes(value);
}
