// Ward managers set recurring tasks; any signed-in staff member can read them. Errors come in the
// API's Open-RMF shape. Who is signed in is the auth part's business: the guards arrive as options.
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { rmfError, sendErrors } from '../api/errors.js';
import { errorResponses } from '../api/schemas.js';
import { MAX_EVERY_DAYS, MAX_TIMES_PER_DAY, WEEKDAYS } from './recurrence.js';
import { ScheduleValidationError } from './schedule-input.js';
import { ScheduleNotFound, type Occurrence, type Schedule, type ScheduleService } from './schedule-service.js';
import { OCCURRENCE_OUTCOMES } from './schedule-store.js';
import { formatLocal } from './zoned-time.js';

/** What the auth part's onRequest hook puts on `request.user`; only the username is used here. */
interface SignedInStaff {
  username: string;
}

export interface ScheduleRouteOptions {
  schedules: ScheduleService;
  // Method syntax on purpose: the real guards take a narrower role type than string.
  requireUser(): preHandlerHookHandler;
  requireRole(...roles: string[]): preHandlerHookHandler;
}

export const SCHEDULE_EDITOR_ROLES = ['ward_manager'] as const;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

const recurrenceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['times', 'start_date'],
  description: 'Dates and times are local to the brain\'s time zone (time_zone on each schedule)',
  properties: {
    times: { type: 'array', minItems: 1, maxItems: MAX_TIMES_PER_DAY, items: { type: 'string', pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' }, description: 'times of day, "HH:MM"', examples: [['08:00', '16:00']] },
    every_days: { type: 'integer', minimum: 1, maximum: MAX_EVERY_DAYS, description: '1 = daily (default), 2 = every other day, counted from start_date' },
    weekdays: { type: 'array', minItems: 1, items: { type: 'string', enum: [...WEEKDAYS] }, description: 'only on these days (default: every day)' },
    start_date: { type: 'string', format: 'date', description: 'YYYY-MM-DD' },
    end_date: { type: 'string', format: 'date', description: 'YYYY-MM-DD, inclusive; none = no end' },
  },
} as const;

const taskRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'description'],
  description: 'The Open-RMF task request sent at each occurrence; requester and earliest start are filled in then, and the label schedule:<id> added',
  properties: {
    category: { type: 'string', minLength: 1, examples: ['go_to_place'] },
    description: { ...anyObject, description: 'as for POST /api/tasks with this category' },
    priority: anyObject,
    labels: { type: 'array', items: str },
  },
} as const;

const whenSchema = {
  type: 'object', required: ['unix_millis', 'local'],
  properties: { unix_millis: int, local: { type: 'string', description: 'wall time and UTC offset in the brain\'s time zone, e.g. "2025-06-01 08:00 +08:00"' } },
} as const;

const scheduleSchema = {
  type: 'object',
  required: ['id', 'name', 'enabled', 'recurrence', 'task_request', 'time_zone', 'next', 'created_by', 'unix_millis_created', 'updated_by', 'unix_millis_updated'],
  properties: {
    id: str, name: str, enabled: { type: 'boolean' },
    recurrence: recurrenceSchema, task_request: taskRequestSchema, time_zone: str,
    next: { anyOf: [whenSchema, { type: 'null' }], description: 'the next occurrence; null when disabled or ended' },
    created_by: str, unix_millis_created: int, updated_by: str, unix_millis_updated: int,
  },
} as const;

const occurrenceSchema = {
  type: 'object',
  required: ['unix_millis', 'local', 'outcome', 'task_id', 'unix_millis_dispatched', 'detail'],
  properties: {
    unix_millis: int, local: str,
    outcome: { type: 'string', enum: [...OCCURRENCE_OUTCOMES] },
    task_id: { type: ['string', 'null'] },
    unix_millis_dispatched: { type: ['integer', 'null'], description: 'when dispatch was attempted; null if missed' },
    detail: { type: ['string', 'null'], description: 'why it failed or was missed, or how late it went' },
  },
} as const;

const inputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'recurrence', 'task_request'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, examples: ['Morning and afternoon rounds, ward A'] },
    enabled: { type: 'boolean', default: true },
    recurrence: recurrenceSchema,
    task_request: taskRequestSchema,
  },
} as const;
const patchSchema = { ...inputSchema, required: [], minProperties: 1, description: 'Only the fields to change; recurrence and task_request are replaced whole' } as const;

// Bodies are read by the service, which names every problem's field the way staff wrote it
// (recurrence.times[1]: "25:00" is not a time of day); the schemas above document them.
const passThrough = () => (data: unknown) => ({ value: data });

function userOf(request: FastifyRequest): SignedInStaff {
  const user = (request as unknown as { user?: SignedInStaff | null }).user;
  if (!user) throw new Error(`${request.method} ${request.url}: schedule route reached without a signed-in user; its requireUser/requireRole guard is missing`);
  return user;
}

