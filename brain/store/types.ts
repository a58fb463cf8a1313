// The storage contract of the brain. SQLite fills it today; a PostgreSQL store can fill the same
// interface later, which is why every method returns a Promise even though better-sqlite3 is synchronous.
import type { TaskFailureCode } from '../tasks/failure-codes.js';

/** RMF task status words the brain uses. */
export const TASK_STATUSES = ['queued', 'underway', 'completed', 'failed', 'canceled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const FINISHED_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'canceled'];

export const LOG_TIERS = ['info', 'warning', 'error'] as const;
export type LogTier = (typeof LOG_TIERS)[number];

export type JsonObject = { [key: string]: unknown };

export interface TaskRecord {
  id: string;
  category: string;
  description: JsonObject;
  priority: JsonObject | null;
  requester: string | null;
  labels: string[];
  status: TaskStatus;
  assignedRobot: string | null;
  requestTimeMs: number;
  earliestStartMs: number | null;
  startTimeMs: number | null;
  finishTimeMs: number | null;
  estimateMs: number | null;
  /** Metres and seconds still to go while underway, from the robot's feedback. */
  progress: { distanceRemainingM: number; etaS: number } | null;
  /** Why a task failed. */
  statusReason: { code: TaskFailureCode; message: string } | null;
  cancellation: { requestTimeMs: number; labels: string[] } | null;
  updatedMs: number;
}

/** What a caller supplies to create a task; the store fills `updatedMs`. */
export type NewTask = Omit<TaskRecord, 'updatedMs'>;

/** Fields a transition may change; `id`, category and booking never change after creation. */
export type TaskPatch = Partial<Pick<TaskRecord,
  'status' | 'assignedRobot' | 'startTimeMs' | 'finishTimeMs' | 'estimateMs' | 'progress' |
  'statusReason' | 'cancellation'>>;

export interface TaskEventRecord {
  taskId: string;
  /** 1, 2, 3 … within one task. */
  seq: number;
  unixMs: number;
  tier: LogTier;
  /** Machine-readable event name, e.g. `created`, `dispatched`, `status`, `cancel_requested`. */
  kind: string;
  text: string;
  data: JsonObject | null;
}
export type NewTaskEvent = Omit<TaskEventRecord, 'taskId' | 'seq'>;

export interface TaskQuery {
  status?: readonly TaskStatus[];
  limit?: number;
  offset?: number;
  /** Oldest first instead of the default newest first (the dispatcher wants the queue in order). */
  oldestFirst?: boolean;
}

export interface TaskChange {
  task: TaskRecord;
  events: TaskEventRecord[];
}

export interface TaskStore {
  /** Inserts the task and its first events in one transaction. */
  createTask(task: NewTask, events: NewTaskEvent[]): Promise<TaskChange>;
  /**
   * Applies `patch` and appends `events` in one transaction. When `onlyIf` is given and the task's
   * current status is not in it, nothing is written and a StoreConflictError is thrown: two hands
   * (a cancel and a result, say) never both finish the same task.
   */
  updateTask(id: string, patch: TaskPatch, events: NewTaskEvent[], onlyIf?: readonly TaskStatus[]): Promise<TaskChange>;
  getTask(id: string): Promise<TaskRecord | null>;
  listTasks(query?: TaskQuery): Promise<TaskRecord[]>;
  listEvents(taskId: string): Promise<TaskEventRecord[]>;
  close(): Promise<void>;
}

/** A value the store refuses; `field` names it as the caller spelled it. */
export class StoreValidationError extends Error {
  override readonly name = 'StoreValidationError';
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}
export class TaskNotFoundError extends Error {
  override readonly name = 'TaskNotFoundError';
  constructor(readonly taskId: string) {
    super(`task "${taskId}" does not exist`);
  }
}
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  constructor(readonly taskId: string, readonly status: TaskStatus, expected: readonly TaskStatus[]) {
    super(`task "${taskId}" is ${status}, not ${expected.join(' or ')}`);
  }
}
