// An eight-hour ward shift on the clinic, driven end to end: the real brain on the simulator's clock over
// a real rosbridge socket. Ward rounds come from schedules a ward manager sets up; a nurse dispatches
// deliveries and education sessions as the shift goes on; a simulated pharmacist loads (and unloads)
// every delivery the moment it waits; the simulator's default responder signs in as the nurse at beds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadWard, type MedicationOrder, type WardMap } from '../robot/index.js';
import { CLINIC_WARD_FILE, startSimulation, type Simulation } from '../sim/index.js';
import { TEST_ONLY_SCRYPT } from '../brain/auth/index.js';
import { DEMO_PIN, demoPassword, demoStaffSecrets, signIn } from '../brain/demo-staff.js';
import { startBrain, type Brain, type TaskState } from '../brain/index.js';
import { loadLibrary, type EducationLibrary } from '../brain/education/index.js';

export const SHIFT_TIME_ZONE = 'Asia/Shanghai';
export const SHIFT_DATE = '2025-03-03';
/** Sim time 0: 07:30 on the ward. */
export const SHIFT_START = `${SHIFT_DATE}T07:30:00+08:00`;
const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;

export interface ShiftOptions {
  /** Sim seconds per wall second; a brain in the loop needs a number, not 'max'. */
  timeScale: number;
  simHours: number;
  /** Stop early (and say so) after this much wall time. */
  wallCapS: number;
  robots: number;
  deliveries: number;
  educations: number;
  /** Each round split into this many parts, one schedule each, so the robots share it. */
  roundParts: number;
  roundTimes: string[];
  seed: number;
  progress?: (line: string) => void;
}

// 1000x ran every task to completion; at 1400x a round's skill deadline (40 s sim = 29 ms wall) was missed
// and at 2000x half the tasks timed out. SHIFT_TIME_SCALE overrides it in the bench.
export const DEFAULT_SHIFT: ShiftOptions = {
  timeScale: 1000, simHours: 8, wallCapS: 240, robots: 3, deliveries: 40, educations: 20, roundParts: 3, roundTimes: ['08:00', '14:00'], seed: 11,
};

export interface ShiftResult {
  simS: number;
  wallS: number;
  /** True when the wall-time cap stopped the run before the sim hours were up. */
  capped: boolean;
  tasks: TaskState[];
  completed: number;
  failed: number;
  /** Failed tasks by status_reason.code. */
  failures: Record<string, number>;
  /** The shift's own tasks (staff and schedules dispatched them), not the robots' follow-ups. */
  shiftTasks: TaskState[];
  /** Shift tasks still queued or underway when the shift ended. */
  open: number;
  /** Follow-ups the robots queued themselves (education repeats), e.g. for the next day. */
  followUps: number;
  canceled: number;
  /** Requests the brain refused (POST not 201), with the reason. */
  refused: string[];
  loads: number;
  unloads: number;
  auditOk: boolean;
}

interface Planned { atMs: number; kind: 'delivery' | 'education'; description: Record<string, unknown>; controlled: boolean }

/** n instants spread evenly over [fromMs, toMs). */
function spread(n: number, fromMs: number, toMs: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(fromMs + ((i + 0.5) * (toMs - fromMs)) / n));
}

/**
 * Deliveries of the ward's active orders, one or two orders each: the first (orders − deliveries)
 * deliveries carry two orders of one patient where that patient has two, so every order goes once.
 */
export function planDeliveries(orders: readonly MedicationOrder[], count: number): MedicationOrder[][] {
  const active = orders.filter((o) => o.status === 'active');
  if (active.length < count) throw new Error(`the ward has ${active.length} active orders, fewer than ${count} deliveries`);
  let pairs = Math.min(active.length - count, count);
  const byPatient = new Map<string, MedicationOrder[]>();
  for (const o of active) byPatient.set(o.patient, [...(byPatient.get(o.patient) ?? []), o]);
  const out: MedicationOrder[][] = [];
  const left: MedicationOrder[] = [];
  for (const list of byPatient.values()) {
    const rest = [...list];
    while (pairs > 0 && rest.length >= 2) { out.push(rest.splice(0, 2)); pairs--; }
    left.push(...rest);
  }
  while (pairs > 0 && left.length >= 2) { out.push(left.splice(0, 2)); pairs--; }
  out.push(...left.map((o) => [o]));
  return out.slice(0, count);
}

export function roundParts(ward: WardMap, parts: number): string[][] {
  const beds = ward.places.filter((p) => p.kind === 'bed').map((p) => p.name)
    .sort((a, b) => Number(a.replace(/\D+/g, '')) - Number(b.replace(/\D+/g, '')) || a.localeCompare(b));
  const size = Math.ceil(beds.length / parts);
  return Array.from({ length: parts }, (_, i) => beds.slice(i * size, (i + 1) * size)).filter((p) => p.length > 0);
}

