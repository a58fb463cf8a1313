// ack_ms: from a speech recogniser publishing the patient's words on /<robot>/patient_speech (a
// roslib client on the simulator's rosbridge, as a real ASR node would) to the brain's first Speak
// goal for that robot arriving back on rosbridge. With a model configured the first thing said is
// "Let me check." while the model thinks, so the model's time is not in the figure; the scripted
// model answers after 0.5 s. ack_rules_ms: the same with no model, where the first thing said is the
// answer itself. 100 utterances each, a question about the patient's medicine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Ros, Topic } from 'roslib';
import { loadWard, MESSAGE_TYPES, robotNames } from '../robot/index.js';
import { CLINIC_WARD_FILE, startSimulation, type Simulation } from '../sim/index.js';
import { signIn, startBrain, type Brain } from '../brain/index.js';
import { TEST_ONLY_SCRYPT } from '../brain/auth/index.js';
import { demoStaffSecrets } from '../brain/demo-staff.js';
import { delayed, startFakeModelServer, textReply } from '../test/fake-model-server.js';
import { percentile, progress, report, type Benchmark } from './report.js';

const UTTERANCES = 100;
const BED = 'bed_5';

async function measure(sim: Simulation, brain: Brain, label: string): Promise<number[]> {
  const robot = sim.world.robots[0]!.name;
  // The robot goes to the bed first: the dialogue answers the patient who lies where the robot stands.
  const nurse = await signIn(brain.url, 'nurse.chen');
  const res = await fetch(`${brain.url}/api/tasks`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${nurse}` },
    body: JSON.stringify({ type: 'dispatch_task_request', request: { category: 'go_to_place', description: { place: BED } } }),
  });
  const id = ((await res.json()) as { state: { booking: { id: string } } }).state.booking.id;
  while ((await brain.tasks.get(id))?.status !== 'completed') await new Promise((r) => setTimeout(r, 50));

  const ros = new Ros({});
  ros.connect(sim.url);
  await new Promise<void>((resolve) => (ros.isConnected ? resolve() : ros.once('connection', () => resolve())));
  const asr = new Topic({ ros, name: robotNames(robot).patientSpeech, messageType: MESSAGE_TYPES.patientSpeech });
  asr.advertise();
  let waiting: ((t: number) => void) | null = null;
  const stop = sim.rosbridge.observeFrames((frame) => {
    if (frame.op === 'send_action_goal' && (frame as { action?: string }).action === robotNames(robot).speak && waiting) {
      const w = waiting;
      waiting = null;
      w(performance.now());
    }
  });
  const times: number[] = [];
  try {
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < UTTERANCES + 5; i++) {
      const spoken = new Promise<number>((resolve) => { waiting = resolve; });
      const t0 = performance.now();
      asr.publish({ header: { stamp: { sec: Math.floor(Date.now() / 1000), nanosec: 0 }, frame_id: `${robot}/microphone` }, text: `What is my metformin for? (${i})`, language: 'en', confidence: 0.9, source: 'speech' });
      const t1 = await Promise.race([spoken, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`${label}: nothing spoken for utterance ${i} within 10 s`)), 10_000))]);
      if (i >= 5) times.push(t1 - t0);
      // Let the answer (and a model's reply) finish before the next question, as a patient would.
      await new Promise((r) => setTimeout(r, label === 'model' ? 700 : 150));
      if (i % 25 === 24) progress(`${label}: ${i + 1} utterances`);
    }
  } finally {
    stop();
    asr.unadvertise();
    ros.close();
  }
  return times.sort((a, b) => a - b);
}

const bench: Benchmark = {
  name: 'planner-ack',
  about: `utterance published → first Speak goal on the robot's socket, ${UTTERANCES} utterances, model time excluded (goal ≤ 300 ms)`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dialogue-'));
    const silent = pino({ level: 'silent' });
    const ward = loadWard(CLINIC_WARD_FILE);
    const model = await startFakeModelServer((body) => {
      const system = String((body as { messages: { content: string }[] }).messages[0]?.content ?? '');
      const source = /record:order:MR-\d+/.exec(system)?.[0] ?? 'none';
      return delayed(500, textReply(`It helps keep your blood sugar steady. [${source}]`));
    });
    const run = async (withModel: boolean) => {
      const sim = await startSimulation({ ward, robots: 1, timeScale: 20, rosbridgePort: 0, logger: silent });
      const brain = await startBrain({
        ward, port: 0, dbFile: join(dir, `dialogue-${withModel ? 'model' : 'rules'}.db`), rosbridgeUrl: sim.url, dashboard: false, logger: false,
        useSimTime: true, staffSecrets: demoStaffSecrets(ward.people.staff), scrypt: TEST_ONLY_SCRYPT,
        ...(withModel ? { model: { baseUrl: model.baseUrl, model: 'bench', site: 'off_site' as const, timeoutMs: 8000, retries: 0, vision: false, edgeOnly: false } } : {}),
      });
      try {
        return await measure(sim, brain, withModel ? 'model' : 'rules');
      } finally {
        await brain.close();
        await sim.close();
      }
    };
    try {
      const withModel = await run(true);
      report('ack_ms', percentile(withModel, 50), 'ms');
      report('ack_p99_ms', percentile(withModel, 99), 'ms');
      const rules = await run(false);
      report('ack_rules_ms', percentile(rules, 50), 'ms');
      report('ack_rules_p99_ms', percentile(rules, 99), 'ms');
    } finally {
      await model.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
