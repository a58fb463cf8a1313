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
] as const;
export type TaskFailureCode = (typeof TASK_FAILURE_CODES)[number];

export function isTaskFailureCode(value: string): value is TaskFailureCode {
  return (TASK_FAILURE_CODES as readonly string[]).includes(value);
}
