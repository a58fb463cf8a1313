// The rosbridge link against a scripted rosbridge peer plugged in through roslib's transport seam:
// frames go through the real roslib Ros/Topic/Action code, only the socket is replaced.
import { describe, it, expect, afterEach } from '@jest/globals';
import { until } from '../../test/until.js';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { ACTION_TYPES, robotNames } from '../../robot/index.js';
import { RosbridgeLink } from './rosbridge-link.js';
import type { ITransport } from 'roslib';

/** A rosbridge frame as roslib hands it to a transport. */
type RosbridgeFrame = Parameters<ITransport['send']>[0];

class ScriptedPeer extends EventEmitter implements ITransport {
  readonly sent: RosbridgeFrame[] = [];
  closed = false;
  constructor(private readonly topics: { topics: string[]; types: string[] }) {
    super();
    setImmediate(() => this.emit('open', {}));
  }
  send(frame: RosbridgeFrame): void {
    this.sent.push(frame);
    if (frame.op === 'call_service' && frame.service === 'rosapi/topics') {
      setImmediate(() => this.deliver({ op: 'service_response', id: frame.id, service: frame.service, result: true, values: this.topics }));
    }
  }
  deliver(frame: RosbridgeFrame): void {
    this.emit('message', frame);
  }
  drop(): void {
    this.closed = true;
    this.emit('close', {});
  }
  close(): void {
    if (!this.closed) this.drop();
  }
  isConnecting() { return false; }
  isOpen() { return !this.closed; }
  isClosing() { return false; }
  isClosed() { return this.closed; }
}

