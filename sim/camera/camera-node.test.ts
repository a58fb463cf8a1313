import { describe, it, expect, afterEach } from '@jest/globals';
import { MESSAGE_TYPES, robotNames, type Image } from '../../robot/index.js';
import { SimPeople } from '../people/index.js';
import { wardWithPeople } from '../people/test-people.js';
import { attachWorld, type RobotBinding } from '../ros/index.js';
import { RosGraph } from '../rosbridge/index.js';
import { captureLog } from '../rosbridge/test-support.js';
import { SimTimers, SimWorld } from '../world/index.js';
import { until } from '../../test/until.js';
import { attachCamera, renderRobotView, type CameraBinding } from './index.js';

const wallMs = (ms: number) => new Promise((r) => setTimeout(r, ms));
const turn = () => new Promise((r) => setImmediate(r));
const topic = robotNames('robot_1').camera;

function setup() {
  const world = new SimWorld({ ward: wardWithPeople(), seed: 5 });
  const graph = new RosGraph({ logger: captureLog().logger });
  const node = graph.createNode('/robot_1/camera_driver');
  const listener = graph.createNode('/test_listener');
  return { world, graph, node, listener, robot: world.robot('robot_1')! };
}

describe('the simulated camera node', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => { for (const c of cleanup.splice(0)) c(); });
  const attach = (s: ReturnType<typeof setup>, periodMs?: number): CameraBinding => {
    const cam = attachCamera(s.node, s.world, s.robot, { stamp: () => ({ sec: 7, nanosec: 0 }), ...(periodMs ? { periodMs } : {}) });
    cleanup.push(() => cam.destroy());
    return cam;
  };

  it('renders nothing while nobody listens', async () => {
    const s = setup();
    const cam = attach(s, 20);
    await wallMs(80);
    expect(cam.published).toBe(0);
    expect(s.graph.topicType(topic)).toBe(MESSAGE_TYPES.camera);
  });

  it('greets a new subscriber with a frame at once, a valid sensor_msgs/Image with base64 data', async () => {
    const s = setup();
    // A period far longer than the test, so every frame seen is a greeting however slow the machine.
    const cam = attach(s, 60_000);
    const got: Image[] = [];
    s.listener.createSubscription<Image>(topic, MESSAGE_TYPES.camera, (m) => got.push(m));
    expect(got).toHaveLength(0);
    await turn();
    expect(got).toHaveLength(1);
    expect(cam.published).toBe(1);
    const msg = got[0]!;
    expect(s.graph.interfaces.validate(MESSAGE_TYPES.camera, msg, { wire: true })).toEqual({ ok: true });
    expect(msg).toMatchObject({ header: { stamp: { sec: 7, nanosec: 0 }, frame_id: 'robot_1/camera_link' }, width: 320, height: 240, encoding: 'rgb8', is_bigendian: 0, step: 960 });
    expect(typeof msg.data).toBe('string');
    const bytes = Buffer.from(msg.data as string, 'base64');
    expect(bytes.equals(renderRobotView(s.world, s.robot, () => true).data)).toBe(true);

    // A second subscriber is greeted too, long before the next periodic frame.
    const second: Image[] = [];
    s.listener.createSubscription<Image>(topic, MESSAGE_TYPES.camera, (m) => second.push(m));
    await turn();
    expect(second).toHaveLength(1);
    expect(cam.published).toBe(2);
  });

  it('keeps its wall-time rate while subscribed and stops when the last subscriber leaves', async () => {
    const s = setup();
    const cam = attach(s, 40);
    const a: Image[] = [];
    const subA = s.listener.createSubscription<Image>(topic, MESSAGE_TYPES.camera, (m) => a.push(m));
    const subB = s.listener.createSubscription<Image>(topic, MESSAGE_TYPES.camera, () => undefined);
    // The greeting, then frames keep coming on the wall clock: a busy test machine only delays them.
    const start = Date.now();
    await until('three camera frames', () => a.length >= 3, 5_000);
    // Never faster than one frame per 40 ms after the greeting.
    expect(a.length - 1).toBeLessThanOrEqual(Math.ceil((Date.now() - start) / 40) + 1);
    subA.destroy();
    await wallMs(60);
    expect(cam.published).toBeGreaterThan(a.length);
    subB.destroy();
    const stopped = cam.published;
    await wallMs(120);
    expect(cam.published).toBe(stopped);
  });

  it('sees the subscription that waited for the topic to appear', async () => {
    const s = setup();
    const got: unknown[] = [];
    s.listener.createSubscription(topic, undefined, (m) => got.push(m));
    attach(s);
    await turn();
    expect(got).toHaveLength(1);
  });

  it('destroy stops it even while subscribed', async () => {
    const s = setup();
    const cam = attach(s, 20);
    s.listener.createSubscription(topic, MESSAGE_TYPES.camera, () => undefined);
    cam.destroy();
    await wallMs(60);
    expect(cam.published).toBe(0);
  });
});

describe('every simulated robot has a camera', () => {
  let bindings: RobotBinding[] = [];
  afterEach(() => { for (const b of bindings) b.destroy(); bindings = []; });

  it('shows the patient of the bed it stands at as the people script has them, present or away', async () => {
    const world = new SimWorld({ ward: wardWithPeople(), seed: 5 });
    const graph = new RosGraph({ logger: captureLog().logger });
    const timers = new SimTimers(world);
    const people = new SimPeople({ world, graph, timers, stamp: () => graph.now() });
    bindings = attachWorld(graph, world, { skills: { people, timers } });
    const robot = world.robot('robot_1')!;
    const go = robot.goTo({ place: 'bed_1' });
    if (!go.ok) throw new Error(go.message);
    for (let i = 0; i < 600 && !go.handle.outcome; i++) world.runFor(0.5);
    expect(go.handle.outcome?.status).toBe('succeeded');

    const frames: Image[] = [];
    const listener = graph.createNode('/test_listener');
    const look = async () => {
      const sub = listener.createSubscription<Image>(topic, MESSAGE_TYPES.camera, (m) => frames.push(m));
      await turn();
      sub.destroy();
      return Buffer.from(frames.at(-1)!.data as string, 'base64');
    };
    const present = await look();
    people.script('bed_1', { present: false });
    const away = await look();
    expect(present.equals(away)).toBe(false);
    expect(present.equals(renderRobotView(world, robot, () => true).data)).toBe(true);
    expect(away.equals(renderRobotView(world, robot, () => false).data)).toBe(true);
    people.destroy();
    timers.destroy();
  });
});
