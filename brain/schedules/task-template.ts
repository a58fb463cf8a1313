// What a schedule dispatches each time: the `request` of an Open-RMF dispatch_task_request, minus
// what the schedule itself fills in per occurrence (requester, earliest start time).
import type { Checked } from './recurrence.js';

export interface TaskTemplate {
  category: string;
  description: Record<string, unknown>;
  priority?: Record<string, unknown>;
  labels?: string[];
}

/** The body handed to the `dispatch` callback, ready for the brain's task API. */
export interface ScheduledDispatchRequest {
  type: 'dispatch_task_request';
  request: {
    category: string;
    description: Record<string, unknown>;
    priority?: Record<string, unknown>;
    labels: string[];
    requester: string;
    unix_millis_earliest_start_time: number;
  };
}

const MAX_LABELS = 49; // the task API takes 50; one is the schedule's own label
const MAX_TEXT = 200;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Shape only; whether the category exists and the description fits it is `checkTemplate`'s job. */
export function checkTaskTemplate(input: unknown, field = 'task_request'): Checked<TaskTemplate> {
  if (!isPlainObject(input)) return { ok: false, problems: [`${field}: must be an object with category and description`] };
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (key === 'requester' || key === 'unix_millis_earliest_start_time') {
      problems.push(`${field}.${key}: is set by the schedule for each occurrence; leave it out`);
    } else if (!['category', 'description', 'priority', 'labels'].includes(key)) {
      problems.push(`${field}.${key}: is not a known field`);
    }
  }
  const { category, description, priority, labels } = input;
  if (typeof category !== 'string' || category.trim() === '') problems.push(`${field}.category: must be a non-empty string`);
  else if (category.length > MAX_TEXT) problems.push(`${field}.category: must have at most ${MAX_TEXT} characters`);
  if (!isPlainObject(description)) problems.push(`${field}.description: must be an object`);
  if (priority !== undefined && !isPlainObject(priority)) problems.push(`${field}.priority: must be an object, e.g. {"type": "binary", "value": 1}`);
  if (labels !== undefined) {
    if (!Array.isArray(labels)) problems.push(`${field}.labels: must be a list of strings`);
    else if (labels.length > MAX_LABELS) problems.push(`${field}.labels: at most ${MAX_LABELS} labels`);
    else {
      labels.forEach((l: unknown, i) => {
        if (typeof l !== 'string' || l.length > MAX_TEXT) problems.push(`${field}.labels[${i}]: must be a string of at most ${MAX_TEXT} characters`);
      });
    }
  }
  if (problems.length) return { ok: false, problems };
  const value: TaskTemplate = { category: category as string, description: description as Record<string, unknown> };
  if (priority !== undefined) value.priority = priority as Record<string, unknown>;
  if (labels !== undefined) value.labels = [...(labels as string[])];
  return { ok: true, value };
}

export function scheduleLabel(scheduleId: string): string {
  return `schedule:${scheduleId}`;
}

export function dispatchRequestFor(template: TaskTemplate, scheduleId: string, requester: string, occurrenceMs: number): ScheduledDispatchRequest {
  const request: ScheduledDispatchRequest['request'] = {
    category: template.category,
    description: template.description,
    labels: [...(template.labels ?? []), scheduleLabel(scheduleId)],
    requester,
    unix_millis_earliest_start_time: occurrenceMs,
  };
  if (template.priority) request.priority = template.priority;
  return { type: 'dispatch_task_request', request };
}