const TOPICS = {
  topics: ['/robot_1/status', '/robot_1/pose', '/robot_2/status', '/rosout', '/robot_3/status'],
  types: ['ward_interfaces/msg/RobotStatus', 'geometry_msgs/msg/PoseStamped', 'ward_interfaces/RobotStatus', 'rcl_interfaces/msg/Log', 'std_msgs/msg/String'],
};
const pose = (x: number) => ({
  header: { stamp: { sec: 1, nanosec: 0 }, frame_id: 'L1' },
  pose: { position: { x, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
});

describe('RosbridgeLink', () => {
  const peers: ScriptedPeer[] = [];
  let link: RosbridgeLink | null = null;
  afterEach(async () => {
    await link?.close();
    link = null;
    peers.length = 0;
  });

  function start(): RosbridgeLink {
    link = new RosbridgeLink({
      url: 'ws://robots.test:9090',
      logger: pino({ enabled: false }),
      reconnectBaseMs: 10,
      transportFactory: async () => {
        const peer = new ScriptedPeer(TOPICS);
        peers.push(peer);
        return peer;
      },
    });
    link.start();
    return link;
  }
  const peer = () => peers[peers.length - 1]!;
  const goalFrame = () => peer().sent.filter((f) => f.op === 'send_action_goal').at(-1)!;

  it('discovers robots by their RobotStatus topic and passes on only valid messages', async () => {
    const l = start();
    const added: string[] = [];
    const poses: number[] = [];
    l.on('robot_added', (r) => added.push(r));
    l.on('pose', (_r, p) => poses.push(p.pose.position.x));
    await until('discovery', () => added.length === 2, 2_000);
    expect(l.connected).toBe(true);
    expect(added).toEqual(['robot_1', 'robot_2']);
    const subscribed = peer().sent.filter((f) => f.op === 'subscribe').map((f) => `${String(f.topic)} ${String(f.type)}`);
    expect(subscribed).toEqual(expect.arrayContaining([
      '/robot_1/pose geometry_msgs/msg/PoseStamped', '/robot_1/battery_state sensor_msgs/msg/BatteryState', '/robot_2/status ward_interfaces/msg/RobotStatus',
    ]));
    peer().deliver({ op: 'publish', topic: '/robot_1/pose', msg: pose(3) });
    peer().deliver({ op: 'publish', topic: '/robot_1/pose', msg: { header: {}, pose: 'nowhere' } });
    peer().deliver({ op: 'publish', topic: '/robot_1/pose', msg: pose(4) });
    expect(poses).toEqual([3, 4]);
  });

  it('sends a goal, follows its feedback and resolves on success', async () => {
    const l = start();
    await until('discovery', () => l.robots().length === 2, 2_000);
    const feedback: number[] = [];
    const handle = l.sendGoal('robot_1', robotNames('robot_1').navigateToPlace, ACTION_TYPES.navigateToPlace,
      { place_name: 'bed_1', max_speed: 0 }, { onFeedback: (fb) => feedback.push(fb.distance_remaining) });
    const frame = goalFrame();
    expect(frame).toMatchObject({ action: '/robot_1/navigate_to_place', action_type: 'ward_interfaces/action/NavigateToPlace', args: { place_name: 'bed_1' } });
    expect(frame.id).toBe(handle.id);
    const fb = { current_pose: pose(1), distance_remaining: 5.5, estimated_time_remaining: { sec: 9, nanosec: 0 }, navigation_time: { sec: 1, nanosec: 0 } };
    peer().deliver({ op: 'action_feedback', id: handle.id, action: frame.action, values: fb });
    peer().deliver({ op: 'action_feedback', id: handle.id, action: frame.action, values: { distance_remaining: 'far' } });
    peer().deliver({ op: 'action_result', id: handle.id, action: frame.action, status: 4, result: true, values: { success: true, error_code: 0, message: '' } });
    await expect(handle.result).resolves.toEqual({ status: 'succeeded', result: { success: true, error_code: 0, message: '' } });
    expect(feedback).toEqual([5.5]);
  });

  it('reports aborts with the robot result, rejections with their text, and cancels on request', async () => {
    const l = start();
    await until('connection', () => l.connected, 2_000);
    const send = () => l.sendGoal('robot_1', '/robot_1/navigate_to_place', ACTION_TYPES.navigateToPlace, { place_name: 'bed_2', max_speed: 0 });

    const aborted = send();
    peer().deliver({ op: 'action_result', id: aborted.id, action: '/robot_1/navigate_to_place', status: 6, result: true, values: { success: false, error_code: 2, message: 'no lane reaches bed_2' } });
    await expect(aborted.result).resolves.toEqual({
      status: 'aborted', result: { success: false, error_code: 2, message: 'no lane reaches bed_2' }, message: 'no lane reaches bed_2',
    });

    const rejected = send();
    peer().deliver({ op: 'action_result', id: rejected.id, action: '/robot_1/navigate_to_place', status: 0, result: false, values: 'Action goal was rejected' });
    await expect(rejected.result).resolves.toEqual({ status: 'rejected', message: 'Action goal was rejected' });

    const canceled = send();
    canceled.cancel();
    expect(peer().sent.at(-1)).toEqual({ op: 'cancel_action_goal', id: canceled.id, action: '/robot_1/navigate_to_place' });
    peer().deliver({ op: 'action_result', id: canceled.id, action: '/robot_1/navigate_to_place', status: 5, result: true, values: { success: false, error_code: 4, message: 'canceled' } });
    await expect(canceled.result).resolves.toMatchObject({ status: 'canceled', message: 'canceled' });
  });

  it('subscribes to a topic on request, passes on valid messages until unsubscribed, and refuses while down', async () => {
    const l = start();
    // After discovery, so that the last subscribe frame to the pose topic is this one.
    await until('discovery', () => l.robots().length === 2, 2_000);
    const xs: number[] = [];
    const stop = l.subscribe('/robot_1/pose', 'geometry_msgs/msg/PoseStamped', (m) => xs.push(m.pose.position.x));
    const sub = peer().sent.filter((f) => f.op === 'subscribe' && f.topic === '/robot_1/pose').at(-1) as { id: string; type: string };
    expect(sub.type).toBe('geometry_msgs/msg/PoseStamped');
    peer().deliver({ op: 'publish', topic: '/robot_1/pose', msg: pose(7) });
    peer().deliver({ op: 'publish', topic: '/robot_1/pose', msg: { pose: 'nowhere' } });
    stop();
    stop();
    peer().deliver({ op: 'publish', topic: '/robot_1/pose', msg: pose(8) });
    expect(xs).toEqual([7]);
    expect(peer().sent.filter((f) => f.op === 'unsubscribe' && 'id' in f && f.id === sub.id)).toHaveLength(1);
    peer().drop();
    expect(() => l.subscribe('/robot_1/pose', 'geometry_msgs/msg/PoseStamped', () => undefined)).toThrow('robot link to ws://robots.test:9090 is down');
  });

  it('publishes a checked message, advertising the topic once per connection, and refuses a bad one or a down link', async () => {
    const l = start();
    await until('discovery', () => l.robots().length === 2, 2_000);
    const topic = robotNames('robot_1').patientSpeech;
    const utterance = (text: string) => ({
      header: { stamp: { sec: 5, nanosec: 0 }, frame_id: 'robot_1/screen' }, text, language: 'en', confidence: 1, source: 'touch',
    });
    l.publish(topic, 'ward_interfaces/msg/Utterance', utterance('7'));
    l.publish(topic, 'ward_interfaces/msg/Utterance', utterance('yes'));
    const frames = peer().sent.filter((f) => 'topic' in f && f.topic === topic);
    expect(frames.map((f) => f.op)).toEqual(['advertise', 'publish', 'publish']);
    expect((frames[0] as { type: string }).type).toBe('ward_interfaces/msg/Utterance');
    expect((frames[1] as { msg: { text: string; source: string } }).msg).toMatchObject({ text: '7', source: 'touch' });
    expect(() => l.publish(topic, 'ward_interfaces/msg/Utterance', { ...utterance('x'), confidence: 'sure' } as never)).toThrow(/confidence/);
    expect(() => l.publish(topic, 'ward_interfaces/msg/Utterance', { text: 'x' } as never)).toThrow(/not a ward_interfaces\/msg\/Utterance/);
    expect(() => l.publish(topic, 'std_msgs/msg/String' as never, { data: 'x' } as never)).toThrow(/advertised as ward_interfaces/);
    expect(peer().sent.filter((f) => 'topic' in f && f.topic === topic)).toHaveLength(3);
    const first = peer();
    first.drop();
    expect(() => l.publish(topic, 'ward_interfaces/msg/Utterance', utterance('no'))).toThrow('robot link to ws://robots.test:9090 is down');
    await until('reconnect', () => peers.length === 2 && l.connected, 2_000);
    l.publish(topic, 'ward_interfaces/msg/Utterance', utterance('no'));
    expect(peer().sent.filter((f) => 'topic' in f && f.topic === topic).map((f) => f.op)).toEqual(['advertise', 'publish']);
  });

  it('on a dropped socket ends goals as lost, forgets robots, then reconnects and rediscovers', async () => {
    const l = start();
    await until('discovery', () => l.robots().length === 2, 2_000);
    const events: string[] = [];
    l.on('link', (up) => events.push(up ? 'up' : 'down'));
    l.on('robot_removed', (r) => events.push(`-${r}`));
    l.on('robot_added', (r) => events.push(`+${r}`));
    const handle = l.sendGoal('robot_1', '/robot_1/navigate_to_place', ACTION_TYPES.navigateToPlace, { place_name: 'bed_3', max_speed: 0 });
    const first = peer();
    first.drop();
    await expect(handle.result).resolves.toMatchObject({ status: 'lost' });
    expect(l.connected).toBe(false);
    expect(l.robots()).toEqual([]);
    const whileDown = l.sendGoal('robot_1', '/robot_1/navigate_to_place', ACTION_TYPES.navigateToPlace, { place_name: 'bed_3', max_speed: 0 });
    await expect(whileDown.result).resolves.toMatchObject({ status: 'lost', message: 'robot link to ws://robots.test:9090 is down' });

    await until('rediscovery', () => l.robots().length === 2, 2_000);
    expect(peers.length).toBe(2);
    expect(events).toEqual(['down', '-robot_1', '-robot_2', 'up', '+robot_1', '+robot_2']);
    // Nothing queued on the dead connection was replayed on the new one.
    expect(peer().sent.some((f) => f.op === 'send_action_goal')).toBe(false);
  });
});
