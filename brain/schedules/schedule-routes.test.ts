// The schedule routes through app.inject. Auth is faked: requireUser/requireRole here read the
// x-test-user and x-test-role headers instead of a session token; the real guards come from the
// auth part and are handed in the same way by the integrator.
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type Database from 'better-sqlite3';
import { handleError } from '../api/errors.js';
import { SHARED_SCHEMAS } from '../api/schemas.js';
import { openTestDatabase } from '../store/module-schema.js';
import { ManualClock } from '../manual-clock.js';
import { registerScheduleRoutes } from './schedule-routes.js';
import { ScheduleService } from './schedule-service.js';

const JUNE_1 = Date.parse('2025-05-31T16:00:00Z'); // 00:00 in Shanghai

function fakeUser(request: FastifyRequest): { username: string; name: string; roles: string[] } | null {
  const username = request.headers['x-test-user'];
  if (typeof username !== 'string') return null;
  const role = request.headers['x-test-role'];
  return { username, name: username, roles: typeof role === 'string' ? [role] : [] };
}
const refuse = (reply: FastifyReply, status: number, detail: string) => reply.code(status).send({ success: false, errors: [{ code: 0, category: 'internal', detail }] });
const fakeRequireUser = () => async (request: FastifyRequest, reply: FastifyReply) => {
  const user = fakeUser(request);
  if (!user) return refuse(reply, 401, 'test: no x-test-user header');
  (request as unknown as { user: unknown }).user = user;
  return undefined;
};
const fakeRequireRole = (...roles: string[]) => async (request: FastifyRequest, reply: FastifyReply) => {
  const user = fakeUser(request);
  if (!user) return refuse(reply, 401, 'test: no x-test-user header');
  if (!user.roles.some((r) => roles.includes(r))) return refuse(reply, 403, `test: needs ${roles.join(', ')}`);
  (request as unknown as { user: unknown }).user = user;
  return undefined;
};

const manager = { 'x-test-user': 'manager.wang', 'x-test-role': 'ward_manager' };
const nurse = { 'x-test-user': 'nurse.li', 'x-test-role': 'nurse' };
const rounds = {
  name: 'Ward rounds',
  recurrence: { times: ['08:00', '16:00'], start_date: '2025-06-01' },
  task_request: { category: 'go_to_place', description: { place: 'bed_1' } },
};

