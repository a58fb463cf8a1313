// The patient screen's routes and live updates against a fake robot link: pairing by staff roles,
// screen tokens that open one robot's screen and nothing else, touch answers published as the
// patient's words (held until the robot listens), nurse calls, a screen that blanks when the robot
// drives off, and socket.io updates only for sockets holding that robot's live token.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import type { Place, PoseStamped } from '../../robot/index.js';
import { until } from '../../test/until.js';
import { AlertService } from '../alerts/index.js';
import { AuditLog } from '../audit/index.js';
import { AccountService, installAuth, TEST_ONLY_SCRYPT } from '../auth/index.js';
import { buildTestApp } from '../auth/test-support.js';
import type { RobotLink } from '../link/types.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import { ScreenPairings } from './screen-pairings.js';
import { registerScreenRoutes } from './screen-routes.js';
import { ScreenService, type WireScreen } from './screen-service.js';

const PASSWORD = 'ward-seven-rounds';
type ErrorBody = { success: false; errors: { category: string; detail: string }[] };

/** The parts of a RobotLink the screen uses: pose events and publish. */
class FakeLink extends EventEmitter {
  readonly kind = 'rosbridge' as const;
  readonly target = 'ws://robots.test:9090';
  connected = true;
  readonly published: { topic: string; type: string; msg: Record<string, unknown> }[] = [];
  publish(topic: string, type: string, msg: Record<string, unknown>): void {
    if (!this.connected) throw new Error('robot link is down');
    this.published.push({ topic, type, msg });
  }
}

