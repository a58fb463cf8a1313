import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type { RosGraph } from './graph.js';
import type { RosbridgeServer } from './server.js';
import { byOp, RawClient, type CapturedLog, type Json, startTestServer, stopTestServer } from './test-support.js';

let log: CapturedLog;
let graph: RosGraph;
let server: RosbridgeServer;
let client: RawClient;

beforeEach(async () => {
  ({ log, graph, server, client } = await startTestServer({ clock: () => ({ sec: 100, nanosec: 5 }) }));
});
afterEach(() => stopTestServer({ client, server }));

const publishes = (topic: string) => byOp('publish', { topic });
const dropped = (field: string) => (l: Json) => l.field === field && l.level === 40;

describe('advertise, publish, subscribe over a raw socket', () => {
  it('round-trips a message and echoes the topic as the client wrote it', async () => {
    client.send({ op: 'advertise', id: 'a1', topic: '/chatter', type: 'std_msgs/String' });
    client.send({ op: 'subscribe', id: 's1', topic: 'chatter', type: 'std_msgs/msg/String' });
    client.send({ op: 'publish', topic: '/chatter', msg: { data: 'hello' } });
    expect(await client.next(byOp('publish'))).toEqual({ op: 'publish', topic: 'chatter', msg: { data: 'hello' } });
  });

  it('delivers in-process messages to a socket subscriber that subscribed first, without a type', async () => {
    client.send({ op: 'subscribe', topic: '/robot/pose' });
    await client.sync();
    const pub = graph.createNode('/robot/localization').createPublisher('/robot/pose', 'geometry_msgs/PoseStamped');
    const msg = graph.interfaces.defaults('geometry_msgs/PoseStamped');
    pub.publish(msg);
    expect((await client.next(publishes('/robot/pose'))).msg).toEqual(msg);
  });

  it('fills left-out fields with defaults and a missing header with the graph clock', async () => {
    client.send({ op: 'advertise', topic: '/goal_pose', type: 'geometry_msgs/PoseStamped' });
    client.send({ op: 'subscribe', topic: '/goal_pose' });
    client.send({ op: 'publish', topic: '/goal_pose', msg: { pose: { position: { x: 1.5 } } } });
    const got = (await client.next(publishes('/goal_pose'))).msg as Json;
    expect(got).toEqual({
      header: { stamp: { sec: 100, nanosec: 5 }, frame_id: '' },
      pose: { position: { x: 1.5, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    });
    client.send({ op: 'publish', topic: '/goal_pose', msg: { header: { frame_id: 'L1' } } });
    expect((await client.next(publishes('/goal_pose'))).msg).toMatchObject({ header: { frame_id: 'L1', stamp: { sec: 100, nanosec: 5 } } });
  });

  it('drops and logs a message that does not fit the type, a publish to an unknown topic, a conflicting advertise', async () => {
    client.send({ op: 'advertise', topic: '/chatter', type: 'std_msgs/String' });
    client.send({ op: 'subscribe', topic: '/chatter' });
    client.send({ op: 'publish', topic: '/chatter', msg: { data: 7 } });
    client.send({ op: 'publish', topic: '/chatter', msg: { text: 'x' } });
    client.send({ op: 'publish', topic: '/nobody_here', msg: { data: 'x' } });
    client.send({ op: 'advertise', topic: '/chatter', type: 'std_msgs/Empty' });
    client.send({ op: 'publish', topic: '/chatter', msg: { data: 'fine' } });
    expect((await client.next(publishes('/chatter'))).msg).toEqual({ data: 'fine' });
    expect(client.take(byOp('publish'))).toEqual([]);
    expect(log.has((l) => dropped('msg')(l) && String(l.msg).includes('data: must be string'))).toBe(true);
    expect(log.has((l) => dropped('msg')(l) && String(l.msg).includes('text: is not a field'))).toBe(true);
    expect(log.has((l) => dropped('topic')(l) && String(l.msg).includes('/nobody_here does not exist'))).toBe(true);
    expect(log.has((l) => l.op === 'advertise' && String(l.msg).includes('std_msgs/msg/String, not std_msgs/msg/Empty'))).toBe(true);
    expect(graph.topicType('/chatter')).toBe('std_msgs/msg/String');
  });

  it('publishing without advertising works on an existing topic, as rosbridge registers a publisher', async () => {
    graph.createNode('/listener').createSubscription('/cmd', 'std_msgs/String', () => undefined);
    const got: unknown[] = [];
    graph.createNode('/other').createSubscription('/cmd', undefined, (m) => got.push(m));
    client.send({ op: 'publish', topic: 'cmd', msg: { data: 'go' } });
    await client.sync();
    expect(got).toEqual([{ data: 'go' }]);
    expect(graph.topicPublishers('/cmd')).toEqual(['/rosbridge_websocket']);
  });

  it('sends a message once per client however many subscribe ids it has; unsubscribe by id, then all', async () => {
    const pub = graph.createNode('/talker').createPublisher('/t', 'std_msgs/String');
    client.send({ op: 'subscribe', id: 'a', topic: '/t', type: 'std_msgs/String' });
    client.send({ op: 'subscribe', id: 'b', topic: '/t' });
    await client.sync();
    pub.publish({ data: '1' });
    await client.next(publishes('/t'));
    client.send({ op: 'unsubscribe', id: 'a', topic: '/t' });
    await client.sync();
    pub.publish({ data: '2' });
    expect((await client.next(publishes('/t'))).msg).toEqual({ data: '2' });
    client.send({ op: 'unsubscribe', topic: '/t' });
    await client.sync();
    pub.publish({ data: '3' });
    await client.sync();
    expect(client.take(byOp('publish'))).toEqual([]);
    expect(graph.topicSubscribers('/t')).toEqual([]);
  });

  it('throttle_rate drops messages inside the interval; with queue_length the newest wait their turn', async () => {
    const pub = graph.createNode('/talker').createPublisher('/fast', 'std_msgs/String');
    client.send({ op: 'subscribe', id: 'th', topic: '/fast', type: 'std_msgs/String', throttle_rate: 200 });
    await client.sync();
    for (let i = 0; i < 10; i++) pub.publish({ data: String(i) });
    expect((await client.next(publishes('/fast'))).msg).toEqual({ data: '0' });
    await client.sync();
    expect(client.take(publishes('/fast'))).toEqual([]);
    client.send({ op: 'unsubscribe', topic: '/fast' });
    client.send({ op: 'subscribe', id: 'q', topic: '/fast', type: 'std_msgs/String', throttle_rate: 30, queue_length: 2 });
    await client.sync();
    for (let i = 0; i < 10; i++) pub.publish({ data: String(i) });
    const first = await client.next(publishes('/fast'));
    const second = await client.next(publishes('/fast'));
    const third = await client.next(publishes('/fast'));
    expect([first.msg, second.msg, third.msg]).toEqual([{ data: '0' }, { data: '8' }, { data: '9' }]);
  });

  it('splits long frames into fragments when the subscriber asks for fragment_size', async () => {
    const pub = graph.createNode('/talker').createPublisher('/big', 'std_msgs/String');
    client.send({ op: 'subscribe', topic: '/big', type: 'std_msgs/String', fragment_size: 16 });
    await client.sync();
    pub.publish({ data: 'x'.repeat(40) });
    const first = await client.next(byOp('fragment'));
    const total = first.total as number;
    const parts = [first, ...(await Promise.all(Array.from({ length: total - 1 }, () => client.next(byOp('fragment', { id: first.id })))))];
    const whole = JSON.parse(parts.sort((a, b) => (a.num as number) - (b.num as number)).map((p) => p.data).join('')) as Json;
    expect(whole).toEqual({ op: 'publish', topic: '/big', msg: { data: 'x'.repeat(40) } });
  });

  it('unadvertise by id keeps the publisher until the last id goes; a latched message reaches late subscribers', async () => {
    client.send({ op: 'advertise', id: 'x', topic: '/map', type: 'std_msgs/String', latch: true });
    client.send({ op: 'advertise', id: 'y', topic: '/map', type: 'std_msgs/String' });
    client.send({ op: 'publish', topic: '/map', msg: { data: 'ward' } });
    client.send({ op: 'subscribe', topic: '/map' });
    expect((await client.next(publishes('/map'))).msg).toEqual({ data: 'ward' });
    client.send({ op: 'unadvertise', id: 'x', topic: '/map' });
    await client.sync();
    expect(graph.topicPublishers('/map')).toEqual(['/rosbridge_websocket']);
    client.send({ op: 'unadvertise', id: 'y', topic: '/map' });
    await client.sync();
    expect(graph.topicPublishers('/map')).toEqual([]);
  });
});

describe('frame observers', () => {
  it('see each decoded frame with its client number, before it is handled, until removed', async () => {
    const seen: { op: string; client: number; topicKnown: boolean }[] = [];
    const stop = server.observeFrames((frame, c) => seen.push({ op: frame.op, client: c, topicKnown: graph.topicType('/obs') !== undefined }));
    client.send({ op: 'advertise', topic: '/obs', type: 'std_msgs/String' });
    await client.sync();
    stop();
    client.send({ op: 'unadvertise', topic: '/obs' });
    await client.sync();
    expect(seen.filter((s) => s.op === 'advertise')).toEqual([{ op: 'advertise', client: expect.any(Number), topicKnown: false }]);
    expect(seen.some((s) => s.op === 'unadvertise')).toBe(false);
  });
});
