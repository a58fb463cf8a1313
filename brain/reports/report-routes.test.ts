// The report routes over real record stores on one SQLite database (ward records, round and education
// records, custody, alerts, accounts) with a task list and a robot link standing in for the running brain.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { loadWard, type Image } from '../../robot/index.js';
import { AlertService } from '../alerts/index.js';
import { AuditLog } from '../audit/index.js';
import { AccountService, installAuth, TEST_ONLY_SCRYPT } from '../auth/index.js';
import { buildTestApp } from '../auth/test-support.js';
import { decodePng } from '../camera/test-png.js';
import { CustodyLedger, type NewCustodyEntry } from '../custody/custody-ledger.js';
import type { RobotState } from '../fleet/robot-state.js';
import type { RobotLink, RobotLinkEvents } from '../link/types.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import type { TaskState } from '../tasks/task-state.js';
import { WardRecords } from '../ward/index.js';
import { EducationRecords } from '../workflows/education/education-records.js';
import { RoundRecords, type RoundVisit } from '../workflows/round/round-records.js';
import { registerReportRoutes, tasksSince } from './report-routes.js';
import { loadLibrary } from '../education/index.js';
import type { WirePatientHistory } from './patient-history.js';
import type { WireReportSummary } from './report-routes.js';

const PASSWORD = 'ward-seven-rounds';
const ward = loadWard(path.resolve(fileURLToPath(new URL('../../', import.meta.url)), 'sim/maps/small_ward/small_ward.ward.yaml'));
const WANG = 'MRN-100001';
const LI = 'MRN-100002';
/** 2026-11-23 10:00 in Shanghai. */
const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const HOUR = 3_600_000;

/** A robot link that records camera subscriptions and answers them when told to. */
class CameraLink extends EventEmitter<RobotLinkEvents> {
  readonly kind = 'rosbridge' as const;
  readonly target = 'ws://double';
  connected = true;
  subscriptions = 0;
  /** Frames answer at once unless a robot is silent. */
  silent = new Set<string>();
  private readonly waiting = new Map<string, (msg: Image) => void>();
  robots() { return ['robot_1', 'robot_2']; }
  subscribe(topic: string, _type: string, cb: (msg: Image) => void): () => void {
    this.subscriptions += 1;
    const robot = topic.split('/')[1]!;
    this.waiting.set(robot, cb);
    if (!this.silent.has(robot)) queueMicrotask(() => this.waiting.get(robot)?.(image(robot)));
    return () => this.waiting.delete(robot);
  }
}
const image = (robot: string): Image => ({
  header: { stamp: { sec: 1_795_000_000, nanosec: 0 }, frame_id: `${robot}/camera_link` }, width: 4, height: 2, encoding: 'rgb8', is_bigendian: 0, step: 12,
  data: Buffer.alloc(24, robot === 'robot_1' ? 200 : 50).toString('base64'),
});

const taskState = (id: string, category: string, status: TaskState['status'], requestMs: number, extra: Partial<TaskState> = {}): TaskState => ({
  booking: { id, unix_millis_request_time: requestMs }, category, detail: {}, status, ...extra,
});

