// End to end: the real brain drives simulated robots of the clinic over a real rosbridge socket,
// through the real roslib link, and reports what happened over HTTP and socket.io.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connectLive, type Socket } from 'socket.io-client';
import { CLINIC_WARD_FILE, startSimulation, type Simulation } from '../sim/index.js';
import { until } from '../test/until.js';
import { startBrain, type Brain, type RobotState, type TaskState } from './index.js';
import { TEST_ONLY_SCRYPT } from './auth/index.js';
import { demoPassword, signIn } from './demo-staff.js';

const TIME_SCALE = 20;

interface Place { name: string; level: string; x: number; y: number }

describe('brain + simulated clinic over rosbridge', () => {
  let dir: string;
  let sim: Simulation;
  let brain: Brain;
  let token = '';
  let live: Socket;
  let places: Place[];
  const liveRobots: RobotState[] = [];
  const liveTasks: TaskState[] = [];
  const liveLog: { task_id: string }[] = [];
  let snapshot: { robots: RobotState[]; tasks: TaskState[] } | null = null;

  const api = async <T>(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${brain.url}${path}`, {
      method: init?.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const robots = async () => (await api<{ robots: RobotState[] }>('/api/robots')).body.robots;
  const task = async (id: string) => (await api<TaskState>(`/api/tasks/${id}`)).body;
  const dispatch = (place: string) => api<{ success: boolean; state: TaskState }>('/api/tasks', {
    method: 'POST', body: { type: 'dispatch_task_request', request: { category: 'go_to_place', description: { place }, requester: 'e2e' } },
  });
  const place = (name: string) => {
    const p = places.find((x) => x.name === name);
    if (!p) throw new Error(`the clinic has no place ${name}`);
    return p;
  };
  const freeRobots = async (n: number) => until(`${n} free robots`, async () => {
    const rs = (await robots()).filter((r) => (r.status === 'idle' || r.status === 'charging') && r.task_id === null);
    return rs.length >= n ? rs : null;
  });
  /** The free robot farthest from any of the given places, so the trip is long. */
  const farPlaceFor = async (candidates: string[]) => {
    const rs = await freeRobots(1);
    let best = { place: candidates[0]!, d: -1 };
    for (const name of candidates) {
      const p = place(name);
      const nearest = Math.min(...rs.map((r) => Math.hypot(r.pose.x - p.x, r.pose.y - p.y)));
      if (nearest > best.d) best = { place: name, d: nearest };
    }
    return best;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'brain-e2e-'));
    sim = await startSimulation({ wardFile: CLINIC_WARD_FILE, timeScale: TIME_SCALE, rosbridgePort: 0, seed: 7, logger: pino({ enabled: false }) });
    brain = await startBrain({
      port: 0, dbFile: join(dir, 'brain.db'), wardFile: CLINIC_WARD_FILE, rosbridgeUrl: sim.url, logger: false, dashboard: false,
      staffSecrets: { 'eng.kim': { password: demoPassword('eng.kim') } }, scrypt: TEST_ONLY_SCRYPT,
    });
    token = await signIn(brain.url, 'eng.kim');
    live = connectLive(brain.url, { transports: ['websocket'], reconnection: false });
    live.on('snapshot', (s: { robots: RobotState[]; tasks: TaskState[] }) => { snapshot = s; });
    live.on('robot_state', (r: RobotState) => liveRobots.push(r));
    live.on('task_state', (t: TaskState) => liveTasks.push(t));
    live.on('task_log', (e: { task_id: string }) => liveLog.push(e));
    places = (await api<{ places: Place[] }>('/api/places')).body.places;
    await until('the live snapshot', async () => snapshot);
    await freeRobots(3);
  });

  afterAll(async () => {
    live?.disconnect();
    await brain?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the simulated robots and a healthy link', async () => {
    const rs = await robots();
    expect(rs.map((r) => r.name)).toEqual(['robot_1', 'robot_2', 'robot_3']);
    for (const r of rs) {
      expect(r.level).toBe('L1');
      expect(r.battery.percentage).toBeGreaterThan(20);
      expect(r.last_seen_ms).toBeGreaterThan(0);
    }
    const health = (await api<{ status: string; link: { connected: boolean; url: string }; robots: { total: number; online: number } }>('/api/health')).body;
    expect(health).toMatchObject({ status: 'ok', link: { connected: true, url: sim.url }, robots: { total: 3, online: 3 } });
  });

  it('drives a robot across the clinic to a named place and completes the task', async () => {
    const target = await farPlaceFor(['bed_29', 'bed_30', 'bed_19']);
    expect(target.d).toBeGreaterThan(20);
    const res = await dispatch(target.place);
    expect(res.status).toBe(201);
    // Dispatch happens before POST returns: the task is already underway on a robot.
    expect(res.body.state).toMatchObject({ status: 'underway', assigned_to: { group: 'ward' } });
    const id = res.body.state.booking.id;
    const robot = res.body.state.assigned_to!.name;
    const p = place(target.place);

    // The robot's own plan (nav_msgs/Path) is its path: along lanes, ending at the place.
    const planned = await until('the robot\'s plan', async () => {
      const r = (await robots()).find((x) => x.name === robot)!;
      return r.path.length > 2 ? r.path : null;
    });
    const end = planned.at(-1)!;
    expect(Math.hypot(end.x - p.x, end.y - p.y)).toBeLessThan(0.05);

    const done = await until('completion', async () => {
      const t = await task(id);
      return t.status !== 'underway' ? t : null;
    });
    expect(done.status).toBe('completed');
    expect(done.progress).toEqual({ distance_remaining_m: 0, eta_s: 0 });
    const at = await until('the arrival pose', async () => {
      const r = (await robots()).find((x) => x.name === robot)!;
      return Math.hypot(r.pose.x - p.x, r.pose.y - p.y) < 0.5 ? r : null;
    }, 3_000);
    expect(Math.hypot(at.pose.x - p.x, at.pose.y - p.y)).toBeLessThan(0.5);
    await until('the finished plan to empty', async () => (await robots()).find((x) => x.name === robot)!.path.length === 0, 3_000);

    const log = (await api<{ log: { kind: string }[] }>(`/api/tasks/${id}/log`)).body.log.map((e) => e.kind);
    expect(log).toEqual(['created', 'dispatched', 'goal_sent', 'arrived', 'completed']);

    // The live feed saw the robot move and the task go through its states.
    expect(liveRobots.some((r) => r.name === robot && r.status === 'working' && r.task_id === id)).toBe(true);
    const seen = liveTasks.filter((t) => t.booking.id === id);
    expect(seen.map((t) => t.status)).toEqual(expect.arrayContaining(['queued', 'underway', 'completed']));
    expect(seen.some((t) => t.status === 'underway' && t.progress && t.progress.distance_remaining_m > 0)).toBe(true);
    expect(liveLog.filter((e) => e.task_id === id)).toHaveLength(log.length);
  });

  it('cancels a task midway: the robot confirms, stops, and the task ends canceled', async () => {
    const target = await farPlaceFor(['bed_29', 'bed_30', 'bed_1', 'bed_7']);
    const res = await dispatch(target.place);
    const id = res.body.state.booking.id;
    const robot = res.body.state.assigned_to!.name;
    const first = await until('first progress', async () => (await task(id)).progress);
    await until('the robot to be well on its way', async () => {
      const t = await task(id);
      return t.progress && t.progress.distance_remaining_m < first.distance_remaining_m - 3 ? t : null;
    });
    const cancel = await api<{ success: boolean; state: TaskState }>(`/api/tasks/${id}/cancel`, { method: 'POST', body: { labels: ['by=e2e'] } });
    expect(cancel.status).toBe(200);
    expect(cancel.body.success).toBe(true);
    expect(cancel.body.state.cancellation?.labels).toEqual(['by=e2e', 'canceled_by:eng.kim']);

    const ended = await until('cancel confirmation', async () => {
      const t = await task(id);
      return t.status !== 'underway' ? t : null;
    });
    expect(ended.status).toBe('canceled');
    expect(ended.progress!.distance_remaining_m).toBeGreaterThan(1);
    const before = (await robots()).find((r) => r.name === robot)!;
    await new Promise((r) => setTimeout(r, 600));
    const after = (await robots()).find((r) => r.name === robot)!;
    expect(Math.hypot(after.pose.x - before.pose.x, after.pose.y - before.pose.y)).toBeLessThan(0.05);
    expect(after.task_id).toBeNull();
    const again = await api<{ success: boolean; errors: { category: string }[] }>(`/api/tasks/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('fails an underway task with link_lost when the rosbridge link drops, then reconnects', async () => {
    const target = await farPlaceFor(['bed_29', 'bed_30', 'bed_1', 'bed_7']);
    const res = await dispatch(target.place);
    const id = res.body.state.booking.id;
    await until('progress', async () => (await task(id)).progress);
    sim.dropClients();
    const ended = await until('the task to fail', async () => {
      const t = await task(id);
      return t.status !== 'underway' ? t : null;
    }, 5_000);
    expect(ended.status).toBe('failed');
    expect(ended.status_reason?.code).toBe('link_lost');
    await until('the link to come back', async () => {
      const h = (await api<{ link: { connected: boolean }; robots: { online: number } }>('/api/health')).body;
      return h.link.connected && h.robots.online === 3;
    });
  });
});