describe('schedule routes', () => {
  let db: Database.Database;
  let app: FastifyInstance;
  let clock: ManualClock;
  let service: ScheduleService;
  let dispatched: number;

  beforeEach(async () => {
    db = await openTestDatabase();
    clock = new ManualClock(JUNE_1);
    dispatched = 0;
    service = new ScheduleService(db, {
      clock, timeZone: 'Asia/Shanghai',
      dispatch: async () => ({ taskId: `task-${++dispatched}` }),
      checkTemplate: (t) => (t.category === 'go_to_place' ? [] : [`task_request.category: unknown category "${t.category}"`]),
    });
    app = Fastify({ ajv: { customOptions: { allErrors: true, removeAdditional: false } } }) as unknown as FastifyInstance;
    for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
    app.setErrorHandler(handleError);
    app.decorateRequest('user', null);
    await app.register(swagger, { openapi: { info: { title: 'test', version: '0' } } });
    registerScheduleRoutes(app, { schedules: service, requireUser: fakeRequireUser, requireRole: fakeRequireRole });
    await app.ready();
  });
  afterEach(async () => {
    await service.stop();
    await app.close();
    db.close();
  });

  it('lets a ward manager create a schedule and any staff read it, with upcoming and history', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/schedules', headers: manager, payload: rounds });
    expect(created.statusCode).toBe(201);
    const body = created.json<{ id: string }>();
    expect(body).toMatchObject({
      name: 'Ward rounds', enabled: true, recurrence: rounds.recurrence, task_request: rounds.task_request, time_zone: 'Asia/Shanghai',
      next: { unix_millis: JUNE_1 + 8 * 3_600_000, local: '2025-06-01 08:00 +08:00' },
      created_by: 'manager.wang', updated_by: 'manager.wang', unix_millis_created: JUNE_1,
    });

    service.start();
    await clock.advance(9 * 3_600_000);

    const list = await app.inject({ method: 'GET', url: '/api/schedules', headers: nurse });
    expect(list.statusCode).toBe(200);
    expect(list.json<{ schedules: { id: string }[] }>().schedules.map((s) => s.id)).toEqual([body.id]);

    const detail = await app.inject({ method: 'GET', url: `/api/schedules/${body.id}?upcoming=2`, headers: nurse });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      schedule: { id: body.id, next: { local: '2025-06-01 16:00 +08:00' } },
      upcoming: [{ local: '2025-06-01 16:00 +08:00' }, { local: '2025-06-02 08:00 +08:00' }],
      history: [{ local: '2025-06-01 08:00 +08:00', outcome: 'dispatched', task_id: 'task-1', unix_millis_dispatched: JUNE_1 + 8 * 3_600_000, detail: null }],
    });
  });

  it('refuses a nurse (403) and nobody (401) changing schedules', async () => {
    const byNurse = await app.inject({ method: 'POST', url: '/api/schedules', headers: nurse, payload: rounds });
    expect(byNurse.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/schedules' });
    expect(anonymous.statusCode).toBe(401);
    expect(service.list()).toEqual([]);
    const s = service.create(rounds, 'manager.wang');
    expect((await app.inject({ method: 'DELETE', url: `/api/schedules/${s.id}`, headers: nurse })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PATCH', url: `/api/schedules/${s.id}`, headers: nurse, payload: { enabled: false } })).statusCode).toBe(403);
    expect(service.get(s.id)?.enabled).toBe(true);
  });

  it('answers bad input with Open-RMF errors naming each field', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/schedules', headers: manager,
      payload: { ...rounds, recurrence: { times: ['08:00', '25:00'], start_date: '2025-06-01' }, task_request: { category: 'dance', description: {} } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      success: false,
      errors: [
        { code: 1, category: 'invalid_request', detail: 'recurrence.times[1]: "25:00" is not a time of day (HH:MM)' },
        { code: 1, category: 'invalid_request', detail: 'task_request.category: unknown category "dance"' },
      ],
    });
    const empty = await app.inject({ method: 'POST', url: '/api/schedules', headers: { ...manager, 'content-type': 'application/json' }, payload: '[]' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ errors: { detail: string }[] }>().errors[0]?.detail).toMatch(/^body: must be an object/);
    const badQuery = await app.inject({ method: 'GET', url: '/api/schedules/x?history=0', headers: nurse });
    expect(badQuery.statusCode).toBe(400);
  });

  it('patches and deletes, and answers 404 for unknown or deleted schedules', async () => {
    const s = service.create(rounds, 'manager.wang');
    const patched = await app.inject({ method: 'PATCH', url: `/api/schedules/${s.id}`, headers: manager, payload: { enabled: false } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ enabled: false, next: null, updated_by: 'manager.wang' });

    const deleted = await app.inject({ method: 'DELETE', url: `/api/schedules/${s.id}`, headers: manager });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ success: true, id: s.id });

    for (const [method, headers] of [['GET', nurse], ['PATCH', manager], ['DELETE', manager]] as const) {
      const res = await app.inject({ method, url: `/api/schedules/${s.id}`, headers, ...(method === 'PATCH' ? { payload: { name: 'x' } } : {}) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ success: false, errors: [{ code: 4, category: 'not_found', detail: `no schedule with id "${s.id}"` }] });
    }
  });

  it('documents every route under the schedules tag, and echoes optional recurrence fields', async () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => [`${m.toUpperCase()} ${path}`, op.tags]));
    expect(ops).toEqual([
      ['GET /api/schedules', ['schedules']], ['POST /api/schedules', ['schedules']],
      ['GET /api/schedules/{id}', ['schedules']], ['PATCH /api/schedules/{id}', ['schedules']], ['DELETE /api/schedules/{id}', ['schedules']],
    ]);
    const recurrence = { times: ['10:00'], every_days: 2, weekdays: ['mon', 'wed'], start_date: '2025-06-01', end_date: '2025-12-31' };
    const res = await app.inject({ method: 'POST', url: '/api/schedules', headers: manager, payload: { ...rounds, recurrence, task_request: { ...rounds.task_request, priority: { type: 'binary', value: 1 }, labels: ['a'] } } });
    expect(res.json()).toMatchObject({ recurrence, task_request: { priority: { type: 'binary', value: 1 }, labels: ['a'] } });
  });
});
