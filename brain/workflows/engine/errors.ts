// How a workflow stops early. A skill failure carries the task failure code the task ends with,
// unless the workflow catches it and carries on (a patient who does not answer is not a failure).
import type { TaskFailureCode } from '../../tasks/failure-codes.js';

/** Why a run was stopped; a workflow may clean up after the first, never after the second. */
export const CANCELED_BY_STAFF = 'canceled by staff';
export const SHUTTING_DOWN = 'the brain is shutting down';

/** The task was canceled (by staff, or by the brain shutting down): stop at once, send nothing more. */
export class WorkflowCanceled extends Error {
  override readonly name = 'WorkflowCanceled';
  constructor(readonly why: string) {
    super(why);
  }
}

export class SkillFailed extends Error {
  override readonly name = 'SkillFailed';
  constructor(readonly skill: string, readonly code: TaskFailureCode, message: string, readonly robotResult: unknown = null) {
    super(message);
  }
}

/** A workflow ends with this when it finished but not everything it was for could be done. */
export class WorkflowFailed extends Error {
  override readonly name = 'WorkflowFailed';
  constructor(readonly code: TaskFailureCode, message: string) {
    super(message);
  }
}