function sendProblem(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof ScheduleValidationError) return sendErrors(reply, err.problems.map((p) => rmfError('invalid_request', p)));
  if (err instanceof ScheduleNotFound) return sendErrors(reply, [rmfError('not_found', err.message)]);
  throw err;
}

export function registerScheduleRoutes(app: FastifyInstance, opts: ScheduleRouteOptions): void {
  const { schedules } = opts;
  const when = (ms: number) => ({ unix_millis: ms, local: formatLocal(ms, schedules.timeZone) });
  const scheduleJson = (s: Schedule) => {
    const next = schedules.upcoming(s.id, 1)[0];
    return {
      id: s.id, name: s.name, enabled: s.enabled, recurrence: s.recurrence, task_request: s.taskRequest, time_zone: schedules.timeZone,
      next: next === undefined ? null : when(next),
      created_by: s.createdBy, unix_millis_created: s.createdMs, updated_by: s.updatedBy, unix_millis_updated: s.updatedMs,
    };
  };
  const occurrenceJson = (o: Occurrence) => ({
    ...when(o.occurrenceMs), outcome: o.outcome, task_id: o.taskId, unix_millis_dispatched: o.dispatchedMs, detail: o.detail,
  });
  const editors = opts.requireRole(...SCHEDULE_EDITOR_ROLES);

  app.get('/api/schedules', {
    preHandler: opts.requireUser(),
    schema: {
      tags: ['schedules'],
      summary: 'Recurring tasks, oldest first, each with its next occurrence',
      response: { 200: { type: 'object', required: ['schedules'], properties: { schedules: { type: 'array', items: scheduleSchema } } }, ...errorResponses(401) },
    },
  }, async () => ({ schedules: schedules.list().map(scheduleJson) }));

  app.get<{ Params: { id: string }; Querystring: { upcoming: number; history: number } }>('/api/schedules/:id', {
    preHandler: opts.requireUser(),
    schema: {
      tags: ['schedules'],
      summary: 'One schedule with its coming occurrences and what happened at recent ones',
      params: idParams,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          upcoming: { type: 'integer', minimum: 0, maximum: 100, default: 5, description: 'how many coming occurrences' },
          history: { type: 'integer', minimum: 1, maximum: 500, default: 20, description: 'how many recorded occurrences, newest first' },
        },
      },
      response: {
        200: {
          type: 'object', required: ['schedule', 'upcoming', 'history'],
          properties: { schedule: scheduleSchema, upcoming: { type: 'array', items: whenSchema }, history: { type: 'array', items: occurrenceSchema } },
        },
        ...errorResponses(400, 401, 404),
      },
    },
  }, async (request, reply) => {
    const s = schedules.get(request.params.id);
    if (!s) return sendErrors(reply, [rmfError('not_found', `no schedule with id "${request.params.id}"`)]);
    return {
      schedule: scheduleJson(s),
      upcoming: schedules.upcoming(s.id, request.query.upcoming).map(when),
      history: schedules.occurrences(s.id, request.query.history).map(occurrenceJson),
    };
  });

  app.post('/api/schedules', {
    preHandler: editors,
    schema: {
      tags: ['schedules'],
      summary: 'Set up a recurring task (ward managers)',
      body: inputSchema,
      response: { 201: scheduleSchema, ...errorResponses(400, 401, 403) },
    },
    validatorCompiler: passThrough,
  }, async (request, reply) => {
    try {
      return reply.code(201).send(scheduleJson(schedules.create(request.body, userOf(request).username)));
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.patch<{ Params: { id: string } }>('/api/schedules/:id', {
    preHandler: editors,
    schema: {
      tags: ['schedules'],
      summary: 'Change a schedule: rename, enable or disable, new times or task (ward managers)',
      params: idParams,
      body: patchSchema,
      response: { 200: scheduleSchema, ...errorResponses(400, 401, 403, 404) },
    },
    // This also passes the id through unchecked, which is harmless: an id that is no schedule's is a 404.
    validatorCompiler: passThrough,
  }, async (request, reply) => {
    try {
      return scheduleJson(schedules.update(request.params.id, request.body, userOf(request).username));
    } catch (err) {
      return sendProblem(reply, err);
    }
  });

  app.delete<{ Params: { id: string } }>('/api/schedules/:id', {
    preHandler: editors,
    schema: {
      tags: ['schedules'],
      summary: 'Stop and remove a schedule; its history is kept (ward managers)',
      params: idParams,
      response: {
        200: { type: 'object', required: ['success', 'id'], properties: { success: { type: 'boolean', enum: [true] }, id: str } },
        ...errorResponses(401, 403, 404),
      },
    },
  }, async (request, reply) => {
    try {
      schedules.remove(request.params.id, userOf(request).username);
      return { success: true, id: request.params.id };
    } catch (err) {
      return sendProblem(reply, err);
    }
  });
}
