// Plans over HTTP: ask in your own words, read the plan and why each step is there, approve or
// decline it. Approving is a nurse's job; the requester's own roles still bound what the plan may do.
import type { FastifyInstance } from 'fastify';
import { rmfError, sendErrors } from '../api/errors.js';
import { errorResponses } from '../api/schemas.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireUser, signedIn } from '../auth/index.js';
import { NotAnApprover, PlanDecisionConflict, PlanNotFound, type PlanService } from './plan-service.js';
import { PLAN_STATUSES, type PlanStatus } from './plan-store.js';
import { MODE_SCHEMA, PLAN_SCHEMA, modeToWire, planToWire } from './plan-wire.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
const planReply = { type: 'object', required: ['plan'], properties: { plan: PLAN_SCHEMA } } as const;
export const MAX_REQUEST_CHARS = 2000;

export function registerPlanRoutes(app: FastifyInstance, plans: PlanService): void {
  // A plan names patients; engineers (who see no identifiers) see only the plans they asked for.
  const mayRead = (user: ReturnType<typeof signedIn>, requester: string) => canSeePatientIdentifiers(user) || user.username === requester;
  const handle = (reply: import('fastify').FastifyReply, err: unknown) => {
    if (err instanceof PlanNotFound) return sendErrors(reply, [rmfError('not_found', err.message)]);
    if (err instanceof NotAnApprover) return sendErrors(reply, [rmfError('forbidden', err.message)]);
    if (err instanceof PlanDecisionConflict) return sendErrors(reply, [rmfError('conflict', err.message)]);
    throw err;
  };

  app.get('/api/planner', {
    schema: { tags: ['plans'], summary: 'Which planner runs: a language model (which, where) or the deterministic rules', response: { 200: MODE_SCHEMA } },
  }, async () => modeToWire(plans.mode));

  app.post<{ Body: { text: string } }>('/api/plans', {
    schema: {
      tags: ['plans'],
      summary: 'Plan a request written in your own words; the plan waits for a nurse\'s approval, or is refused with reasons',
      security: BEARER_SECURITY,
      body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: MAX_REQUEST_CHARS } } },
      response: { 201: planReply, 422: { type: 'object', required: ['success', 'plan', 'errors'], properties: { success: { type: 'boolean' }, plan: PLAN_SCHEMA, errors: { type: 'array', items: { type: 'object', additionalProperties: true } } } }, ...errorResponses(400, 401) },
    },
    preHandler: requireUser(),
  }, async (request, reply) => {
    const user = signedIn(request);
    if (!request.body.text.trim()) return sendErrors(reply, [rmfError('invalid_request', 'body.text: must say what to do')]);
    const record = await plans.fromText(request.body.text, user);
    if (record.status === 'refused') {
      return reply.code(422).send({ success: false, plan: planToWire(record), errors: record.problems.map((p) => rmfError('plan_refused', `${p.step ? `step ${p.step}: ` : ''}${p.en}`)) });
    }
    return reply.code(201).send({ plan: planToWire(record) });
  });

  app.get<{ Querystring: { status?: PlanStatus; limit: number } }>('/api/plans', {
    schema: {
      tags: ['plans'], summary: 'Plans, newest first (status=awaiting_approval for the approvals inbox)', security: BEARER_SECURITY,
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: [...PLAN_STATUSES] }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
      response: { 200: { type: 'object', required: ['plans'], properties: { plans: { type: 'array', items: PLAN_SCHEMA } } }, ...errorResponses(400, 401) },
    },
    preHandler: requireUser(),
  }, async (request) => {
    const user = signedIn(request);
    const { status, limit } = request.query;
    return { plans: plans.list({ ...(status ? { status } : {}), limit }).filter((p) => mayRead(user, p.requester)).map(planToWire) };
  });

  app.get<{ Params: { id: string } }>('/api/plans/:id', {
    schema: { tags: ['plans'], summary: 'One plan', security: BEARER_SECURITY, params: idParams, response: { 200: planReply, ...errorResponses(401, 404) } },
    preHandler: requireUser(),
  }, async (request, reply) => {
    const record = plans.get(request.params.id);
    if (!record || !mayRead(signedIn(request), record.requester)) return sendErrors(reply, [rmfError('not_found', `no plan with id "${request.params.id}"`)]);
    return { plan: planToWire(record) };
  });

  app.post<{ Params: { id: string }; Body: { note?: string } | null }>('/api/plans/:id/approve', {
    schema: {
      tags: ['plans'], summary: 'Approve a plan (nurses): it is checked again and its tasks are dispatched', security: BEARER_SECURITY, params: idParams,
      body: { type: 'object', nullable: true, additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } },
      response: { 200: planReply, ...errorResponses(400, 401, 403, 404, 409) },
    },
    preHandler: requireUser(),
  }, async (request, reply) => {
    try {
      return { plan: planToWire(await plans.approve(request.params.id, signedIn(request), request.body?.note ?? null)) };
    } catch (err) {
      return handle(reply, err);
    }
  });

  app.post<{ Params: { id: string }; Body: { note: string } }>('/api/plans/:id/decline', {
    schema: {
      tags: ['plans'], summary: 'Decline a plan (nurses, or whoever asked for it), saying why', security: BEARER_SECURITY, params: idParams,
      body: { type: 'object', required: ['note'], additionalProperties: false, properties: { note: { type: 'string', minLength: 1, maxLength: 500 } } },
      response: { 200: planReply, ...errorResponses(400, 401, 403, 404, 409) },
    },
    preHandler: requireUser(),
  }, async (request, reply) => {
    try {
      return { plan: planToWire(plans.decline(request.params.id, signedIn(request), request.body.note)) };
    } catch (err) {
      return handle(reply, err);
    }
  });
}
