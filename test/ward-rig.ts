// Test-only rig for end-to-end workflow tests: the headless simulator on the clinic floor plan and
// a real brain following it over rosbridge on sim time, with the demo staff accounts, plus small
// HTTP helpers. One rig per test; `closeWardRig` in afterEach.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { TEST_ONLY_SCRYPT } from '../brain/auth/index.js';
import { demoStaffSecrets } from '../brain/demo-staff.js';
import { startBrain, type Brain, type BrainOptions, type LogEntry, type TaskState } from '../brain/index.js';
import { loadWard, type WardMap } from '../robot/index.js';
import { CLINIC_WARD_FILE, startSimulation, type Simulation, type SimulationOptions } from '../sim/index.js';
import { until } from './until.js';

// A brain in the loop follows /clock, whose steps grow with the time scale; at 'max' one step is longer than
// the brain's deadlines, so end-to-end runs use a fixed scale.
export const TIME_SCALE = 200;
/** Wall-clock ms a test waits for one step of a task. */
export const WAIT_MS = 60_000;

export interface WardRig {
  dir: string;
  dbFile: string;
  sim: Simulation;
  /** The running brain; `restartBrain` replaces it. */
  brain: Brain;
  ward: WardMap;
  /** Extra brain options (a model server …), kept for restarts. */
  options?: Partial<BrainOptions>;
}

/** Starts a brain on the rig's sim and database file (the same file on every call). */
export function startWardBrain(r: Pick<WardRig, 'dbFile' | 'sim' | 'ward' | 'options'>): Promise<Brain> {
  return startBrain({
    host: '127.0.0.1', port: 0, dbFile: r.dbFile, ward: r.ward, rosbridgeUrl: r.sim.url, logger: false, dashboard: false,
    useSimTime: true, staffSecrets: demoStaffSecrets(r.ward.people.staff), scrypt: TEST_ONLY_SCRYPT,
    timing: { answerS: 20, nurseS: 120, loadS: 600, unloadS: 600 },
    ...r.options,
  });
}

/** `simOptions`: more simulator options, e.g. `{ voice: true }` for patients speaking as audio. */
export async function startWardRig(prefix = 'ward-e2e-', options: Partial<BrainOptions> = {}, simOptions: Partial<SimulationOptions> = {}): Promise<WardRig> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const ward = loadWard(CLINIC_WARD_FILE);
  const sim = await startSimulation({ ward, robots: 1, seed: 1, timeScale: TIME_SCALE, host: '127.0.0.1', rosbridgePort: 0, logger: pino({ enabled: false }), ...simOptions });
  const dbFile = join(dir, 'brain.db');
  try {
    return { dir, dbFile, sim, ward, options, brain: await startWardBrain({ dbFile, sim, ward, options }) };
  } catch (err) {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Closes the running brain and starts a new one on the same database file and sim. */
export async function restartBrain(r: WardRig): Promise<Brain> {
  await r.brain.close();
  r.brain = await startWardBrain(r);
  return r.brain;
}

export async function closeWardRig(r: WardRig): Promise<void> {
  await r.brain.close();
  await r.sim.close();
  rmSync(r.dir, { recursive: true, force: true });
}

export async function api<T>(r: { brain: { url: string } }, path: string, token: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: T }> {
  const res = await fetch(`${r.brain.url}${path}`, {
    method: init?.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Dispatches a task as the signed-in `token`; expects 201 and returns the task id and its robot. */
export async function dispatchTask(r: WardRig, token: string, category: string, description: unknown): Promise<{ id: string; robot: string }> {
  const res = await api<{ state: TaskState }>(r, '/api/tasks', token, {
    method: 'POST', body: { type: 'dispatch_task_request', request: { category, description } },
  });
  if (res.status !== 201) throw new Error(`dispatching ${category} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.state.booking.id, robot: res.body.state.assigned_to?.name ?? r.sim.world.robots[0]!.name };
}

export const waitingFor = (r: WardRig, id: string, token: string, what: string) => until(`task ${id} waiting for ${what}`, async () =>
  (await api<{ waiting: string[] }>(r, `/api/tasks/${id}/waiting`, token)).body.waiting.includes(what), WAIT_MS, 25);

export const finished = (r: WardRig, id: string, token: string, timeoutMs = WAIT_MS) => until(`task ${id} to finish`, async () => {
  const t = (await api<TaskState>(r, `/api/tasks/${id}`, token)).body;
  return t.status === 'completed' || t.status === 'failed' || t.status === 'canceled' ? t : null;
}, timeoutMs, 25);

export async function taskLog(r: WardRig, id: string, token: string): Promise<LogEntry[]> {
  return (await api<{ log: LogEntry[] }>(r, `/api/tasks/${id}/log`, token)).body.log;
}
