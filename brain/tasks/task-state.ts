// The brain's task record in the shape of Open-RMF's task_state, which is what the API serves.
import type { JsonObject, TaskEventRecord, TaskRecord, TaskStatus } from '../store/types.js';
import type { TaskFailureCode } from './failure-codes.js';

/** The one fleet group this brain runs; RMF's assigned_to names a group and a robot. */
export const FLEET_GROUP = 'ward';

export interface TaskState {
  booking: {
    id: string;
    unix_millis_request_time: number;
    unix_millis_earliest_start_time?: number;
    priority?: JsonObject;
    labels?: string[];
    requester?: string;
  };
  category: string;
  detail: JsonObject;
  status: TaskStatus;
  assigned_to?: { group: string; name: string };
  unix_millis_start_time?: number;
  unix_millis_finish_time?: number;
  estimate_millis?: number;
  progress?: { distance_remaining_m: number; eta_s: number };
  status_reason?: { code: TaskFailureCode; message: string };
  cancellation?: { unix_millis_request_time: number; labels: string[] };
}

export interface LogEntry {
  seq: number;
  unix_millis_time: number;
  tier: TaskEventRecord['tier'];
  kind: string;
  text: string;
  data: JsonObject | null;
}

export function toTaskState(t: TaskRecord): TaskState {
  const s: TaskState = {
    booking: { id: t.id, unix_millis_request_time: t.requestTimeMs },
    category: t.category,
    detail: t.description,
    status: t.status,
  };
  if (t.earliestStartMs !== null) s.booking.unix_millis_earliest_start_time = t.earliestStartMs;
  if (t.priority !== null) s.booking.priority = t.priority;
  if (t.labels.length) s.booking.labels = t.labels;
  if (t.requester !== null) s.booking.requester = t.requester;
  if (t.assignedRobot !== null) s.assigned_to = { group: FLEET_GROUP, name: t.assignedRobot };
  if (t.startTimeMs !== null) s.unix_millis_start_time = t.startTimeMs;
  if (t.finishTimeMs !== null) s.unix_millis_finish_time = t.finishTimeMs;
  if (t.estimateMs !== null) s.estimate_millis = t.estimateMs;
  if (t.progress) s.progress = { distance_remaining_m: t.progress.distanceRemainingM, eta_s: t.progress.etaS };
  if (t.statusReason) s.status_reason = { ...t.statusReason };
  if (t.cancellation) s.cancellation = { unix_millis_request_time: t.cancellation.requestTimeMs, labels: t.cancellation.labels };
  return s;
}

export function toLogEntry(e: TaskEventRecord): LogEntry {
  return { seq: e.seq, unix_millis_time: e.unixMs, tier: e.tier, kind: e.kind, text: e.text, data: e.data };
}
