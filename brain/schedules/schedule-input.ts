// Reads what staff send to create or change a schedule; every problem names its field.
import { checkRecurrence, type Recurrence } from './recurrence.js';
import { checkTaskTemplate, type TaskTemplate } from './task-template.js';

/** The body of a create, as JSON. */
export interface ScheduleInput {
  name: string;
  enabled?: boolean;
  recurrence: Recurrence;
  task_request: TaskTemplate;
}

/** The body of an update: any of the fields, at least one; recurrence and task_request are replaced whole. */
export type SchedulePatch = Partial<ScheduleInput>;

export class ScheduleValidationError extends Error {
  override readonly name = 'ScheduleValidationError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const FIELDS = ['name', 'enabled', 'recurrence', 'task_request'] as const;
const MAX_NAME = 200;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks the fields present in `input` (all of them required when `creating`), plus whatever
 * `checkTemplate` finds wrong with the task request (reported as it words it).
 */
function read(input: unknown, creating: boolean, checkTemplate: (t: TaskTemplate) => string[]): SchedulePatch {
  if (!isPlainObject(input)) throw new ScheduleValidationError([`body: must be an object with ${creating ? 'name, recurrence and task_request' : 'the fields to change'}`]);
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) problems.push(`${key}: is not a known field (fields: ${FIELDS.join(', ')})`);
  }
  const out: SchedulePatch = {};
  if (input.name !== undefined || creating) {
    const name = input.name;
    if (typeof name !== 'string' || name.trim() === '') problems.push('name: must be a non-empty string');
    else if (name.length > MAX_NAME) problems.push(`name: must have at most ${MAX_NAME} characters`);
    else out.name = name.trim();
  }
  if (input.enabled !== undefined) {
    if (typeof input.enabled !== 'boolean') problems.push('enabled: must be true or false');
    else out.enabled = input.enabled;
  }
  if (input.recurrence !== undefined || creating) {
    const r = checkRecurrence(input.recurrence);
    if (r.ok) out.recurrence = r.value;
    else problems.push(...r.problems);
  }
  if (input.task_request !== undefined || creating) {
    const t = checkTaskTemplate(input.task_request);
    if (t.ok) {
      out.task_request = t.value;
      problems.push(...checkTemplate(t.value));
    } else {
      problems.push(...t.problems);
    }
  }
  if (!creating && Object.keys(input).length === 0) problems.push(`body: name at least one field to change (${FIELDS.join(', ')})`);
  if (problems.length) throw new ScheduleValidationError(problems);
  return out;
}

export function readScheduleInput(input: unknown, checkTemplate: (t: TaskTemplate) => string[]): ScheduleInput {
  const r = read(input, true, checkTemplate);
  return { name: r.name as string, enabled: r.enabled ?? true, recurrence: r.recurrence as Recurrence, task_request: r.task_request as TaskTemplate };
}

export function readSchedulePatch(input: unknown, checkTemplate: (t: TaskTemplate) => string[]): SchedulePatch {
  return read(input, false, checkTemplate);
}