export async function runShift(opts: ShiftOptions): Promise<ShiftResult> {
  const say = opts.progress ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'bench-shift-'));
  const ward = loadWard(CLINIC_WARD_FILE);
  let sim: Simulation | null = null;
  let brain: Brain | null = null;
  try {
    sim = await startSimulation({
      ward, robots: opts.robots, seed: opts.seed, timeScale: opts.timeScale, startTime: SHIFT_START, host: '127.0.0.1', rosbridgePort: 0,
      logger: pino({ enabled: false }), defaultResponder: { badge: 'BADGE-3001', pin: DEMO_PIN, afterS: 30 },
    });
    brain = await startBrain({
      host: '127.0.0.1', port: 0, dbFile: join(dir, 'brain.db'), ward, rosbridgeUrl: sim.url, logger: false, dashboard: false,
      useSimTime: true, timeZone: SHIFT_TIME_ZONE, staffSecrets: demoStaffSecrets(ward.people.staff), scrypt: TEST_ONLY_SCRYPT,
    });
    const b = brain;
    const s = sim;
    const api = async <T>(path: string, token: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }> => {
      const res = await fetch(`${b.url}${path}`, {
        method: init?.method ?? 'GET',
        headers: { authorization: `Bearer ${token}`, ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      return { status: res.status, body: (await res.json()) as T };
    };
    const manager = await signIn(b.url, 'manager.hu');
    const nurse = await signIn(b.url, 'nurse.chen');
    const pharm = await signIn(b.url, 'pharm.qian');
    const wallStart = performance.now();
    const simAtWallStart = sim.now();
    const deadlineWall = wallStart + opts.wallCapS * 1000;
    const until = async (what: string, probe: () => boolean | Promise<boolean>) => {
      while (!(await probe())) {
        if (performance.now() > deadlineWall) throw new Error(`wall-time cap reached waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until('the robots to come up idle', async () =>
      ((await (await fetch(`${b.url}/api/robots`)).json()) as { robots: { status: string }[] }).robots.filter((r) => r.status === 'idle').length >= opts.robots);
    await until('the brain to follow the sim clock', () => Math.abs(b.clock.now() - s.now()) < 5 * MIN_MS);

    const start = s.startTime;
    const endMs = start + opts.simHours * HOUR_MS;
    const refused: string[] = [];

    // Rounds: schedules created by the ward manager, each part a third of the beds.
    const parts = opts.roundParts > 1 ? roundParts(ward, opts.roundParts) : [null];
    for (const [i, beds] of parts.entries()) {
      const res = await api<{ id?: string; errors?: unknown }>('/api/schedules', manager, {
        method: 'POST',
        body: {
          name: beds ? `Ward round, part ${i + 1} of ${parts.length}` : 'Ward round',
          recurrence: { times: opts.roundTimes, every_days: 1, start_date: SHIFT_DATE },
          task_request: { category: 'ward_round', description: beds ? { beds } : {} },
        },
      });
      if (res.status !== 201) throw new Error(`schedule refused: ${res.status} ${JSON.stringify(res.body)}`);
    }

    // Deliveries and education sessions a nurse dispatches over the shift (not in the last hour).
    const orders = b.wardServices.records.orders({ status: 'active' });
    const planned: Planned[] = [];
    const deliveries = planDeliveries(orders, opts.deliveries);
    spread(deliveries.length, start + 30 * MIN_MS, endMs - HOUR_MS).forEach((atMs, i) => {
      const os = deliveries[i]!;
      planned.push({ atMs, kind: 'delivery', description: { orders: os.map((o) => o.id) }, controlled: os.some((o) => o.controlled) });
    });
    const learners = ward.people.patients.filter((p) => p.bed && p.conditions.length > 0);
    scriptLearners(s, learners, loadLibrary());
    scriptMishaps(s, ward, orders);
    spread(opts.educations, start + 45 * MIN_MS, endMs - 45 * MIN_MS).forEach((atMs, i) => {
      const p = learners[(i * 7) % learners.length]!;
      planned.push({ atMs, kind: 'education', description: { patient: p.recordNumber }, controlled: false });
    });
    planned.sort((x, y) => x.atMs - y.atMs);
    const controlledTasks = new Set<string>();

    let loads = 0;
    let unloads = 0;
    const handed = new Set<string>();
    let next = 0;
    let lastHour = -1;
    let capped = false;
    const counts = async () => {
      const all = await b.tasks.list({ limit: 10_000 });
      const mine = all.filter((t) => !t.booking.requester?.startsWith('robot:'));
      const by = (st: string) => mine.filter((t) => t.status === st).length;
      return { all, done: by('completed'), failed: by('failed'), open: by('queued') + by('underway'), mine: mine.length };
    };
    for (;;) {
      const now = s.now();
      if (now >= endMs) break;
      if (performance.now() > deadlineWall) { capped = true; break; }
      while (next < planned.length && planned[next]!.atMs <= now) {
        const p = planned[next++]!;
        const category = p.kind === 'delivery' ? 'medication_delivery' : 'health_education';
        const res = await api<{ state?: TaskState; errors?: { detail: string }[] }>('/api/tasks', nurse, {
          method: 'POST', body: { type: 'dispatch_task_request', request: { category, description: p.description } },
        });
        if (res.status !== 201 || !res.body.state) refused.push(`${category} ${JSON.stringify(p.description)}: ${res.status} ${res.body.errors?.map((e) => e.detail).join('; ') ?? ''}`);
        else if (p.controlled) controlledTasks.add(res.body.state.booking.id);
      }
      // The pharmacist: loads what waits to be loaded, takes back what came back undelivered.
      for (const [id, waiting] of Object.entries(b.tasks.waitingInputs())) {
        for (const input of waiting) {
          if (input !== 'load' && input !== 'unload') continue;
          const key = `${id}:${input}`;
          if (handed.has(key)) continue;
          const body = input === 'load' && controlledTasks.has(id) ? { witness: { username: 'nurse.wong', password: demoPassword('nurse.wong') } } : {};
          const res = await api(`/api/tasks/${id}/${input}`, pharm, { method: 'POST', body });
          if (res.status === 202) {
            handed.add(key);
            if (input === 'load') loads++;
            else unloads++;
          }
        }
      }
      const hour = Math.floor((now - start) / HOUR_MS);
      if (hour !== lastHour) {
        lastHour = hour;
        const c = await counts();
        const local = new Date(now).toLocaleTimeString('en-GB', { timeZone: SHIFT_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
        say(`sim ${local} (hour ${hour}): ${c.mine} tasks, ${c.done} done, ${c.failed} failed, ${c.open} open; ${((performance.now() - wallStart) / 1000).toFixed(1)} s wall`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    const wallS = (performance.now() - wallStart) / 1000;
    const simS = (s.now() - simAtWallStart) / 1000;
    s.pause();
    const all = (await counts()).all;
    const shiftTasks = all.filter((t) => !t.booking.requester?.startsWith('robot:'));
    const by = (st: string) => shiftTasks.filter((t) => t.status === st).length;
    const failures: Record<string, number> = {};
    for (const t of shiftTasks) if (t.status === 'failed') failures[t.status_reason?.code ?? 'unknown'] = (failures[t.status_reason?.code ?? 'unknown'] ?? 0) + 1;
    return {
      simS, wallS, capped, tasks: all, shiftTasks, completed: by('completed'), failed: by('failed'), failures, open: by('queued') + by('underway'),
      followUps: all.length - shiftTasks.length, canceled: by('canceled'), refused, loads, unloads, auditOk: b.wardServices.audit.verify().ok,
    };
  } finally {
    await brain?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Two patients in three understood their lessons: they answer each teach-back question with its key
 * points in their own language. The third says "I don't know", so their repeat lesson is queued.
 */
function scriptLearners(sim: Simulation, learners: WardMap['people']['patients'], library: EducationLibrary): void {
  learners.forEach((p, i) => {
    if (i % 3 === 2) return;
    const answers: Record<string, string> = {};
    for (const condition of p.conditions) {
      for (const q of library.topic(condition).teachBack) {
        answers[`teach_back:${q.id}`] = q.keyPoints.slice(0, q.pass).map((k) => k[p.language][0] ?? '').join(p.language === 'en' ? ', ' : '，');
      }
    }
    sim.people.script(p.recordNumber, { answers });
  });
}

/**
 * A shift is not all smooth: two patients are off the ward (rounds record them absent), and one
 * patient with a delivery wears another patient's wristband, so that medication goes back to the
 * pharmacy. The figures then show how the stack copes, not only that it runs.
 */
function scriptMishaps(sim: Simulation, ward: WardMap, orders: readonly MedicationOrder[]): void {
  const withOrders = new Set(orders.map((o) => o.patient));
  const withoutOrders = ward.people.patients.filter((p) => p.bed && !withOrders.has(p.recordNumber));
  for (const p of withoutOrders.slice(0, 2)) sim.people.script(p.recordNumber, { present: false });
  const wrongBand = ward.people.patients.find((p) => withOrders.has(p.recordNumber) && p.bed);
  if (wrongBand) sim.people.script(wrongBand.recordNumber, { wristband: 'WB-999999' });
}
