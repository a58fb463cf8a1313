import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { AuditLog } from '../audit/index.js';
import { openTestDatabase } from '../store/module-schema.js';
import { AccountService } from './account-service.js';
import { registerAuthRoutes } from './auth-routes.js';
import { installAuth } from './fastify-auth.js';
import { TEST_ONLY_SCRYPT } from './password-hash.js';
import { buildTestApp } from './test-support.js';
import { ManualClock } from '../manual-clock.js';

const PASSWORD = 'ward-seven-rounds';
type ErrorBody = { success: false; errors: { code: number; category: string; detail: string }[] };

describe('auth and staff routes', () => {
  let db: Database.Database;
  let app: FastifyInstance;
  let accounts: AccountService;
  let audit: AuditLog;
  let socketUser: (token: unknown) => unknown;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    const clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    audit = new AuditLog(db, { clock });
    accounts = new AccountService(db, { clock, audit, scrypt: TEST_ONLY_SCRYPT });
    await accounts.createAccount({ username: 'manager.chen', name: 'Chen Jing', roles: ['ward_manager'], password: PASSWORD });
    await accounts.createAccount({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], password: PASSWORD, badge: 'B-1001', pin: '4821' });
    await accounts.createAccount({ username: 'eng.wu', name: 'Wu Lei', roles: ['engineer'], password: PASSWORD });
    app = buildTestApp();
    socketUser = installAuth(app, accounts).userFromToken;
    registerAuthRoutes(app, { accounts });
    await app.ready();
    for (const u of ['manager.chen', 'nurse.li', 'eng.wu']) tokens[u] = (await accounts.login(u, PASSWORD)).token;
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  const as = (user: string | null) => (user ? { authorization: `Bearer ${tokens[user]}` } : {});

  it('signs in and answers who is signed in', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nurse.li', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const body = login.json() as { token: string; expires_at_ms: number; user: Record<string, unknown> };
    expect(body).toEqual({ token: expect.any(String), expires_at_ms: expect.any(Number), user: { username: 'nurse.li', name: 'Li Na', roles: ['nurse'] } });
    expect(JSON.stringify(body)).not.toMatch(/scrypt|hash/i);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.json()).toEqual({ user: { username: 'nurse.li', name: 'Li Na', roles: ['nurse'] }, can_see_patient_identifiers: true });
    const eng = await app.inject({ method: 'GET', url: '/api/auth/me', headers: as('eng.wu') });
    expect((eng.json() as { can_see_patient_identifiers: boolean }).can_see_patient_identifiers).toBe(false);
    expect(socketUser(body.token)).toEqual({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'] });
    expect(socketUser(undefined)).toBeNull();

    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${body.token}` } });
    expect(out.json()).toEqual({ success: true });
    const after = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(after.statusCode).toBe(401);
    expect((after.json() as ErrorBody).errors[0]?.detail).toMatch(/session has ended.*POST \/api\/auth\/login/);
  });

  it('answers wrong credentials, missing sign-in and bad bodies in the RMF error shape', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nurse.li', password: 'not-the-one' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ success: false, errors: [{ code: 7, category: 'unauthorized', detail: 'wrong username or password' }] });
    const anon = await app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['www-authenticate']).toBe('Bearer');
    expect((anon.json() as ErrorBody).errors[0]?.detail).toBe('sign in first: POST /api/auth/login');
    const basic = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect((basic.json() as ErrorBody).errors[0]?.detail).toMatch(/^Authorization header: expected "Bearer <token>"/);
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nurse.li' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ErrorBody).errors[0]?.detail).toMatch(/password/);
  });

  it('lets only ward managers list, create and change staff', async () => {
    const nurseList = await app.inject({ method: 'GET', url: '/api/staff', headers: as('nurse.li') });
    expect(nurseList.statusCode).toBe(403);
    expect((nurseList.json() as ErrorBody).errors[0]).toEqual({ code: 8, category: 'forbidden', detail: 'this needs the role ward_manager; nurse.li has nurse' });
    const list = await app.inject({ method: 'GET', url: '/api/staff', headers: as('manager.chen') });
    const staff = (list.json() as { staff: Record<string, unknown>[] }).staff;
    expect(staff.map((s) => s['username'])).toEqual(['eng.wu', 'manager.chen', 'nurse.li']);
    expect(staff[2]).toEqual({
      username: 'nurse.li', name: 'Li Na', roles: ['nurse'], badge: 'B-1001', disabled: false, has_pin: true,
      locked_until_ms: null, created_ms: expect.any(Number), updated_ms: expect.any(Number),
    });
    expect(list.body).not.toMatch(/scrypt|hash/i);

    const created = await app.inject({
      method: 'POST', url: '/api/staff', headers: as('manager.chen'),
      payload: { username: 'pharm.zhou', name: 'Zhou Min', roles: ['pharmacist'], password: 'pharmacy-demo-1', pin: '7777', badge: 'B-3003' },
    });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { account: unknown }).account).toMatchObject({ username: 'pharm.zhou', badge: 'B-3003', has_pin: true, disabled: false, locked_until_ms: null });
    expect(audit.entries({ subjectId: 'pharm.zhou', limit: 5 })[0]).toMatchObject({ action: 'account.created', actor: { kind: 'staff', id: 'manager.chen' } });

    const dup = await app.inject({ method: 'POST', url: '/api/staff', headers: as('manager.chen'), payload: { username: 'pharm.zhou', name: 'Z', roles: ['nurse'], password: 'pharmacy-demo-1' } });
    expect(dup.statusCode).toBe(409);
    const invalid = await app.inject({ method: 'POST', url: '/api/staff', headers: as('manager.chen'), payload: { username: 'Pharm Two', name: 'Z', roles: ['nurse'], password: 'short', pin: 'abcd' } });
    expect(invalid.statusCode).toBe(400);
    expect((invalid.json() as ErrorBody).errors.map((e) => e.detail.split(':')[0])).toEqual(['body.username', 'body.password', 'body.pin']);

    const patched = await app.inject({ method: 'PATCH', url: '/api/staff/pharm.zhou', headers: as('manager.chen'), payload: { roles: ['pharmacist', 'nurse'], disabled: true } });
    expect(patched.statusCode).toBe(200);
    expect((patched.json() as { account: unknown }).account).toMatchObject({ roles: ['pharmacist', 'nurse'], disabled: true, has_pin: true });
    const missing = await app.inject({ method: 'PATCH', url: '/api/staff/nobody', headers: as('manager.chen'), payload: { name: 'X' } });
    expect(missing.statusCode).toBe(404);
    const empty = await app.inject({ method: 'PATCH', url: '/api/staff/nurse.li', headers: as('manager.chen'), payload: {} });
    expect(empty.statusCode).toBe(400);
    const lastManager = await app.inject({ method: 'PATCH', url: '/api/staff/manager.chen', headers: as('manager.chen'), payload: { roles: ['nurse'] } });
    expect(lastManager.statusCode).toBe(409);
  });

  it('serves sign-in over a real socket', async () => {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'eng.wu', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ user: { username: 'eng.wu', name: 'Wu Lei', roles: ['engineer'] }, can_see_patient_identifiers: false });
    const staff = await fetch(`${url}/api/staff`, { headers: { authorization: `Bearer ${token}` } });
    expect(staff.status).toBe(403);
  });
});