describe('report routes', () => {
  let db: Database.Database;
  let app: FastifyInstance;
  let link: CameraLink;
  let ledger: CustodyLedger;
  let alerts: AlertService;
  const tokens: Record<string, string> = {};
  const tasks: TaskState[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    const clock = new ManualClock(NOW);
    const audit = new AuditLog(db, { clock });
    const accounts = new AccountService(db, { clock, audit, scrypt: TEST_ONLY_SCRYPT });
    for (const [username, role] of [['nurse.li', 'nurse'], ['pharm.zhou', 'pharmacist'], ['eng.ma', 'engineer']] as const) {
      await accounts.createAccount({ username, name: username, roles: [role], password: PASSWORD });
      tokens[username] = (await accounts.login(username, PASSWORD)).token;
    }
    const records = new WardRecords(db, ward);
    records.seedFromWard(ward);
    const rounds = new RoundRecords(db);
    const education = new EducationRecords(db);
    ledger = new CustodyLedger(db, audit, () => clock.now());
    alerts = new AlertService(db, { clock, audit });

    // Two rounds: yesterday's (Wang pain 3, Li pain 2) and today's (Wang pain 8, with its alert; Li absent).
    const visit = (taskId: string, bed: string, patient: string, timeMs: number, pain: number | null, alertIds: string[] = []): RoundVisit => ({
      taskId, bed, bedLabel: { en: bed, 'zh-CN': bed }, patient, name: null, nameZh: null, status: pain === null ? 'absent' : 'visited', detail: null,
      answers: pain === null ? [] : [
        { question: 'pain', raw: String(pain), value: pain, unclear: false, redFlags: [] },
        { question: 'sleep', raw: 'so so', value: 'fair', unclear: false, redFlags: [] },
      ],
      alerts: alertIds, timeMs,
    });
    rounds.record(visit('round-1', 'bed_1', WANG, NOW - 25 * HOUR, 3));
    rounds.record(visit('round-1', 'bed_2', LI, NOW - 25 * HOUR + 60_000, 2));
    const pain = alerts.raise({ kind: 'pain_high', severity: 'high', bed: 'bed_1', patient: WANG, taskId: 'round-2', text: { en: 'Bed 1: pain 8/10', 'zh-CN': '1号床：疼痛 8/10' } });
    rounds.record(visit('round-2', 'bed_1', WANG, NOW - HOUR, 8, [pain.id]));
    rounds.record(visit('round-2', 'bed_2', LI, NOW - HOUR + 60_000, null));
    tasks.push(
      taskState('round-1', 'ward_round', 'completed', NOW - 26 * HOUR, { unix_millis_start_time: NOW - 26 * HOUR, unix_millis_finish_time: NOW - 25 * HOUR }),
      taskState('round-2', 'ward_round', 'completed', NOW - 2 * HOUR, { unix_millis_start_time: NOW - 2 * HOUR, unix_millis_finish_time: NOW - HOUR }),
      taskState('edu-1', 'health_education', 'completed', NOW - 3 * HOUR),
      taskState('edu-2', 'health_education', 'queued', NOW - 2 * HOUR, { booking: { id: 'edu-2', unix_millis_request_time: NOW - 2 * HOUR, unix_millis_earliest_start_time: NOW + 20 * HOUR } }),
      taskState('del-1', 'medication_delivery', 'completed', NOW - 5 * HOUR, { assigned_to: { group: 'ward', name: 'robot_2' }, unix_millis_finish_time: NOW - 4 * HOUR }),
      taskState('del-2', 'medication_delivery', 'failed', NOW - 30 * 24 * HOUR, { status_reason: { code: 'not_loaded', message: 'x' } }),
    );

    const check = (questionId: string, section: string, understood: boolean) => ({ questionId, section, rawAnswer: 'a', understood, matched: [], missing: [] });
    education.record({ taskId: 'edu-1', patient: WANG, topic: 'diabetes', version: '1.0.0', language: 'zh-CN', sectionsTaught: ['what_it_is', 'daily_care'],
      checks: [check('q1', 'what_it_is', true), check('q2', 'daily_care', false)], timeMs: NOW - 3 * HOUR });
    education.setRepeatTask('edu-1', ['diabetes'], 'edu-2');

    // One delivery carrying Wang's order (drawer 1) and Li's (drawer 2).
    const step = (e: Partial<NewCustodyEntry> & Pick<NewCustodyEntry, 'kind'>) =>
      ledger.record({ taskId: 'del-1', runId: 'run', robot: 'robot_2', drawer: 1, orderId: null, patient: null, actor: 'system', data: {}, ...e });
    step({ kind: 'load_authorized', patient: WANG, actor: 'pharm.zhou' });
    step({ kind: 'drawer_unlocked', data: { purpose: 'load' } });
    step({ kind: 'loaded', patient: WANG, orderId: 'MR-1001', actor: 'pharm.zhou' });
    step({ kind: 'load_authorized', patient: LI, drawer: 2, actor: 'pharm.zhou' });
    step({ kind: 'drawer_unlocked', drawer: 2, data: { purpose: 'load' } });
    step({ kind: 'loaded', patient: LI, drawer: 2, orderId: 'MR-1003', actor: 'pharm.zhou' });
    step({ kind: 'handed_over', patient: WANG, orderId: 'MR-1001', actor: 'nurse.li' });
    ledger.recordDispense({ orderId: 'MR-1001', taskId: 'del-1', status: 'completed', timeMs: NOW - 4 * HOUR, resource: { resourceType: 'MedicationDispense', id: 'd1', status: 'completed' } });
    ledger.recordDispense({ orderId: 'MR-1003', taskId: 'del-1', status: 'completed', timeMs: NOW - 4 * HOUR, resource: { resourceType: 'MedicationDispense', id: 'd2', status: 'completed' } });

    const robot = (name: string): RobotState => ({ name, status: 'idle', level: 'L1', pose: { x: 0, y: 0, yaw: 0 }, battery: { percentage: 90, charging: false }, task_id: null, path: [], last_seen_ms: 1 });
    link = new CameraLink();
    app = buildTestApp();
    installAuth(app, accounts);
    registerReportRoutes(app, {
      tasks: {
        list: async ({ limit = 50, offset = 0 }) => [...tasks].sort((a, b) => b.booking.unix_millis_request_time - a.booking.unix_millis_request_time).slice(offset, offset + limit),
        get: async (id) => tasks.find((t) => t.booking.id === id) ?? null,
      },
      rounds, education, library: loadLibrary(), wardServices: { records, custody: ledger, alerts },
      fleet: { get: (name) => (['robot_1', 'robot_2'].includes(name) ? robot(name) : undefined), list: () => [robot('robot_1'), robot('robot_2')] },
      link: link as unknown as RobotLink, clock, timeZone: 'Asia/Shanghai', cameraTimeoutMs: 150, cameraTtlMs: 60_000,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    db.close();
  });

  const get = (url: string, user?: string) => app.inject({ method: 'GET', url, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });

  describe('GET /api/patients/:mrn/history', () => {
    it('gathers one patient\'s rounds, pain series, education per topic and deliveries with their own custody chain', async () => {
      const res = await get(`/api/patients/${WANG}/history`, 'nurse.li');
      expect(res.statusCode).toBe(200);
      const h = res.json() as WirePatientHistory;
      expect(h.patient).toMatchObject({ record_number: WANG, name: 'Wang Fang', bed: 'bed_1', conditions: ['diabetes', 'insulin_use'] });
      expect(h.rounds.pain).toEqual([{ time_ms: NOW - 25 * HOUR, value: 3, task_id: 'round-1' }, { time_ms: NOW - HOUR, value: 8, task_id: 'round-2' }]);
      expect(h.rounds.visits.map((v) => [v.task_id, v.status, v.answers.map((a) => a.value)])).toEqual([['round-1', 'visited', [3, 'fair']], ['round-2', 'visited', [8, 'fair']]]);
      expect(h.rounds.visits[1]!.alerts.map((a) => [a.kind, a.severity, a.text.en])).toEqual([['pain_high', 'high', 'Bed 1: pain 8/10']]);

      expect(h.education.available).toBe(true);
      expect(h.education.topics).toHaveLength(1);
      expect(h.education.topics[0]).toMatchObject({
        topic: 'diabetes', not_understood: ['daily_care'], repeat: { task_id: 'edu-2', status: 'queued', due_ms: NOW + 20 * HOUR },
        sessions: [{ task_id: 'edu-1', understood: 1, total: 2, sections_taught: ['what_it_is', 'daily_care'] }],
      });
      // Sections by their titles in the library, for people, in both languages.
      expect(h.education.topics[0]!.section_titles['daily_care']).toEqual({ en: 'Medicines, meals and feet', 'zh-CN': '用药、饮食和护脚' });
      expect(Object.keys(h.education.topics[0]!.section_titles).sort()).toEqual(['daily_care', 'what_it_is']);

      expect(h.deliveries.orders.map((o) => o.id)).toEqual(ward.people.orders.filter((o) => o.patient === WANG).map((o) => o.id).sort());
      expect(h.deliveries.tasks).toHaveLength(1);
      const d = h.deliveries.tasks[0]!;
      expect(d).toMatchObject({ task_id: 'del-1', status: 'completed', robot: 'robot_2', orders: ['MR-1001'] });
      // Wang's drawer only: Li's steps on drawer 2 are not hers to see here.
      expect(d.custody.map((e) => [e.kind, e.drawer, e.patient])).toEqual([
        ['load_authorized', 1, WANG], ['drawer_unlocked', 1, null], ['loaded', 1, WANG], ['handed_over', 1, WANG],
      ]);
      expect(d.dispenses.map((r) => r['id'])).toEqual(['d1']);
    });

    it('shows an absent visit without answers and no pain', async () => {
      const h = (await get(`/api/patients/${LI}/history`, 'nurse.li')).json() as WirePatientHistory;
      expect(h.rounds.available).toBe(true);
      expect(h.rounds.visits.map((v) => v.status)).toEqual(['visited', 'absent']);
      expect(h.rounds.pain.map((p) => p.value)).toEqual([2]);
      expect(h.education.topics).toEqual([]);
      expect(h.deliveries.tasks[0]!.custody.map((e) => e.drawer)).toEqual([2, 2, 2]);
    });

    it('gives a pharmacist the deliveries but not the round answers, as GET /api/rounds does', async () => {
      const res = await get(`/api/patients/${LI}/history`, 'pharm.zhou');
      expect(res.statusCode).toBe(200);
      const h = res.json() as WirePatientHistory;
      expect(h.rounds).toEqual({ available: false, visits: [], pain: [] });
      expect(h.deliveries.tasks[0]!.custody.map((e) => e.drawer)).toEqual([2, 2, 2]);
    });

    it('is for clinical staff only, and names an unknown patient', async () => {
      expect((await get(`/api/patients/${WANG}/history`)).statusCode).toBe(401);
      const engineer = await get(`/api/patients/${WANG}/history`, 'eng.ma');
      expect(engineer.statusCode).toBe(403);
      expect(engineer.body).not.toContain('Wang');
      const unknown = await get('/api/patients/MRN-404/history', 'nurse.li');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ errors: [{ category: 'unknown_patient', detail: 'no patient "MRN-404" in the ward records' }] });
    });
  });

  describe('GET /api/reports/summary', () => {
    it('sums up the last days in the ward\'s time zone from the tasks and the rounds\' pain scores', async () => {
      const res = await get('/api/reports/summary?days=2', 'eng.ma');
      expect(res.statusCode).toBe(200);
      const s = res.json() as WireReportSummary;
      expect(s.day_keys).toEqual(['2026-11-22', '2026-11-23']);
      expect(s.time_zone).toBe('Asia/Shanghai');
      expect(s.categories).toEqual(['ward_round', 'health_education', 'medication_delivery']);
      expect(s.tasks_per_day).toEqual([
        { day: '2026-11-22', counts: { ward_round: 1 }, total: 1 },
        { day: '2026-11-23', counts: { ward_round: 1, health_education: 2, medication_delivery: 1 }, total: 4 },
      ]);
      expect(s.durations.map((d) => [d.category, d.count, d.median_s])).toEqual([['ward_round', 2, 3600]]);
      // The month-old failure is outside the window.
      expect(s.failures).toEqual([]);
      expect(s.pain.readings.map((r) => [r.bed, r.value])).toEqual([['bed_1', 3], ['bed_2', 2], ['bed_1', 8]]);
      expect(s.pain.daily).toEqual([{ day: '2026-11-22', count: 2, median: 2.5, max: 3 }, { day: '2026-11-23', count: 1, median: 8, max: 8 }]);
      const month = (await get('/api/reports/summary?days=31', 'nurse.li')).json() as WireReportSummary;
      expect(month.failures).toEqual([{ code: 'not_loaded', count: 1 }]);
    });

    it('needs a signed-in user and a number of days from 1 to 90', async () => {
      expect((await get('/api/reports/summary')).statusCode).toBe(401);
      expect((await get('/api/reports/summary?days=0', 'nurse.li')).statusCode).toBe(400);
      expect((await get('/api/reports/summary?days=91', 'nurse.li')).statusCode).toBe(400);
      expect(((await get('/api/reports/summary', 'nurse.li')).json() as WireReportSummary).days).toBe(7);
    });

    it('pages through every task of the window', async () => {
      const many = Array.from({ length: 1203 }, (_, i) => taskState(`t${i}`, 'go_to_place', 'completed', NOW - i * 1000));
      const list = async ({ limit = 50, offset = 0 }) => many.slice(offset, offset + limit);
      expect(await tasksSince({ list, get: async () => null }, NOW - 1100 * 1000)).toHaveLength(1101);
      expect(await tasksSince({ list, get: async () => null }, 0)).toHaveLength(1203);
    });
  });

  describe('GET /api/robots/:robot/camera.png', () => {
    it('answers the robot\'s frame as PNG, and shares one look among viewers while it is fresh', async () => {
      const before = link.subscriptions;
      const [a, b] = await Promise.all([get('/api/robots/robot_1/camera.png', 'nurse.li'), get('/api/robots/robot_1/camera.png', 'eng.ma')]);
      expect(a.statusCode).toBe(200);
      expect(a.headers['content-type']).toBe('image/png');
      expect(a.headers['x-frame-stamp-ms']).toBe(String(1_795_000_000_000));
      const png = decodePng(a.rawPayload);
      expect([png.width, png.height]).toEqual([4, 2]);
      expect(png.data.equals(Buffer.alloc(24, 200))).toBe(true);
      expect(b.rawPayload.equals(a.rawPayload)).toBe(true);
      expect((await get('/api/robots/robot_1/camera.png', 'nurse.li')).statusCode).toBe(200);
      expect(link.subscriptions - before).toBe(1);
    });

    it('answers 504 with the reason when no frame comes in time, 404 for an unknown robot, 401 when signed out', async () => {
      link.silent.add('robot_2');
      const silent = await get('/api/robots/robot_2/camera.png', 'nurse.li');
      expect(silent.statusCode).toBe(504);
      expect(silent.json()).toEqual({ success: false, errors: [{ code: 504, category: 'camera_timeout', detail: 'no camera frame from robot_2 on /robot_2/camera/image_raw within 150 ms' }] });
      link.silent.delete('robot_2');
      // A failure is not kept: the next look succeeds.
      expect((await get('/api/robots/robot_2/camera.png', 'nurse.li')).statusCode).toBe(200);
      const unknown = await get('/api/robots/robot_9/camera.png', 'nurse.li');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ errors: [{ category: 'not_found', detail: 'no robot "robot_9" (robots: robot_1, robot_2)' }] });
      expect((await get('/api/robots/robot_1/camera.png')).statusCode).toBe(401);
    });
  });
});
