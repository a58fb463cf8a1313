// With a model configured, the robot says "Let me check." at once, the model words the answer from
// the sources it was given (and must cite them), and a broken answer falls back to the rules'.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { delayed, startFakeModelServer, textReply, type FakeModelServer, type Reply } from '../../test/fake-model-server.js';
import { until } from '../../test/until.js';
import { api, closeWardRig, dispatchTask, finished, startWardRig, WAIT_MS, type WardRig } from '../../test/ward-rig.js';
import { signIn } from '../demo-staff.js';
import { PHRASES } from '../workflows/dialogue/phrases.js';
import type { WireTurn } from './index.js';

let rig: WardRig;
let server: FakeModelServer;
let nurse: string;
let robot: string;
let answer: (sourceId: string) => Reply = () => textReply('');

beforeAll(async () => {
  server = await startFakeModelServer((body) => {
    const system = String((body as { messages: { role: string; content: string }[] }).messages[0]?.content ?? '');
    return answer(/record:order:MR-\d+/.exec(system)?.[0] ?? 'none');
  });
  rig = await startWardRig('dialogue-model-e2e-', { model: { baseUrl: server.baseUrl, model: 'talks', site: 'off_site', timeoutMs: 5000, retries: 0, vision: false, edgeOnly: false } });
  nurse = await signIn(rig.brain.url, 'nurse.chen');
  const trip = await dispatchTask(rig, nurse, 'go_to_place', { place: 'bed_5' });
  robot = trip.robot;
  expect((await finished(rig, trip.id, nurse)).status).toBe('completed');
}, 120_000);
afterAll(async () => {
  await closeWardRig(rig);
  await server.close();
});

const turnFor = (text: string) => until(`the turn for "${text}"`, async () =>
  (await api<{ turns: WireTurn[] }>(rig, `/api/dialogue/turns?robot=${robot}`, nurse)).body.turns.find((t) => t.utterance === text && t.replied_at_ms !== null) ?? null, WAIT_MS, 25);
const spoken = () => rig.sim.robotRecords(robot).transcript.map((l) => l.text);

it('acknowledges at once, then speaks the model\'s cited answer; the patient\'s name never leaves', async () => {
  answer = (source) => delayed(800, textReply(`It helps keep your blood sugar steady. [${source}]`));
  const words = 'I am Robert Walsh. What is my metformin for?';
  rig.sim.people.patientSays(robot, words, 'en');
  const turn = await turnFor(words);
  expect(turn).toMatchObject({ mode: 'model', reply: { text: 'It helps keep your blood sugar steady.' } });
  expect(turn.ack_at_ms).not.toBeNull();
  expect(turn.ack_at_ms!).toBeLessThan(turn.replied_at_ms!);
  await until('both spoken', async () => spoken().includes(turn.reply!.text), WAIT_MS, 25);
  const lines = spoken();
  expect(lines.indexOf(PHRASES.dialogueAck.en())).toBeLessThan(lines.indexOf(turn.reply!.text));
  const patient = rig.ward.people.patients.find((p) => p.bed === 'bed_5')!;
  for (const r of server.requests) for (const id of [patient.name, ...patient.otherNames, patient.recordNumber, patient.wristband]) expect(r.raw).not.toContain(id);
}, 60_000);

it('falls back to the rules\' answer when the model states a dose its sources do not', async () => {
  answer = (source) => textReply(`Take 2000 mg twice a day. [${source}]`);
  const words = 'What is the metformin for, again?';
  rig.sim.people.patientSays(robot, words, 'en');
  const turn = await turnFor(words);
  expect(turn.model_verdict).toMatch(/fallback.*dose/i);
  expect(turn.reply?.text ?? '').not.toContain('2000');
  expect(JSON.stringify(turn)).not.toContain('2000 mg twice');
}, 60_000);
