// End to end: three robots share a morning's schedule on the clinic floor plan, the real brain on the
// simulator's clock over a real rosbridge socket. A ward manager sets up an 08:00 round (three parts,
// one schedule each) and an 08:05 education session; a nurse dispatches deliveries to beds the round
// holds. Asserts that each occurrence went out exactly once, that every task ended, that the robots
// shared the work, and that no two robots were ever at work on one bed at the same time.
import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadWard, type WardMap } from '../../robot/index.js';
import { CLINIC_WARD_FILE, startSimulation, type Simulation } from '../../sim/index.js';
import { until } from '../../test/until.js';
import { TEST_ONLY_SCRYPT } from '../auth/index.js';
import { DEMO_PIN, demoPassword, demoStaffSecrets, signIn } from '../demo-staff.js';
import { startBrain, type Brain, type TaskState } from '../index.js';
import type { LogEntry } from '../tasks/task-state.js';

// A brain in the loop follows /clock, whose steps grow with the time scale; at 'max' one step is longer
// than the brain's deadlines (a 40 s skill deadline is 0.2 s of wall time at 200x, 67 ms at 600x, which a
// busy machine can miss). The morning takes about a quarter of a simulated hour, some 5 s of wall time.
const TIME_SCALE = 200;
/** While the rig comes up and the manager sets the day up, so that 08:00 is still ahead. */
const SETUP_SCALE = 20;
const TIME_ZONE = 'Asia/Shanghai';
const DAY = '2025-03-03';
const WAIT_MS = 45_000;
const ENDED = ['completed', 'failed', 'canceled'];

interface Rig { dir: string; sim: Simulation; brain: Brain; ward: WardMap }
let rig: Rig | null = null;
let stopPharmacist: (() => Promise<void>) | null = null;

async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'day-e2e-'));
  const ward = loadWard(CLINIC_WARD_FILE);
  const sim = await startSimulation({
    ward, robots: 3, seed: 3, timeScale: SETUP_SCALE, startTime: `${DAY}T07:50:00+08:00`, host: '127.0.0.1', rosbridgePort: 0,
    logger: pino({ enabled: false }), defaultResponder: { badge: 'BADGE-3001', pin: DEMO_PIN, afterS: 30 },
  });
  const brain = await startBrain({
    host: '127.0.0.1', port: 0, dbFile: join(dir, 'brain.db'), ward, rosbridgeUrl: sim.url, logger: false, dashboard: false,
    useSimTime: true, timeZone: TIME_ZONE, staffSecrets: demoStaffSecrets(ward.people.staff), scrypt: TEST_ONLY_SCRYPT,
  });
  rig = { dir, sim, brain, ward };
  return rig;
}

afterEach(async () => {
  await stopPharmacist?.();
  stopPharmacist = null;
  if (!rig) return;
  const r = rig;
  rig = null;
  await r.brain.close();
  await r.sim.close();
  rmSync(r.dir, { recursive: true, force: true });
});

