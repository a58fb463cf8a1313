// The HTTP API without robots: validation, errors, reads. The link points nowhere and is never
// started, so every accepted task stays queued and nothing leaves the process.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loadWard, type WardMap } from '../../robot/index.js';
import { CLINIC_WARD_FILE } from '../../sim/index.js';
import { Fleet } from '../fleet/fleet.js';
import { RosbridgeLink } from '../link/rosbridge-link.js';
import { SqliteTaskStore } from '../store/sqlite-store.js';
import { TaskService } from '../tasks/task-service.js';
import { buildApi } from './server.js';
import { TEST_ONLY_SCRYPT } from '../auth/index.js';
import { wallClock } from '../clock.js';
import { demoPassword, demoStaffSecrets } from '../demo-staff.js';
import { ScheduleService } from '../schedules/index.js';
import { buildWardServices } from '../ward-services.js';
import { RoundRecords } from '../workflows/round/round-records.js';
import { buildPlanService, NO_MODEL } from '../plan-services.js';
import { buildDialogue } from '../dialogue-services.js';
import { loadLibrary } from '../education/index.js';
import { PlanStore } from '../planning/index.js';

describe('HTTP API', () => {
  let dir: string;
  let store: SqliteTaskStore;
  let fleet: Fleet;
  let tasks: TaskService;
  let app: FastifyInstance;
  let ward: WardMap;
  let token = '';
  let wardServices: ReturnType<typeof buildWardServices>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'brain-api-'));
    const logger = pino({ enabled: false });
    ward = loadWard(CLINIC_WARD_FILE);
    store = new SqliteTaskStore(join(dir, 'brain.db'));
    const link = new RosbridgeLink({ url: 'ws://127.0.0.1:9', logger });
    fleet = new Fleet(link);
    tasks = new TaskService({ store, fleet, link, ward, logger, minBatteryPct: 20, taskTimeoutSec: 60 });
    await tasks.start();
    const dashboard = new Map([
      ['/', { type: 'text/html; charset=utf-8', body: Buffer.from('<!doctype html><title>ward</title>') }],
      ['/assets/main.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from('console.log(1)') }],
    ]);
    wardServices = buildWardServices({
      db: store.database, ward, clock: wallClock, logger, fleet, scrypt: TEST_ONLY_SCRYPT, handBackBatteryPct: 25,
      followUp: async (r) => (await tasks.create(r)).booking.id,
    });
    await wardServices.accounts.seedFromWard(ward.people.staff, demoStaffSecrets(ward.people.staff));
    const schedules = new ScheduleService(store.database, { clock: wallClock, timeZone: 'Asia/Shanghai', dispatch: async () => ({ taskId: 'none' }) });
    const checkContext = tasks.checkContext(wardServices.records);
    const plans = buildPlanService({
      store: new PlanStore(store.database), ward, wardServices, checkContext, clock: wallClock, timeZone: 'Asia/Shanghai', fleet, tasks, logger, model: NO_MODEL,
    });
    app = await buildApi({
      ward, tasks, fleet, link, version: '9.9.9', startedAtMs: Date.now(), logger, dashboard, wardServices, schedules,
      checkContext, workflows: new Map(), rounds: new RoundRecords(store.database), plans,
      dialogue: buildDialogue({ db: store.database, wardServices, fleet, link, clock: wallClock, library: loadLibrary(), model: null, logger }),
    });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nurse.chen', password: demoPassword('nurse.chen') } });
    token = (login.json() as { token: string }).token;
  });

  afterAll(async () => {
    await app.close();
    await tasks.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (url: string, payload?: unknown) =>
    app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const dispatch = (request: unknown) => post('/api/tasks', { type: 'dispatch_task_request', request });

  async function expectRefused(res: Awaited<ReturnType<typeof post>>, category: string, detail: string | RegExp) {
    expect(res.statusCode).toBe(400);
    const body = res.json() as { success: boolean; errors: { code: number; category: string; detail: string }[] };
    expect(body.success).toBe(false);
    expect(body.errors.some((e) => e.category === category && (typeof detail === 'string' ? e.detail === detail : detail.test(e.detail)))).toBe(true);
    expect(body.errors.every((e) => Number.isInteger(e.code))).toBe(true);
  }

  it('refuses each bad body with 400 naming the field, and stores nothing', async () => {
    await expectRefused(await post('/api/tasks'), 'invalid_request', /^body: is required/);
    await expectRefused(await post('/api/tasks', { request: { category: 'go_to_place', description: { place: 'bed_1' } } }), 'invalid_request', 'type: is required');
    await expectRefused(await post('/api/tasks', { type: 'cancel_task_request', request: {} }), 'invalid_request', 'type: must be one of "dispatch_task_request"');
    await expectRefused(await dispatch({ category: 'go_to_place', description: {} }), 'invalid_request', 'request.description.place: is required');
    await expectRefused(await dispatch({ category: 'go_to_place' }), 'invalid_request', 'request.description: is required');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: 7 } }), 'invalid_request', 'request.description.place: must be string');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: '' } }), 'invalid_request', 'request.description.place: must not be empty');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: 'bed_1', speed: 3 } }), 'invalid_request', 'request.description.speed: is not a known field');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: 'bed_1' }, labels: 'x' }), 'invalid_request', 'request.labels: must be array');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: 'bed_1' }, labels: ['ok', 3] }), 'invalid_request', 'request.labels[1]: must be string');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: 'bed_1' }, priority: 'high' }), 'invalid_request', 'request.priority: must be object');
    await expectRefused(await dispatch({ category: 'go_to_place', description: { place: 'bed_1' }, unix_millis_earliest_start_time: 1.5 }),
      'invalid_request', 'request.unix_millis_earliest_start_time: must be integer');
    await expectRefused(await dispatch({ category: 'fly_to_moon', description: {} }), 'unknown_category',
      'request.category: unknown category "fly_to_moon" (categories: go_to_place, ward_round, health_education, medication_delivery, medication_return, planned_skills)');
    const badJson = await app.inject({ method: 'POST', url: '/api/tasks', headers: { 'content-type': 'application/json' }, payload: '{"type":' });
    await expectRefused(badJson, 'invalid_request', /^body: is not valid JSON/);
    expect(await store.listTasks()).toEqual([]);
  });

  it('answers an unknown place with the closest names', async () => {
    const res = await dispatch({ category: 'go_to_place', description: { place: 'bed_99' } });
    await expectRefused(res, 'unknown_place', /^request\.description\.place: unknown place "bed_99"; did you mean .*\bbed_9\b/);
    expect(await store.listTasks()).toEqual([]);
  });

  it('accepts a valid request: 201, stored, queued while no robot is free, logged', async () => {
    const res = await dispatch({ category: 'go_to_place', description: { place: 'bed_3' }, requester: 'nurse_li', labels: ['app=test'], priority: { type: 'binary', value: 1 } });
    expect(res.statusCode).toBe(201);
    const { success, state } = res.json() as { success: boolean; state: { booking: { id: string; labels: string[]; priority: unknown; requester: string }; status: string; detail: unknown; category: string } };
    expect(success).toBe(true);
    expect(state).toMatchObject({ category: 'go_to_place', detail: { place: 'bed_3' }, status: 'queued' });
    // The requester is whoever is signed in, not what the body claims.
    expect(state.booking).toMatchObject({ labels: ['app=test', expect.stringMatching(/^plan:plan-/)], priority: { type: 'binary', value: 1 }, requester: 'nurse.chen' });

    const one = await app.inject({ url: `/api/tasks/${state.booking.id}` });
    expect(one.json()).toMatchObject({ booking: { id: state.booking.id }, status: 'queued' });
    const log = (await app.inject({ url: `/api/tasks/${state.booking.id}/log` })).json() as { task_id: string; log: { seq: number; kind: string; tier: string }[] };
    expect(log.task_id).toBe(state.booking.id);
    expect(log.log.map((e) => e.kind)).toEqual(['created', 'waiting']);
    expect(log.log[1]).toMatchObject({ seq: 2, tier: 'info' });
  });

  it('lists newest first with status filter and paging, and checks the query', async () => {
    await dispatch({ category: 'go_to_place', description: { place: 'pharmacy' } });
    const all = (await app.inject({ url: '/api/tasks' })).json() as { tasks: { detail: { place: string } }[] };
    expect(all.tasks.map((t) => t.detail.place)).toEqual(['pharmacy', 'bed_3']);
    const page = (await app.inject({ url: '/api/tasks?limit=1&offset=1&status=queued' })).json() as { tasks: { detail: { place: string } }[] };
    expect(page.tasks.map((t) => t.detail.place)).toEqual(['bed_3']);
    expect(((await app.inject({ url: '/api/tasks?status=completed' })).json() as { tasks: unknown[] }).tasks).toEqual([]);
    await expectRefused(await app.inject({ url: '/api/tasks?limit=0' }), 'invalid_request', 'querystring.limit: must be >= 1');
    await expectRefused(await app.inject({ url: '/api/tasks?status=done' }), 'invalid_request', /^querystring\.status\[0\]: must be one of "queued"/);
  });

  it('cancels a queued task at once; a second cancel is 409; unknown ids are 404', async () => {
    const created = (await dispatch({ category: 'go_to_place', description: { place: 'bed_5' } })).json() as { state: { booking: { id: string } } };
    const id = created.state.booking.id;
    const res = await post(`/api/tasks/${id}/cancel`, { labels: ['by=test'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: true, state: { status: 'canceled', cancellation: { labels: ['by=test', 'canceled_by:nurse.chen'] } } });
    const again = await app.inject({ method: 'POST', url: `/api/tasks/${id}/cancel`, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: '' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ success: false, errors: [{ category: 'already_finished' }] });
    expect((await post('/api/tasks/nope/cancel')).statusCode).toBe(404);
    const missing = await app.inject({ url: '/api/tasks/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ success: false, errors: [{ code: 4, category: 'not_found', detail: 'no task with id "nope"' }] });
    expect((await app.inject({ url: '/api/tasks/nope/log' })).statusCode).toBe(404);
    await expectRefused(await post(`/api/tasks/${id}/cancel`, { labels: [{}] }), 'invalid_request', 'body.labels[0]: must be string');
    await expectRefused(await post(`/api/tasks/${id}/cancel`, { reason: 'x' }), 'invalid_request', 'body.reason: is not a known field');
  });

  it('serves places, the map with its drawing, robots and health', async () => {
    const places = (await app.inject({ url: '/api/places' })).json() as { places: { name: string; label: Record<string, string> }[] };
    expect(places.places.find((p) => p.name === 'pharmacy')).toMatchObject({ kind: 'pharmacy', level: 'L1', label: { en: 'Pharmacy', 'zh-CN': '药房' } });

    const map = (await app.inject({ url: '/api/map' })).json() as {
      name: string; levels: { name: string; bounds: { min_x: number; max_x: number }; drawing: { url: string; width: number; height: number } | null; walls: number[][]; lanes: number[][] }[];
      places: unknown[];
    };
    expect(map.name).toBe(ward.name);
    expect(map.levels.map((l) => l.name)).toEqual(ward.building.levels.map((l) => l.name));
    const l1 = map.levels[0]!;
    expect(l1.walls.length).toBeGreaterThan(0);
    expect(l1.walls[0]).toHaveLength(4);
    expect(l1.lanes.length).toBeGreaterThan(0);
    expect(l1.bounds.max_x).toBeGreaterThan(l1.bounds.min_x);
    expect(l1.drawing?.url).toBe('/api/map/levels/L1/drawing');
    const metresPerPixel = ward.building.levels[0]!.drawing!.metresPerPixel;
    expect(l1.drawing!.width / metresPerPixel).toBeCloseTo(Math.round(l1.drawing!.width / metresPerPixel), 6);
    expect(map.places).toHaveLength(ward.places.length);

    const png = await app.inject({ url: l1.drawing!.url });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const noLevel = await app.inject({ url: '/api/map/levels/L9/drawing' });
    expect(noLevel.statusCode).toBe(404);
    expect(noLevel.json()).toMatchObject({ errors: [{ detail: 'unknown level "L9" (levels: L1, L2)' }] });

    expect((await app.inject({ url: '/api/robots' })).json()).toEqual({ robots: [] });
    expect((await app.inject({ url: '/api/health' })).json()).toMatchObject({
      status: 'degraded', version: '9.9.9', link: { kind: 'rosbridge', url: 'ws://127.0.0.1:9', connected: false }, robots: { total: 0, online: 0 },
    });
  });

  it('serves the dashboard files as given', async () => {
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe('<!doctype html><title>ward</title>');
    const script = await app.inject({ url: '/assets/main.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe('console.log(1)');
  });

  it('shows a task\'s patient record number to clinical staff only; others see a stable pseudonym', async () => {
    const patient = ward.people.patients.find((p) => p.conditions.length > 0)!;
    const res = await dispatch({ category: 'health_education', description: { patient: patient.recordNumber } });
    expect(res.statusCode).toBe(201);
    const id = (res.json() as { state: { booking: { id: string } } }).state.booking.id;
    const asNurse = (await app.inject({ url: `/api/tasks/${id}`, headers: { authorization: `Bearer ${token}` } })).json() as { detail: { patient: string } };
    expect(asNurse.detail.patient).toBe(patient.recordNumber);
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'eng.kim', password: demoPassword('eng.kim') } });
    const engineer = (login.json() as { token: string }).token;
    for (const headers of [{}, { authorization: `Bearer ${engineer}` }]) {
      const shown = (await app.inject({ url: `/api/tasks/${id}`, headers })).json() as { detail: { patient: string } };
      expect(shown.detail.patient).toMatch(/^P-[0-9a-f]{8}$/);
      const log = (await app.inject({ url: `/api/tasks/${id}/log`, headers })).json() as { log: unknown[] };
      expect(JSON.stringify(log)).not.toContain(patient.recordNumber);
      const list = (await app.inject({ url: '/api/tasks', headers })).json() as { tasks: unknown[] };
      expect(JSON.stringify(list)).not.toContain(patient.recordNumber);
    }
    // The audit log too: engineers read it with patients as pseudonyms; clinical staff as stored.
    wardServices.audit.append({ actor: { kind: 'system', id: 'test' }, action: 'test.patient', subject: { type: 'task', id }, data: { patient: patient.recordNumber } });
    const managerLogin = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'manager.hu', password: demoPassword('manager.hu') } });
    const manager = (managerLogin.json() as { token: string }).token;
    const auditAs = async (t: string) => JSON.stringify((await app.inject({ url: '/api/audit?limit=50', headers: { authorization: `Bearer ${t}` } })).json());
    expect(await auditAs(manager)).toContain(patient.recordNumber);
    expect(await auditAs(engineer)).not.toContain(patient.recordNumber);
    // An engineer may not ask for clinical work at all.
    const refused = await app.inject({ method: 'POST', url: '/api/tasks', headers: { authorization: `Bearer ${engineer}` }, payload: { type: 'dispatch_task_request', request: { category: 'health_education', description: { patient: patient.recordNumber } } } });
    expect(refused.statusCode).toBe(403);
    await post(`/api/tasks/${id}/cancel`);
  });

  it('refuses unknown patients and orders with 404 and inactive orders with 409, naming the field', async () => {
    const unknownPatient = await dispatch({ category: 'health_education', description: { patient: 'MRN-NOPE' } });
    expect(unknownPatient.statusCode).toBe(404);
    expect(JSON.stringify(unknownPatient.json())).toContain('request.description.patient');
    const unknownOrder = await dispatch({ category: 'medication_delivery', description: { orders: ['MR-NOPE'] } });
    expect(unknownOrder.statusCode).toBe(404);
    expect(JSON.stringify(unknownOrder.json())).toContain('request.description.orders[0]');
    const inactive = ward.people.orders.find((o) => o.status !== 'active')!;
    const notActive = await dispatch({ category: 'medication_delivery', description: { orders: [inactive.id] } });
    expect(notActive.statusCode).toBe(409);
    expect(JSON.stringify(notActive.json())).toContain(`order ${inactive.id} is ${inactive.status}`);
  });

  it('publishes an OpenAPI document listing every route and each category schema', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/alerts', '/api/alerts/{id}/acknowledge', '/api/audit', '/api/audit/verify', '/api/auth/login', '/api/auth/logout', '/api/auth/me',
      '/api/dialogue/turns', '/api/dialogue/utterances', '/api/fhir', '/api/health', '/api/map', '/api/map/levels/{level}/drawing', '/api/orders', '/api/patients', '/api/patients/{mrn}/history', '/api/places', '/api/planner', '/api/plans', '/api/plans/{id}', '/api/plans/{id}/approve', '/api/plans/{id}/decline',
      '/api/reports/summary', '/api/robots', '/api/robots/{robot}/camera.png',
      '/api/rounds/{taskId}', '/api/schedules', '/api/schedules/{id}', '/api/staff', '/api/staff/{username}',
      '/api/tasks', '/api/tasks/{id}', '/api/tasks/{id}/cancel', '/api/tasks/{id}/custody', '/api/tasks/{id}/load', '/api/tasks/{id}/log',
      '/api/tasks/{id}/unload', '/api/tasks/{id}/waiting',
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['TaskState', 'RobotState', 'ErrorResponse']));
    expect(JSON.stringify(doc.paths['/api/tasks'])).toContain('"title":"go_to_place"');
    expect(JSON.stringify(doc.paths['/api/tasks'])).toContain('"title":"medication_delivery"');
    expect((await app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
    // Changing anything needs a sign-in.
    const anonymous = await app.inject({ method: 'POST', url: '/api/tasks', payload: { type: 'dispatch_task_request', request: { category: 'go_to_place', description: { place: 'bed_1' } } } });
    expect(anonymous.statusCode).toBe(401);
    const unknown = await app.inject({ url: '/api/nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ success: false, errors: [{ category: 'not_found' }] });
  });
});
