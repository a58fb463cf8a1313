// The model may look through a robot's camera while it plans: the simulator renders the frame, the
// brain captures it over rosbridge and sends it as a PNG to an on-site model that can see.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startFakeModelServer, toolCallReply, type FakeModelServer } from '../../test/fake-model-server.js';
import { api, closeWardRig, startWardRig, type WardRig } from '../../test/ward-rig.js';
import { signIn } from '../demo-staff.js';

let rig: WardRig;
let server: FakeModelServer;

beforeAll(async () => {
  server = await startFakeModelServer((body) => {
    const messages = (body as { messages: { role: string; content: unknown }[] }).messages;
    const sawFrame = messages.some((m) => Array.isArray(m.content) && (m.content as { type: string }[]).some((c) => c.type === 'image_url'));
    if (!messages.some((m) => m.role === 'tool')) return toolCallReply([{ name: 'look_through_camera', arguments: { why: 'is the corridor clear?' } }]);
    if (sawFrame && !messages.some((m) => m.role === 'tool' && String(m.content).includes('"step"'))) {
      return toolCallReply([{ name: 'dispatch_go_to_place', arguments: { description: { place: 'nurse_station' }, why: 'the corridor looked clear' } }]);
    }
    return toolCallReply([{ name: 'finish_plan', arguments: { summary: 'drive to the nurse station' } }]);
  });
  rig = await startWardRig('look-e2e-', { model: { baseUrl: server.baseUrl, model: 'sees', site: 'on_site', vision: true, timeoutMs: 5000, retries: 0, edgeOnly: false } });
}, 60_000);
afterAll(async () => {
  await closeWardRig(rig);
  await server.close();
});

it('sends the robot\'s camera frame to a model that asked to look, as a PNG', async () => {
  const nurse = await signIn(rig.brain.url, 'nurse.chen');
  const res = await api<{ plan: { status: string; steps: { category: string; why: string }[]; model: { looks: number } } }>(rig, '/api/plans', nurse, { method: 'POST', body: { text: 'Go to the nurse station if the corridor is clear' } });
  expect(res.status).toBe(201);
  expect(res.body.plan).toMatchObject({ status: 'awaiting_approval', model: { looks: 1 }, steps: [{ category: 'go_to_place', why: 'the corridor looked clear' }] });
  const frames = server.requests.flatMap((r) => [...r.raw.matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1]!, 'base64')));
  expect(frames.length).toBeGreaterThan(0);
  expect(frames[0]!.subarray(1, 4).toString()).toBe('PNG');
  expect(frames[0]!.readUInt32BE(16)).toBe(320);
}, 60_000);