const BED_3: Place = { name: 'bed_3', kind: 'bed', level: 'L1', x: 10, y: 2, yaw: 0, label: { en: 'Bed 3', 'zh-CN': '3号床' }, vertex: null };
const pose = (x: number, level = 'L1'): PoseStamped => ({
  header: { stamp: { sec: 1, nanosec: 0 }, frame_id: level }, pose: { position: { x, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
});

describe('patient screen routes', () => {
  let db: Database.Database;
  let app: FastifyInstance;
  let link: FakeLink;
  let alerts: AlertService;
  let audit: AuditLog;
  let screen: ScreenService;
  let url = '';
  let io: Server;
  const tokens: Record<string, string> = {};
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    const clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    audit = new AuditLog(db, { clock });
    const accounts = new AccountService(db, { clock, audit, scrypt: TEST_ONLY_SCRYPT });
    for (const [username, roles] of [['nurse.li', ['nurse']], ['eng.ma', ['engineer']], ['pharm.zhou', ['pharmacist']]] as const) {
      await accounts.createAccount({ username, name: username, roles: [...roles], password: PASSWORD });
      tokens[username] = (await accounts.login(username, PASSWORD)).token;
    }
    alerts = new AlertService(db, { clock, audit });
    link = new FakeLink();
    screen = new ScreenService({
      link: link as unknown as RobotLink, pairings: new ScreenPairings(db, { clock, audit }), clock, logger: pino({ enabled: false }), alerts, audit,
      placeOf: (robot) => (robot === 'robot_1' ? BED_3 : null),
      patientAt: (robot) => (robot === 'robot_1' ? 'MRN-100003' : null),
      activeTask: () => 'task-1',
      robotExists: (robot) => ['robot_1', 'robot_2'].includes(robot),
    });
    app = buildTestApp();
    installAuth(app, accounts);
    registerScreenRoutes(app, screen);
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    io = new Server(app.server, { serveClient: false });
    screen.attachLive(io);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    screen.close();
    io.close();
    await app.close();
    db.close();
  });

  const staff = (user: string) => ({ authorization: `Bearer ${tokens[user]}` });
  const asScreen = (token: string) => ({ authorization: `Screen ${token}` });
  const pair = async (robot = 'robot_1', user = 'nurse.li') => {
    const res = await app.inject({ method: 'POST', url: `/api/robots/${robot}/screen-pairing`, headers: staff(user) });
    expect(res.statusCode).toBe(201);
    return res.json() as { robot: string; token: string; url: string; created_by: string; created_at_ms: number };
  };
  const getScreen = async (token: string) => (await app.inject({ url: '/api/screen', headers: asScreen(token) })).json() as WireScreen;
  const answer = (token: string, payload: unknown) => app.inject({ method: 'POST', url: '/api/screen/answer', headers: asScreen(token), payload: payload as object });
  const liveScreen = (token: string) => {
    const socket = connect(`${url}/screen`, { auth: { token }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    const seen: WireScreen[] = [];
    socket.on('screen', (s: WireScreen) => seen.push(s));
    return { socket, seen };
  };

  it('pairs a tablet for nurses and engineers, not pharmacists or strangers, and names a bad robot', async () => {
    const paired = await pair('robot_1', 'nurse.li');
    expect(paired).toMatchObject({ robot: 'robot_1', created_by: 'nurse.li', url: `/patient/#robot=robot_1&token=${paired.token}` });
    expect((await pair('robot_2', 'eng.ma')).created_by).toBe('eng.ma');
    const refused = await app.inject({ method: 'POST', url: '/api/robots/robot_1/screen-pairing', headers: staff('pharm.zhou') });
    expect(refused.statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/robots/robot_1/screen-pairing' })).statusCode).toBe(401);
    const unknown = await app.inject({ method: 'POST', url: '/api/robots/robot_9/screen-pairing', headers: staff('nurse.li') });
    expect(unknown.statusCode).toBe(404);
    expect((unknown.json() as ErrorBody).errors[0]?.detail).toMatch(/robot_9/);
    const bad = await app.inject({ method: 'POST', url: '/api/robots/rm%20-rf/screen-pairing', headers: staff('nurse.li') });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ErrorBody).errors[0]?.detail).toMatch(/robot/);
    const status = await app.inject({ url: '/api/robots/robot_1/screen-pairing', headers: staff('eng.ma') });
    expect(status.json()).toEqual({ robot: 'robot_1', paired: true, created_by: 'nurse.li', created_at_ms: expect.any(Number) });
    expect(JSON.stringify(status.json())).not.toContain(paired.token);
  });

  it('opens only its own robot\'s screen with a screen token, and refuses every other credential', async () => {
    const { token } = await pair();
    expect(await getScreen(token)).toEqual({ robot: 'robot_1', saying: null, question: null, nurse_called: false });
    const none = await app.inject({ url: '/api/screen' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Screen');
    expect((none.json() as ErrorBody).errors[0]?.detail).toMatch(/Screen <token>/);
    expect((await app.inject({ url: '/api/screen', headers: asScreen('x'.repeat(43)) })).statusCode).toBe(401);
    // A staff session is not a screen, and a screen token is not a staff session.
    expect((await app.inject({ url: '/api/screen', headers: { authorization: `Screen ${tokens['nurse.li']}` } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/screen', headers: staff('nurse.li') })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/robots/robot_1/screen-pairing', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('shows what the robot says and its open question, never the patient\'s record', async () => {
    const { token } = await pair();
    screen.board.spoke('robot_1', 'Good morning, Margaret Hughes.', 'en');
    const open = screen.board.asked('robot_1', { id: 'round:sleep', text: 'How did you sleep?', language: 'en', kind: 'choice', choices: ['well', 'poorly'] });
    const shown = await getScreen(token);
    expect(shown).toEqual({
      robot: 'robot_1', saying: { text: 'How did you sleep?', language: 'en' }, nurse_called: false,
      question: { id: 'round:sleep', text: 'How did you sleep?', language: 'en', kind: 'choice', choices: ['well', 'poorly'], listening: false },
    });
    expect(JSON.stringify(shown)).not.toMatch(/MRN|bed_3|task-1/);
    open.ended();
  });

  it('holds a touch answer until the robot listens, then publishes it as the patient\'s words', async () => {
    const { token } = await pair();
    expect((await answer(token, { text: '7' })).statusCode).toBe(409);
    const open = screen.board.asked('robot_1', { id: 'round:pain', text: '您现在有几分痛？', language: 'zh-CN', kind: 'scale' });
    link.published.length = 0;
    const early = await answer(token, { text: '7', question_id: 'round:pain' });
    expect(early.json()).toEqual({ question_id: 'round:pain', delivered: 'when_listening' });
    expect(link.published).toEqual([]);
    open.listening();
    expect(link.published).toEqual([{
      topic: '/robot_1/patient_speech', type: 'ward_interfaces/msg/Utterance',
      msg: { header: { stamp: expect.any(Object), frame_id: 'robot_1/screen' }, text: '7', language: 'zh-CN', confidence: 1, source: 'touch' },
    }]);
    const now = await answer(token, { text: '  8 ' });
    expect(now.json()).toEqual({ question_id: 'round:pain', delivered: 'now' });
    expect(link.published[1]?.msg.text).toBe('8');
    const stale = await answer(token, { text: 'yes', question_id: 'round:nausea' });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as ErrorBody).errors[0]?.detail).toMatch(/question_id: robot_1 is asking "round:pain"/);
    open.ended();
    const answered = audit.entries({ action: 'screen.answered', limit: 10 });
    expect(answered.map((e) => [e.actor, e.data])).toEqual([
      [{ kind: 'patient', id: 'MRN-100003' }, { question: 'round:pain', kind: 'scale', delivered: 'when_listening' }],
      [{ kind: 'patient', id: 'MRN-100003' }, { question: 'round:pain', kind: 'scale', delivered: 'now' }],
    ]);
  });

  it('drops a held answer when its question ends unheard, and refuses while the link is down', async () => {
    const { token } = await pair();
    link.published.length = 0;
    const first = screen.board.asked('robot_1', { id: 'round:nausea', text: 'Do you feel sick?', language: 'en', kind: 'yes_no' });
    await answer(token, { text: 'no' });
    first.ended();
    const second = screen.board.asked('robot_1', { id: 'round:nausea', text: 'Do you feel sick?', language: 'en', kind: 'yes_no' });
    second.listening();
    expect(link.published).toEqual([]);
    link.connected = false;
    const down = await answer(token, { text: 'no' });
    expect(down.statusCode).toBe(409);
    expect((down.json() as ErrorBody).errors[0]?.detail).toMatch(/link .* is down/);
    link.connected = true;
    second.ended();
  });

  it('checks the answer body at the edge, naming the field', async () => {
    const { token } = await pair();
    const open = screen.board.asked('robot_1', { id: 'round:anything_else', text: 'Anything else?', language: 'en', kind: 'free_text' });
    for (const [payload, field] of [[{}, 'text'], [{ text: '   ' }, 'text'], [{ text: 'x'.repeat(501) }, 'text'], [{ text: 'ok', bed: 'bed_1' }, 'bed']] as const) {
      const res = await answer(token, payload);
      expect(res.statusCode).toBe(400);
      expect((res.json() as ErrorBody).errors.map((e) => e.detail).join(' ')).toContain(field);
    }
    open.ended();
  });

  it('calls a nurse to the bed where the robot stands, once while it is open, until acknowledged', async () => {
    const { token } = await pair();
    const res = await app.inject({ method: 'POST', url: '/api/screen/call-nurse', headers: asScreen(token) });
    expect(res.json()).toEqual({ nurse_called: true });
    const again = await app.inject({ method: 'POST', url: '/api/screen/call-nurse', headers: asScreen(token), payload: {} });
    expect(again.statusCode).toBe(200);
    const calls = alerts.open().filter((a) => a.kind === 'nurse_call');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ bed: 'bed_3', patient: 'MRN-100003', robot: 'robot_1', taskId: 'task-1', data: { category: 'call_nurse', source: 'patient_screen' } });
    expect(calls[0]?.text.en).toMatch(/^Bed 3: patient asks for a nurse/);
    expect((await getScreen(token)).nurse_called).toBe(true);
    alerts.acknowledge(calls[0]!.id, { username: 'nurse.li', name: 'Li Na', roles: ['nurse'] });
    expect((await getScreen(token)).nurse_called).toBe(false);
    expect((await app.inject({ method: 'POST', url: '/api/screen/call-nurse' })).statusCode).toBe(401);
  });

  it('blanks the screen when the robot drives off, so the next bedside never reads the last one\'s words', async () => {
    const { token } = await pair();
    link.emit('pose', 'robot_1', pose(10));
    screen.board.spoke('robot_1', 'Good morning, Margaret Hughes.', 'en');
    await app.inject({ method: 'POST', url: '/api/screen/call-nurse', headers: asScreen(token) });
    link.emit('pose', 'robot_1', pose(10.5));
    expect((await getScreen(token)).saying?.text).toMatch(/Margaret/);
    link.emit('pose', 'robot_1', pose(11.2));
    expect(await getScreen(token)).toEqual({ robot: 'robot_1', saying: null, question: null, nurse_called: false });
    for (const a of alerts.open()) alerts.acknowledge(a.id, { username: 'nurse.li', name: 'Li Na', roles: ['nurse'] });
  });

  it('sends live updates only to its own robot\'s screen, refuses a bad token, and drops a revoked one', async () => {
    const one = await pair('robot_1');
    const two = await pair('robot_2');
    const a = liveScreen(one.token);
    const b = liveScreen(two.token);
    await until('both screens connected with their first state', () => a.seen.length === 1 && b.seen.length === 1, 5_000);
    expect(a.seen[0]?.robot).toBe('robot_1');
    screen.board.spoke('robot_1', 'Hello', 'en');
    await until('the update', () => a.seen.some((s) => s.saying?.text === 'Hello'), 5_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(b.seen.map((s) => s.robot)).toEqual(['robot_2']);

    const bad = connect(`${url}/screen`, { auth: { token: 'x'.repeat(43) }, transports: ['websocket'], reconnection: false });
    sockets.push(bad);
    const error = await new Promise<Error>((resolve) => bad.on('connect_error', resolve));
    expect(error.message).toMatch(/not paired/);

    let dropped = false;
    a.socket.on('disconnect', () => { dropped = true; });
    const res = await app.inject({ method: 'DELETE', url: '/api/robots/robot_1/screen-pairing', headers: staff('eng.ma') });
    expect(res.json()).toEqual({ robot: 'robot_1', revoked: 1 });
    await until('the revoked screen is disconnected', () => dropped, 5_000);
    expect((await app.inject({ url: '/api/screen', headers: asScreen(one.token) })).statusCode).toBe(401);
    expect(b.socket.connected).toBe(true);
  });
});
