// Checks every value before it reaches SQL, so a bad write fails with the field's name instead of
// an SQLite constraint message, and fails before the transaction has written anything.
import { isTaskFailureCode } from '../tasks/failure-codes.js';
import {
  LOG_TIERS, StoreValidationError, TASK_STATUSES,
  type NewTask, type NewTaskEvent, type TaskPatch,
} from './types.js';

function fail(field: string, problem: string): never {
  throw new StoreValidationError(field, problem);
}

function text(value: unknown, field: string, { empty = false } = {}): void {
  if (typeof value !== 'string') fail(field, `must be text, got ${typeof value}`);
  if (!empty && value.length === 0) fail(field, 'must not be empty');
}

function optionalText(value: unknown, field: string): void {
  if (value !== null) text(value, field, { empty: true });
}

function millis(value: unknown, field: string, nullable: boolean): void {
  if (value === null && nullable) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(field, `must be a whole number of milliseconds ≥ 0, got ${String(value)}`);
  }
}

function finite(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(field, `must be a finite number, got ${String(value)}`);
}

function plainObject(value: unknown, field: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'must be a JSON object');
  jsonSafe(value, field);
}

function stringList(value: unknown, field: string): void {
  if (!Array.isArray(value)) fail(field, 'must be a list of text');
  value.forEach((item, i) => text(item, `${field}[${i}]`, { empty: true }));
}

/** Rejects what JSON.stringify would silently drop or mangle (undefined, functions, NaN, cycles). */
function jsonSafe(value: unknown, field: string, seen = new Set<unknown>()): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(field, `holds ${value}, which JSON cannot carry`);
    return;
  }
  if (typeof value !== 'object') fail(field, `holds a ${typeof value}, which JSON cannot carry`);
  if (seen.has(value)) fail(field, 'refers to itself');
  seen.add(value);
  if (Array.isArray(value)) value.forEach((v, i) => jsonSafe(v, `${field}[${i}]`, seen));
  else for (const [k, v] of Object.entries(value)) jsonSafe(v, `${field}.${k}`, seen);
  seen.delete(value);
}

export function checkNewTask(task: NewTask): void {
  text(task.id, 'id');
  text(task.category, 'category');
  plainObject(task.description, 'description');
  if (task.priority !== null) plainObject(task.priority, 'priority');
  optionalText(task.requester, 'requester');
  stringList(task.labels, 'labels');
  millis(task.requestTimeMs, 'requestTimeMs', false);
  millis(task.earliestStartMs, 'earliestStartMs', true);
  checkPatch(task, '');
}

export function checkPatch(patch: TaskPatch, prefix = 'patch.'): void {
  const f = (name: string) => `${prefix}${name}`;
  if (patch.status !== undefined && !TASK_STATUSES.includes(patch.status)) {
    fail(f('status'), `must be one of ${TASK_STATUSES.join(', ')}, got "${String(patch.status)}"`);
  }
  if (patch.assignedRobot !== undefined && patch.assignedRobot !== null) text(patch.assignedRobot, f('assignedRobot'));
  if (patch.startTimeMs !== undefined) millis(patch.startTimeMs, f('startTimeMs'), true);
  if (patch.finishTimeMs !== undefined) millis(patch.finishTimeMs, f('finishTimeMs'), true);
  if (patch.estimateMs !== undefined) millis(patch.estimateMs, f('estimateMs'), true);
  if (patch.progress) {
    finite(patch.progress.distanceRemainingM, f('progress.distanceRemainingM'));
    finite(patch.progress.etaS, f('progress.etaS'));
  }
  if (patch.statusReason) {
    const { code, message } = patch.statusReason;
    if (!isTaskFailureCode(code)) fail(f('statusReason.code'), `"${String(code)}" is not a known failure code`);
    text(message, f('statusReason.message'), { empty: true });
  }
  if (patch.cancellation) {
    millis(patch.cancellation.requestTimeMs, f('cancellation.requestTimeMs'), false);
    stringList(patch.cancellation.labels, f('cancellation.labels'));
  }
}

export function checkEvent(event: NewTaskEvent, field: string): void {
  millis(event.unixMs, `${field}.unixMs`, false);
  if (!LOG_TIERS.includes(event.tier)) fail(`${field}.tier`, `must be one of ${LOG_TIERS.join(', ')}, got "${String(event.tier)}"`);
  text(event.kind, `${field}.kind`);
  text(event.text, `${field}.text`, { empty: true });
  if (event.data !== null) plainObject(event.data, `${field}.data`);
}
