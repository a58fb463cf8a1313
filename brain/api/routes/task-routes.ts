// Dispatch, list, read, follow and cancel tasks, in Open-RMF's request and state shapes.
import type { FastifyInstance } from 'fastify';
import { TASK_STATUSES, type TaskStatus } from '../../store/types.js';
import { documentedDispatchSchema, parseDispatchRequest } from '../../tasks/dispatch-request.js';
import { TaskAlreadyFinished, TaskNotFound } from '../../tasks/task-service.js';
import { categoryForbidden } from '../../tasks/categories/roles.js';
import { planToWire, PLAN_SCHEMA } from '../../planning/plan-wire.js';
import { errorResponses } from '../schemas.js';
import { rmfError, sendErrors } from '../errors.js';
import type { ApiContext } from './context.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireUser, signedIn } from '../../auth/index.js';
import type { FastifyRequest } from 'fastify';
import type { TaskState } from '../../tasks/task-state.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
const stateResponse = {
  type: 'object', required: ['success', 'state'],
  properties: { success: { type: 'boolean', enum: [true] }, state: { $ref: 'TaskState#' } },
} as const;


export function registerTaskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  // Task descriptions and logs can name a patient's record number: only clinical staff see it.
  const clinical = (request: FastifyRequest) => !!request.user && canSeePatientIdentifiers(request.user);
  const shown = (request: FastifyRequest, state: TaskState) => (clinical(request) ? state : ctx.wardServices.pseudonyms.taskState(state));
  app.post('/api/tasks', {
    schema: {
      tags: ['tasks'],
      summary: 'Dispatch a task (Open-RMF dispatch_task_request); a free robot gets it before this returns',
      security: BEARER_SECURITY,
      body: documentedDispatchSchema(),
      response: { 201: stateResponse, 202: { type: 'object', required: ['success', 'plan'], description: 'Waiting for a nurse to approve (medication asked for by someone else)', properties: { success: { type: 'boolean' }, plan: PLAN_SCHEMA } }, ...errorResponses(400) },
    },
    // The body is checked by parseDispatchRequest, which validates the description against its
    // category's schema and the ward, so every problem names its field; the schema above documents it.
    validatorCompiler: () => (data: unknown) => ({ value: data }),
    preHandler: requireUser(),
  }, async (request, reply) => {
    const user = signedIn(request);
    const parsed = parseDispatchRequest(request.body, ctx.ward, ctx.checkContext);
    if (!parsed.ok) return sendErrors(reply, parsed.problems.map((p) => rmfError(p.code, p.detail)));
    const forbidden = categoryForbidden(parsed.request.category, user);
    if (forbidden) return sendErrors(reply, [rmfError('forbidden', forbidden)]);
    // The requester is who is signed in, whatever the body says. The request is a one-step plan and
    // meets the plan validator; medication asked for by anyone but a nurse waits for a nurse's approval.
    const plan = await ctx.plans.fromRequest({ ...parsed.request, requester: user.username }, user);
    if (plan.status === 'refused') return sendErrors(reply, plan.problems.map((p) => rmfError('plan_refused', p.en)));
    if (plan.status === 'awaiting_approval') return reply.code(202).send({ success: true, plan: planToWire(plan) });
    if (plan.status === 'dispatch_failed') return sendErrors(reply, [rmfError('internal', `the task could not be stored: ${plan.decisionNote ?? 'see the brain\'s log'}`)]);
    const state = await ctx.tasks.get(plan.taskIds[0] ?? '');
    if (!state) throw new Error(`plan ${plan.id} dispatched no task`);
    ctx.wardServices.audit.append({ actor: { kind: 'staff', id: user.username }, action: 'task.requested', subject: { type: 'task', id: state.booking.id }, data: { category: parsed.request.category, plan: plan.id } });
    return reply.code(201).send({ success: true, state: shown(request, state) });
  });

  app.get<{ Querystring: { status?: TaskStatus[]; limit: number; offset: number } }>('/api/tasks', {
    schema: {
      tags: ['tasks'],
      summary: 'Tasks, newest first',
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'array', items: { type: 'string', enum: [...TASK_STATUSES] }, description: 'only these statuses (repeat the parameter for several)' },
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          offset: { type: 'integer', minimum: 0, default: 0 },
        },
      },
      response: { 200: { type: 'object', required: ['tasks'], properties: { tasks: { type: 'array', items: { $ref: 'TaskState#' } } } }, ...errorResponses(400) },
    },
  }, async (request) => {
    const { status, limit, offset } = request.query;
    return { tasks: (await ctx.tasks.list({ ...(status?.length ? { status } : {}), limit, offset })).map((t) => shown(request, t)) };
  });

  app.get<{ Params: { id: string } }>('/api/tasks/:id', {
    schema: { tags: ['tasks'], summary: 'One task', params: idParams, response: { 200: { $ref: 'TaskState#' }, ...errorResponses(404) } },
  }, async (request, reply) => {
    const state = await ctx.tasks.get(request.params.id);
    return state ? shown(request, state) : sendErrors(reply, [rmfError('not_found', `no task with id "${request.params.id}"`)]);
  });

  app.get<{ Params: { id: string } }>('/api/tasks/:id/log', {
    schema: {
      tags: ['tasks'],
      summary: 'Every event of a task, oldest first',
      params: idParams,
      response: {
        200: { type: 'object', required: ['task_id', 'log'], properties: { task_id: { type: 'string' }, log: { type: 'array', items: { $ref: 'LogEntry#' } } } },
        ...errorResponses(404),
      },
    },
  }, async (request, reply) => {
    const log = await ctx.tasks.logOf(request.params.id);
    return log ? { task_id: request.params.id, log: clinical(request) ? log : log.map((e) => ctx.wardServices.pseudonyms.logEntry(e)) } : sendErrors(reply, [rmfError('not_found', `no task with id "${request.params.id}"`)]);
  });

  app.post<{ Params: { id: string }; Body: { labels?: string[] } | null }>('/api/tasks/:id/cancel', {
    preHandler: requireUser(),
    schema: {
      tags: ['tasks'],
      summary: 'Cancel a task: a queued one at once, an underway one when its robot confirms it stopped',
      security: BEARER_SECURITY,
      params: idParams,
      body: {
        type: 'object', nullable: true, additionalProperties: false,
        properties: { labels: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 200 } } },
      },
      response: { 200: stateResponse, ...errorResponses(400, 404, 409) },
    },
  }, async (request, reply) => {
    try {
      const user = signedIn(request);
      const state = await ctx.tasks.cancel(request.params.id, [...(request.body?.labels ?? []), `canceled_by:${user.username}`]);
      ctx.wardServices.audit.append({ actor: { kind: 'staff', id: user.username }, action: 'task.cancel_requested', subject: { type: 'task', id: request.params.id } });
      return { success: true, state: shown(request, state) };
    } catch (err) {
      if (err instanceof TaskNotFound) return sendErrors(reply, [rmfError('not_found', err.message)]);
      if (err instanceof TaskAlreadyFinished) return sendErrors(reply, [rmfError('already_finished', err.message)]);
      throw err;
    }
  });
}
