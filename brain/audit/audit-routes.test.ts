import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { AccountService, installAuth, TEST_ONLY_SCRYPT } from '../auth/index.js';
import { buildTestApp } from '../auth/test-support.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import { AuditLog } from './audit-log.js';
import { auditEntryToWire, registerAuditRoutes, type WireAuditEntry } from './audit-routes.js';

const PASSWORD = 'ward-seven-rounds';

describe('audit routes', () => {
  let db: Database.Database;
  let app: FastifyInstance;
  let audit: AuditLog;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    const clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    audit = new AuditLog(db, { clock });
    const accounts = new AccountService(db, { clock, audit, scrypt: TEST_ONLY_SCRYPT });
    await accounts.createAccount({ username: 'manager.chen', name: 'Chen Jing', roles: ['ward_manager'], password: PASSWORD });
    await accounts.createAccount({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], password: PASSWORD });
    await accounts.createAccount({ username: 'eng.wu', name: 'Wu Lei', roles: ['engineer'], password: PASSWORD });
    for (const u of ['manager.chen', 'nurse.li', 'eng.wu']) tokens[u] = (await accounts.login(u, PASSWORD)).token;
    audit.append({ actor: { kind: 'robot', id: 'robot_1' }, action: 'patient.identified', subject: { type: 'task', id: 't1' }, data: { patient: 'MRN-0007' } });
    app = buildTestApp();
    installAuth(app, accounts);
    registerAuditRoutes(app, { audit, redact: (e) => ({ ...e, data: e.data && 'patient' in e.data ? { ...e.data, patient: '[patient]' } : e.data }) });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  const as = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });

  it('shows entries to ward managers as stored and to engineers through the redact hook; not to nurses', async () => {
    const nurse = await app.inject({ method: 'GET', url: '/api/audit', headers: as('nurse.li') });
    expect(nurse.statusCode).toBe(403);
    const manager = (await app.inject({ method: 'GET', url: '/api/audit?subject_type=task&subject_id=t1', headers: as('manager.chen') })).json() as { entries: WireAuditEntry[] };
    const stored = audit.entries({ subjectType: 'task', limit: 10 });
    expect(manager.entries).toEqual(stored.map(auditEntryToWire));
    expect(manager.entries[0]).toEqual({
      seq: stored[0]!.seq, time_ms: stored[0]!.timeMs, actor: { kind: 'robot', id: 'robot_1' }, action: 'patient.identified',
      subject: { type: 'task', id: 't1' }, reason: null, data: { patient: 'MRN-0007' }, prev_hash: stored[0]!.prevHash, hash: stored[0]!.hash,
    });
    const engineer = (await app.inject({ method: 'GET', url: '/api/audit?subject_type=task', headers: as('eng.wu') })).json() as { entries: WireAuditEntry[] };
    expect(engineer.entries[0]?.data).toEqual({ patient: '[patient]' });
    const paged = (await app.inject({ method: 'GET', url: '/api/audit?since_seq=1&limit=2', headers: as('manager.chen') })).json() as { entries: WireAuditEntry[] };
    expect(paged.entries.map((e) => e.seq)).toEqual([2, 3]);
    const byKind = (await app.inject({ method: 'GET', url: '/api/audit?actor_kind=robot', headers: as('manager.chen') })).json() as { entries: WireAuditEntry[] };
    expect(byKind.entries.map((e) => e.actor.id)).toEqual(['robot_1']);
    const bad = await app.inject({ method: 'GET', url: '/api/audit?limit=0', headers: as('manager.chen') });
    expect(bad.statusCode).toBe(400);
    const camel = await app.inject({ method: 'GET', url: '/api/audit?subjectType=task', headers: as('manager.chen') });
    expect(camel.statusCode).toBe(400);
  });

  it('searches by action prefix, words and time, and finds what the data says only for readers who see it unredacted', async () => {
    audit.append({ actor: { kind: 'staff', id: 'nurse.li' }, action: 'custody.handed_over', subject: { type: 'medication_request', id: 'MR-9' }, reason: 'handed to nurse.li at bed_3', data: { patient: 'MRN-0007' } });
    type Found = { entries: WireAuditEntry[] };
    const get = async (user: string, query: string) => (await app.inject({ method: 'GET', url: `/api/audit?${query}`, headers: as(user) }));
    const actions = async (user: string, query: string) => ((await get(user, query)).json() as Found).entries.map((e) => e.action);
    expect(await actions('manager.chen', 'action=custody.*')).toEqual(['custody.handed_over']);
    expect(await actions('manager.chen', 'q=BED_3%20mr-9')).toEqual(['custody.handed_over']);
    expect(await actions('manager.chen', 'q=MRN-0007')).toEqual(['patient.identified', 'custody.handed_over']);
    // An engineer sees patients as tokens, so may not find entries by the record number the token hides.
    expect(await actions('eng.wu', 'q=MRN-0007')).toEqual([]);
    expect(await actions('eng.wu', 'q=mr-9')).toEqual(['custody.handed_over']);
    const last = audit.entries({ limit: 1 })[0]!;
    expect(await actions('manager.chen', `from_ms=${last.timeMs}&to_ms=${last.timeMs}&action=custody.handed_over`)).toEqual(['custody.handed_over']);
    expect(await actions('manager.chen', `before_seq=${last.seq}&limit=1`)).toEqual([audit.entries({ beforeSeq: last.seq, limit: 1 })[0]!.action]);
    expect((await get('manager.chen', 'before_seq=0')).statusCode).toBe(400);
    expect((await get('manager.chen', `q=${'x'.repeat(201)}`)).statusCode).toBe(400);
    expect((await get('nurse.li', 'q=x')).statusCode).toBe(403);
  });

  it('reports the chain over a real socket, and the first broken link after tampering', async () => {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const intact = await fetch(`${url}/api/audit/verify`, { headers: as('eng.wu') });
    const report = (await intact.json()) as { ok: boolean; entries: number };
    expect(report).toEqual({ ok: true, entries: audit.entries({ limit: 1000 }).length });
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_id = 'robot_2' WHERE action = 'patient.identified'");
    const broken = await fetch(`${url}/api/audit/verify`, { headers: as('manager.chen') });
    const seq = audit.entries({ subjectType: 'task', limit: 1 })[0]?.seq;
    expect(await broken.json()).toEqual({ ok: false, entries: report.entries, first_broken: { seq, reason: expect.stringMatching(/^hash does not match/) } });
    expect((await fetch(`${url}/api/audit/verify`)).status).toBe(401);
  });
});
