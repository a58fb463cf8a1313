import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { AuditLog } from '../audit/index.js';
import { AccountService, installAuth, TEST_ONLY_SCRYPT } from '../auth/index.js';
import { buildTestApp } from '../auth/test-support.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import { alertToWire, registerAlertRoutes, type WireAlert } from './alert-routes.js';
import { AlertService } from './alert-service.js';

const PASSWORD = 'ward-seven-rounds';
type ErrorBody = { errors: { category: string; detail: string }[] };

describe('alert routes', () => {
  let db: Database.Database;
  let app: FastifyInstance;
  let alerts: AlertService;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    const clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    const audit = new AuditLog(db, { clock });
    const accounts = new AccountService(db, { clock, audit, scrypt: TEST_ONLY_SCRYPT });
    await accounts.createAccount({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], password: PASSWORD });
    await accounts.createAccount({ username: 'eng.wu', name: 'Wu Lei', roles: ['engineer'], password: PASSWORD });
    for (const u of ['nurse.li', 'eng.wu']) tokens[u] = (await accounts.login(u, PASSWORD)).token;
    alerts = new AlertService(db, { clock, audit });
    app = buildTestApp();
    installAuth(app, accounts);
    registerAlertRoutes(app, { alerts });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
  const raiseOne = (bed: string) => alerts.raise({
    kind: 'wristband_mismatch', severity: 'critical', bed, patient: 'MRN-0007', taskId: `t-${bed}`,
    text: { en: `Wristband at ${bed} does not match the order`, 'zh-CN': `${bed} 腕带与医嘱不符` },
  });

  it('shows alerts to signed-in staff, without patient record numbers for engineers', async () => {
    const a = raiseOne('bed_7');
    const anon = await app.inject({ method: 'GET', url: '/api/alerts' });
    expect(anon.statusCode).toBe(401);
    const forNurse = (await app.inject({ method: 'GET', url: '/api/alerts?open=true', headers: as('nurse.li') })).json() as { alerts: WireAlert[] };
    expect(forNurse.alerts).toEqual([{
      id: a.id, kind: 'wristband_mismatch', severity: 'critical', text: a.text, bed: 'bed_7', patient: 'MRN-0007', task_id: 't-bed_7',
      robot: null, data: null, raised_at_ms: a.raisedAtMs, acknowledged: null,
    }]);
    expect(forNurse.alerts).toEqual([alertToWire(a)]);
    const forEngineer = (await app.inject({ method: 'GET', url: '/api/alerts?open=true', headers: as('eng.wu') })).json() as { alerts: WireAlert[] };
    expect(forEngineer.alerts).toEqual([{ ...alertToWire(a), patient: null }]);
    const bad = await app.inject({ method: 'GET', url: '/api/alerts?kind=fire', headers: as('nurse.li') });
    expect(bad.statusCode).toBe(400);
  });

  it('lets clinical staff acknowledge once: 403 for engineers, 404 unknown, 409 twice', async () => {
    const a = raiseOne('bed_9');
    const eng = await app.inject({ method: 'POST', url: `/api/alerts/${a.id}/acknowledge`, headers: as('eng.wu') });
    expect(eng.statusCode).toBe(403);
    expect((eng.json() as ErrorBody).errors[0]?.detail).toBe('this needs one of the roles nurse, pharmacist, ward_manager; eng.wu has engineer');
    const ok = await app.inject({ method: 'POST', url: `/api/alerts/${a.id}/acknowledge`, headers: as('nurse.li'), payload: { note: 'checked, wrong bed label' } });
    expect(ok.statusCode).toBe(200);
    const acked = (ok.json() as { alert: WireAlert }).alert;
    expect(acked.acknowledged).toEqual({ by: { username: 'nurse.li', name: 'Li Na' }, at_ms: expect.any(Number), note: 'checked, wrong bed label' });
    expect(Object.keys(acked).sort()).toEqual(['acknowledged', 'bed', 'data', 'id', 'kind', 'patient', 'raised_at_ms', 'robot', 'severity', 'task_id', 'text']);
    const twice = await app.inject({ method: 'POST', url: `/api/alerts/${a.id}/acknowledge`, headers: as('nurse.li') });
    expect(twice.statusCode).toBe(409);
    expect((twice.json() as ErrorBody).errors[0]).toMatchObject({ category: 'conflict', detail: expect.stringMatching(/already acknowledged by Li Na/) });
    const unknown = await app.inject({ method: 'POST', url: '/api/alerts/nope/acknowledge', headers: as('nurse.li') });
    expect(unknown.statusCode).toBe(404);
    const open = (await app.inject({ method: 'GET', url: '/api/alerts?open=true', headers: as('nurse.li') })).json() as { alerts: WireAlert[] };
    expect(open.alerts.map((x) => x.bed)).toEqual(['bed_7']);
    const all = (await app.inject({ method: 'GET', url: '/api/alerts', headers: as('nurse.li') })).json() as { alerts: WireAlert[] };
    expect(all.alerts.map((x) => x.bed).sort()).toEqual(['bed_7', 'bed_9']);
  });

  it('acknowledges over a real socket', async () => {
    const a = raiseOne('bed_12');
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${url}/api/alerts/${a.id}/acknowledge`, {
      method: 'POST', headers: { ...as('nurse.li'), 'content-type': 'application/json' }, body: JSON.stringify({ note: 'on my way' }),
    });
    expect(res.status).toBe(200);
    expect(alerts.get(a.id)?.acknowledged?.note).toBe('on my way');
  });
});
