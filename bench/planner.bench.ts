// planner_p50_ms / planner_p99_ms: what the brain itself spends on a free-text plan (prompt and
// ward scene, redaction, the tool loop, restoring, the validator, storing the record), with the
// model's own time taken out: the model is a scripted OpenAI-compatible server on 127.0.0.1 that
// answers at once, and its measured round trips (trace.modelMs) are subtracted. Over 1,000 plans.
// planner_rules_*: the same for the rule planner, no model at all.
// plan_tokens: prompt tokens sent per plan (all turns, tool schemas included), estimated the way
// brain/llm/tokens.ts does when a server sends no usage.
// ack_ms: bench/planner-ack.bench.ts (named planner-ack, so `npm run bench -- planner` runs both).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadWard } from '../robot/index.js';
import { CLINIC_WARD_FILE, startSimulation } from '../sim/index.js';
import { startBrain, type Brain } from '../brain/index.js';
import { TEST_ONLY_SCRYPT } from '../brain/auth/index.js';
import { startFakeModelServer, toolCallReply } from '../test/fake-model-server.js';
import { percentile, progress, report, type Benchmark } from './report.js';

const PLANS = 1000;
const NURSE = { username: 'nurse.chen', name: 'Nurse Chen', roles: ['nurse' as const] };

async function timed(brain: Brain, texts: string[], label: string): Promise<{ overheadMs: number[]; tokens: number[]; refused: number }> {
  const overheadMs: number[] = [];
  const tokens: number[] = [];
  let refused = 0;
  for (let i = 0; i < PLANS; i++) {
    const t0 = performance.now();
    const record = await brain.plans.fromText(texts[i % texts.length]!, NURSE);
    const wall = performance.now() - t0;
    overheadMs.push(wall - (record.trace?.modelMs ?? 0));
    if (record.trace) tokens.push(record.trace.promptTokens);
    if (record.status === 'refused') refused++;
    if (i % 250 === 249) progress(`${label}: ${i + 1} plans`);
  }
  return { overheadMs: overheadMs.sort((a, b) => a - b), tokens, refused };
}

const bench: Benchmark = {
  name: 'planner',
  about: `free-text plans through the validator, model time excluded, ${PLANS} plans (goal p99 ≤ 10 ms); tokens per plan`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-planner-'));
    const silent = pino({ level: 'silent' });
    const ward = loadWard(CLINIC_WARD_FILE);
    const beds = ward.people.patients.filter((p) => p.bed).map((p) => p.bed!);
    const orders = ward.people.orders.filter((o) => o.status === 'active');
    const texts = beds.map((bed) => `After lunch take ${bed.replace('_', ' ')}'s medication and go over their condition again`);
    // The model's answer: what a good model would say for the request in the prompt (delivery + lesson, then finish).
    const model = await startFakeModelServer((body) => {
      const b = body as { messages: { role: string; content: unknown }[] };
      if (b.messages.some((m) => m.role === 'tool')) return toolCallReply([{ name: 'finish_plan', arguments: { summary: 'delivery then a lesson' } }], { usage: false });
      const request = String(b.messages.find((m) => m.role === 'user')?.content ?? '');
      const bed = `bed_${/bed (\d+)/.exec(request)?.[1] ?? '1'}`;
      const system = String(b.messages.find((m) => m.role === 'system')?.content ?? '');
      const token = new RegExp(`- ${bed} \\| (\\S+) \\|`).exec(system)?.[1] ?? 'unknown';
      const patient = ward.people.patients.find((p) => p.bed === bed)!;
      const own = orders.filter((o) => o.patient === patient.recordNumber).map((o) => o.id);
      return toolCallReply([
        ...(own.length ? [{ name: 'dispatch_medication_delivery', arguments: { description: { orders: own }, bed, patient: token, start_after: '13:00', why: 'their medication after lunch' } }] : []),
        { name: 'dispatch_health_education', arguments: { description: { patient: token }, start_after: '13:30', why: 'go over the condition again' } },
      ], { usage: false });
    });
    const sim = await startSimulation({ ward, robots: 1, timeScale: 1, rosbridgePort: 0, logger: silent });
    const start = (withModel: boolean) => startBrain({
      ward, port: 0, dbFile: join(dir, `planner-${withModel ? 'model' : 'rules'}.db`), rosbridgeUrl: sim.url, dashboard: false, logger: false, scrypt: TEST_ONLY_SCRYPT,
      ...(withModel ? { model: { baseUrl: model.baseUrl, model: 'bench', site: 'off_site' as const, timeoutMs: 5000, retries: 0, vision: false, edgeOnly: false } } : {}),
    });
    try {
      const withModel = await start(true);
      try {
        await timed(withModel, texts.slice(0, 5), 'warm-up');
        const m = await timed(withModel, texts, 'model planner');
        report('planner_p50_ms', percentile(m.overheadMs, 50), 'ms');
        report('planner_p99_ms', percentile(m.overheadMs, 99), 'ms');
        report('plan_tokens', m.tokens.reduce((a, b) => a + b, 0) / Math.max(1, m.tokens.length), 'tokens');
        progress(`${m.refused} of ${PLANS} model plans refused by the validator`);
      } finally {
        await withModel.close();
      }
      const rules = await start(false);
      try {
        const r = await timed(rules, texts, 'rule planner');
        report('planner_rules_p50_ms', percentile(r.overheadMs, 50), 'ms');
        report('planner_rules_p99_ms', percentile(r.overheadMs, 99), 'ms');
        progress(`${r.refused} of ${PLANS} rule plans refused by the validator`);
      } finally {
        await rules.close();
      }
    } finally {
      await sim.close();
      await model.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
export default bench;
