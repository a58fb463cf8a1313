// dispatch_p50_ms / dispatch_p99_ms: from POST /api/tasks to the first send_action_goal frame arriving
// on the robot's rosbridge socket, over 200 tasks with 10 robots on the clinic map.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadWard } from '../robot/index.js';
import { CLINIC_WARD_FILE, startSimulation } from '../sim/index.js';
import { demoPassword, signIn, startBrain } from '../brain/index.js';
import { TEST_ONLY_SCRYPT } from '../brain/auth/index.js';
import { percentile, progress, report, type Benchmark } from './report.js';

const TASKS = 200;
const ROBOTS = 10;

const bench: Benchmark = {
  name: 'dispatch',
  about: `POST /api/tasks → first send_action_goal on the robot's socket, ${TASKS} tasks, ${ROBOTS} robots (goal p99 ≤ 20 ms)`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dispatch-'));
    const silent = pino({ level: 'silent' });
    const ward = loadWard(CLINIC_WARD_FILE);
    const sim = await startSimulation({ ward, robots: ROBOTS, timeScale: 50, rosbridgePort: 0, logger: silent });
    const brain = await startBrain({
      wardFile: CLINIC_WARD_FILE, port: 0, dbFile: join(dir, 'bench.db'), rosbridgeUrl: sim.url, dashboard: false, logger: false,
      staffSecrets: { 'eng.kim': { password: demoPassword('eng.kim') } }, scrypt: TEST_ONLY_SCRYPT,
    });
    try {
      // Signed in once, as an engineer would be; the timed path includes resolving the token on every POST.
      const auth = { authorization: `Bearer ${await signIn(brain.url, 'eng.kim')}` };
      let goalAt = 0;
      sim.rosbridge.observeFrames((frame) => { if (frame.op === 'send_action_goal' && goalAt === 0) goalAt = performance.now(); });
      const beds = ward.places.filter((p) => p.kind === 'bed');
      const post = (place: string) => fetch(`${brain.url}/api/tasks`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ type: 'dispatch_task_request', request: { category: 'go_to_place', description: { place } } }),
      });
      const statusOf = async (id: string) => ((await (await fetch(`${brain.url}/api/tasks/${id}`)).json()) as { status: string }).status;
      while (((await (await fetch(`${brain.url}/api/robots`)).json()) as { robots: { status: string }[] }).robots.filter((r) => r.status === 'idle').length < ROBOTS) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const latencies: number[] = [];
      for (let i = 0; i < TASKS; i++) {
        goalAt = 0;
        const sentAt = performance.now();
        const res = await post(beds[i % beds.length]!.name);
        const body = (await res.json()) as { success: boolean; state: { booking: { id: string } }; errors?: unknown };
        if (!body.success) throw new Error(`dispatch refused: ${JSON.stringify(body.errors)}`);
        const deadline = performance.now() + 5000;
        while (goalAt === 0 && performance.now() < deadline) await new Promise((r) => setImmediate(r));
        if (goalAt === 0) throw new Error(`task ${i}: no send_action_goal within 5 s`);
        latencies.push(goalAt - sentAt);
        // Free the robot again so that every task finds an idle robot, as the figure intends.
        const id = body.state.booking.id;
        await fetch(`${brain.url}/api/tasks/${id}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{}' });
        while (!['canceled', 'completed', 'failed'].includes(await statusOf(id))) await new Promise((r) => setTimeout(r, 2));
        if ((i + 1) % 50 === 0) progress(`${i + 1} / ${TASKS} tasks`);
      }
      latencies.sort((a, b) => a - b);
      report('dispatch_p50_ms', percentile(latencies, 50), 'ms');
      report('dispatch_p99_ms', percentile(latencies, 99), 'ms');
    } finally {
      await brain.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