async function api<T>(r: Rig, path: string, token: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }> {
  const res = await fetch(`${r.brain.url}${path}`, {
    method: init?.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A pharmacist who loads every delivery as soon as it waits (controlled ones witnessed) and takes back what returns. */
function pharmacist(r: Rig, token: string, controlled: Set<string>): () => Promise<void> {
  let running = true;
  const handed = new Set<string>();
  const loop = (async () => {
    while (running) {
      for (const [id, waiting] of Object.entries(r.brain.tasks.waitingInputs())) {
        for (const input of waiting.filter((w) => w === 'load' || w === 'unload')) {
          if (handed.has(`${id}:${input}`)) continue;
          const body = input === 'load' && controlled.has(id) ? { witness: { username: 'nurse.wong', password: demoPassword('nurse.wong') } } : {};
          if ((await api(r, `/api/tasks/${id}/${input}`, token, { method: 'POST', body })).status === 202) handed.add(`${id}:${input}`);
        }
      }
      await new Promise((res) => setTimeout(res, 20));
    }
  })();
  return async () => { running = false; await loop; };
}

const bedOfPatient = (r: Rig, recordNumber: string): string => {
  const bed = r.ward.people.patients.find((p) => p.recordNumber === recordNumber)?.bed;
  if (!bed) throw new Error(`patient ${recordNumber} has no bed`);
  return bed;
};

/** The beds a task worked at, from what the brain recorded of it. */
function bedsOf(r: Rig, t: TaskState): string[] {
  const id = t.booking.id;
  if (t.category === 'ward_round') return r.brain.rounds.summary(id).entries.map((e) => e.bed);
  if (t.category === 'medication_delivery') {
    const fromLedger = r.brain.wardServices.custody.entries({ taskId: id }).map((e) => e.patient).filter((p): p is string => !!p);
    const orders = (t.detail.orders as string[]).map((o) => r.brain.wardServices.records.order(o)?.patient).filter((p): p is string => !!p);
    return [...new Set([...fromLedger, ...orders])].map((p) => bedOfPatient(r, p));
  }
  if (t.category === 'health_education') return [bedOfPatient(r, String(t.detail.patient))];
  throw new Error(`no beds known for category ${t.category}`);
}

describe('a day of schedules shared by three robots', () => {
  it('dispatches every occurrence once, ends every task, spreads the work and never puts two robots on one bed at once', async () => {
    const r = await startRig();
    const manager = await signIn(r.brain.url, 'manager.hu');
    const nurse = await signIn(r.brain.url, 'nurse.chen');
    const pharm = await signIn(r.brain.url, 'pharm.qian');
    await until('three idle robots', async () =>
      ((await (await fetch(`${r.brain.url}/api/robots`)).json()) as { robots: { status: string }[] }).robots.filter((x) => x.status === 'idle').length === 3, WAIT_MS, 25);
    await until('the brain on the sim clock', () => Math.abs(r.brain.clock.now() - r.sim.now()) < 60_000, WAIT_MS, 25);
    expect(new Date(r.brain.clock.now()).toISOString() < `${DAY}T00:00:00Z`).toBe(true); // still before 08:00 local

    // The ward manager's day: an 08:00 round in three parts of three beds, and education at 08:05 for
    // the patient in one of those beds.
    const parts = [['bed_1', 'bed_2', 'bed_3'], ['bed_11', 'bed_12', 'bed_13'], ['bed_21', 'bed_22', 'bed_23']];
    const schedules: { id: string; time: string; category: string }[] = [];
    const create = async (name: string, time: string, task_request: { category: string; description: Record<string, unknown> }) => {
      const res = await api<{ id: string; next: { local: string } | null }>(r, '/api/schedules', manager, {
        method: 'POST', body: { name, recurrence: { times: [time], every_days: 1, start_date: DAY }, task_request },
      });
      expect(res.status).toBe(201);
      expect(res.body.next?.local).toBe(`${DAY} ${time} +08:00`);
      schedules.push({ id: res.body.id, time, category: task_request.category });
    };
    for (const [i, beds] of parts.entries()) await create(`Morning round, part ${i + 1}`, '08:00', { category: 'ward_round', description: { beds } });
    const learner = r.ward.people.patients.find((p) => p.bed === 'bed_12')!;
    await create('Education, bed 12', '08:05', { category: 'health_education', description: { patient: learner.recordNumber } });

    r.sim.setTimeScale(TIME_SCALE);
    const controlled = new Set<string>();
    stopPharmacist = pharmacist(r, pharm, controlled);

    // Once the round is under way, a nurse sends deliveries to beds it holds and to one it does not.
    const rounds = await until('the three round parts under way', async () => {
      const ts = (await r.brain.tasks.list({})).filter((t) => t.category === 'ward_round' && t.status === 'underway');
      return ts.length === 3 ? ts : null;
    }, WAIT_MS, 25);
    const orders = r.brain.wardServices.records.orders({ status: 'active' });
    const orderAt = (bed: string) => {
      const o = orders.find((x) => bedOfPatient(r, x.patient) === bed);
      if (!o) throw new Error(`no active order for the patient in ${bed}`);
      return o;
    };
    const deliveries: string[] = [];
    for (const bed of ['bed_1', 'bed_22', 'bed_5']) {
      const o = orderAt(bed);
      const res = await api<{ state: TaskState }>(r, '/api/tasks', nurse, {
        method: 'POST', body: { type: 'dispatch_task_request', request: { category: 'medication_delivery', description: { orders: [o.id] } } },
      });
      expect(res.status).toBe(201);
      deliveries.push(res.body.state.booking.id);
      if (o.controlled) controlled.add(res.body.state.booking.id);
    }

    // Run until the scheduled and dispatched tasks have all ended (education repeats wait for tomorrow).
    const ours = (ts: TaskState[]) => ts.filter((t) => !t.booking.requester?.startsWith('robot:'));
    const tasks = await until('every task of the morning to end', async () => {
      const ts = ours(await r.brain.tasks.list({}));
      return ts.length === 3 + 1 + 3 && ts.every((t) => ENDED.includes(t.status)) ? ts : null;
    }, WAIT_MS, 50);
    await stopPharmacist();
    stopPharmacist = null;
    r.sim.pause();

    // Every occurrence dispatched exactly once: one history entry, and one task carrying the schedule's label.
    for (const s of schedules) {
      const res = await api<{ history: { local: string; outcome: string; task_id: string | null }[] }>(r, `/api/schedules/${s.id}?history=50`, nurse);
      expect(res.status).toBe(200);
      expect(res.body.history).toHaveLength(1);
      expect(res.body.history[0]).toMatchObject({ local: `${DAY} ${s.time} +08:00`, outcome: 'dispatched' });
      const labelled = tasks.filter((t) => t.booking.labels?.includes(`schedule:${s.id}`));
      expect(labelled.map((t) => t.booking.id)).toEqual([res.body.history[0]!.task_id]);
      expect(labelled[0]!.category).toBe(s.category);
    }
    expect(rounds.map((t) => t.booking.id).sort()).toEqual(tasks.filter((t) => t.category === 'ward_round').map((t) => t.booking.id).sort());

    // Every task ended, and ended well (a failure shows its log).
    for (const t of tasks.filter((x) => x.status !== 'completed')) {
      const log = (await api<{ log: LogEntry[] }>(r, `/api/tasks/${t.booking.id}/log`, nurse)).body.log;
      process.stderr.write(`${t.category} ${t.booking.id} ${t.status}: ${JSON.stringify(t.status_reason)}\n${log.map((e) => `  ${new Date(e.unix_millis_time).toISOString().slice(11, 23)} ${e.kind} ${e.text}`).join('\n')}\n`);
    }
    expect(tasks.map((t) => [t.category, t.status, t.status_reason?.code ?? null])).toEqual(tasks.map((t) => [t.category, 'completed', null]));
    // The robots shared the work.
    expect(new Set(tasks.map((t) => t.assigned_to?.name)).size).toBeGreaterThan(1);
    expect(new Set(rounds.map((t) => t.assigned_to?.name)).size).toBe(3);

    // When each task held which beds: from its `dispatched` log entry to its end.
    const intervals: { id: string; robot: string; beds: string[]; from: number; to: number }[] = [];
    for (const t of tasks) {
      const log = (await api<{ log: LogEntry[] }>(r, `/api/tasks/${t.booking.id}/log`, nurse)).body.log;
      const dispatched = log.filter((e) => e.kind === 'dispatched');
      expect(dispatched).toHaveLength(1);
      const end = log.find((e) => ENDED.includes(e.kind));
      expect(end).toBeDefined();
      intervals.push({ id: t.booking.id, robot: t.assigned_to!.name, beds: bedsOf(r, t), from: dispatched[0]!.unix_millis_time, to: end!.unix_millis_time });
    }
    // The round parts visited exactly their beds; the deliveries reached their patients.
    for (const t of rounds) expect([...bedsOf(r, t)].sort()).toEqual([...(t.detail.beds as string[])].sort());
    const clashes: string[] = [];
    for (const [i, a] of intervals.entries()) {
      for (const b of intervals.slice(i + 1)) {
        if (a.robot === b.robot) continue;
        const shared = a.beds.filter((bed) => b.beds.includes(bed));
        if (shared.length && a.from < b.to && b.from < a.to) clashes.push(`${shared.join(',')}: ${a.id} (${a.robot}) and ${b.id} (${b.robot})`);
      }
    }
    expect(clashes).toEqual([]);
    // The clashes were there to be avoided: the deliveries to bed_1 and bed_22 waited for the round to free them.
    const waitedForBed = async (id: string) => (await api<{ log: LogEntry[] }>(r, `/api/tasks/${id}/log`, nurse)).body.log
      .some((e) => e.kind === 'waiting' && String(e.data?.reason ?? '').startsWith('bed:'));
    expect(await waitedForBed(deliveries[0]!)).toBe(true);
    expect(await waitedForBed(deliveries[1]!)).toBe(true);

    expect(r.brain.wardServices.audit.verify().ok).toBe(true);
  }, 60_000);
});
