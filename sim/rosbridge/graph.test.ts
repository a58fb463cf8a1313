import { describe, it, expect } from '@jest/globals';
import { GoalStatus } from '../../robot/index.js';
import { RosGraph } from './graph.js';
import { GraphError } from './names.js';
import { captureLog, startScriptedActionServer } from './test-support.js';
import type { GoalOutcome } from './action.js';

const newGraph = () => new RosGraph({ logger: captureLog().logger, clock: () => ({ sec: 42, nanosec: 7 }) });
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('topics of the in-process graph', () => {
  it('delivers to every subscriber, in-process ones get the very object published', () => {
    const g = newGraph();
    const a = g.createNode('/a');
    const pub = a.createPublisher('/chatter', 'std_msgs/String');
    const got: unknown[] = [];
    a.createSubscription('chatter', 'std_msgs/msg/String', (m) => got.push(m));
    const msg = { data: 'hi' };
    pub.publish(msg);
    expect(got).toEqual([msg]);
    expect(got[0]).toBe(msg);
    expect(g.topicNamesAndTypes()).toEqual([{ name: '/chatter', type: 'std_msgs/msg/String' }]);
  });

  it('serialises a message once, however many clients receive it', () => {
    const g = newGraph();
    const n = g.createNode('/n');
    const frames: Buffer[] = [];
    for (let i = 0; i < 3; i++) n.createSubscription('/x', 'std_msgs/String', (_m, s) => frames.push(s.publishFrame('/x')));
    n.createPublisher('/x', 'std_msgs/String').publish({ data: 'é' });
    expect(frames).toHaveLength(3);
    expect(frames[1]).toBe(frames[0]);
    expect(JSON.parse(frames[0]!.toString('utf8'))).toEqual({ op: 'publish', topic: '/x', msg: { data: 'é' } });
  });

  it('a subscription made before anyone publishes gets messages once the topic appears', () => {
    const g = newGraph();
    const n = g.createNode('/n');
    const got: unknown[] = [];
    const untyped = n.createSubscription('/later', undefined, (m) => got.push(m));
    expect(untyped.type).toBeUndefined();
    expect(g.topicNamesAndTypes()).toEqual([]);
    n.createPublisher('/later', 'std_msgs/String').publish({ data: 'now' });
    expect(untyped.type).toBe('std_msgs/msg/String');
    expect(got).toEqual([{ data: 'now' }]);
  });

  it('refuses a second type on a topic and names both', () => {
    const g = newGraph();
    const n = g.createNode('/n');
    n.createPublisher('/t', 'std_msgs/String');
    expect(() => n.createPublisher('/t', 'std_msgs/Empty')).toThrow(GraphError);
    expect(() => n.createSubscription('/t', 'std_msgs/Empty', () => undefined)).toThrow(/std_msgs\/msg\/String, not std_msgs\/msg\/Empty/);
    expect(() => n.createPublisher('bad name!', 'std_msgs/String')).toThrow(/not a valid ROS name/);
    expect(() => n.createPublisher('/u', 'nonsense')).toThrow(/not a valid ROS msg type/);
  });

  it('a topic disappears with its last endpoint; a node takes its endpoints with it', () => {
    const g = newGraph();
    const n = g.createNode('/n');
    const pub = n.createPublisher('/t', 'std_msgs/String');
    n.createSubscription('/t', undefined, () => undefined);
    pub.destroy();
    expect(g.topicNamesAndTypes()).toHaveLength(1);
    n.destroy();
    expect(g.topicNamesAndTypes()).toEqual([]);
    expect(g.nodeNames()).toEqual([]);
  });

  it('a latching publisher hands its last message to later subscribers', async () => {
    const g = newGraph();
    const n = g.createNode('/n');
    n.createPublisher('/map', 'std_msgs/String', { latch: true }).publish({ data: 'v2' });
    const got: unknown[] = [];
    n.createSubscription('/map', 'std_msgs/String', (m) => got.push(m));
    expect(got).toEqual([]);
    await tick();
    expect(got).toEqual([{ data: 'v2' }]);
  });

  it('a throwing subscriber does not keep the message from the others', () => {
    const g = newGraph();
    const n = g.createNode('/n');
    const got: unknown[] = [];
    n.createSubscription('/t', 'std_msgs/String', () => { throw new Error('boom'); });
    n.createSubscription('/t', 'std_msgs/String', (m) => got.push(m));
    n.createPublisher('/t', 'std_msgs/String').publish({ data: 'x' });
    expect(got).toHaveLength(1);
  });
});

describe('services of the in-process graph', () => {
  it('completes the request, answers, and reports failures as values', async () => {
    const g = newGraph();
    const n = g.createNode('/n');
    n.createService('/echo', 'example_interfaces/srv/Echo', (req) => ({ echoed: req }));
    n.createService('/broken', 'example_interfaces/srv/Broken', () => { throw new Error('it broke'); });
    expect(await g.callService('echo', { a: 1 })).toEqual({ ok: true, values: { echoed: { a: 1 } } });
    expect(await g.callService('/broken', {})).toEqual({ ok: false, error: 'it broke' });
    expect(await g.callService('/missing', {})).toEqual({ ok: false, error: 'Service /missing does not exist' });
    expect(() => n.createService('/echo', 'example_interfaces/srv/Echo', () => ({}))).toThrow(/already served by node \/n/);
  });
});

describe('actions of the in-process graph', () => {
  const run = (g: RosGraph, place: string, cancelAfterMs?: number) => new Promise<{ outcome: GoalOutcome; feedback: unknown[] }>((resolve) => {
    const feedback: unknown[] = [];
    const goal = g.sendGoal('/test/navigate_to_place', { place_name: place }, {
      onFeedback: (fb) => feedback.push(fb),
      onResult: (outcome) => resolve({ outcome, feedback }),
    });
    if (cancelAfterMs !== undefined) setTimeout(() => goal.cancel(), cancelAfterMs);
  });

  it('runs a goal to success with completed feedback and result', async () => {
    const g = newGraph();
    startScriptedActionServer(g);
    const { outcome, feedback } = await run(g, 'bed_1');
    expect(outcome).toEqual({ status: GoalStatus.SUCCEEDED, result: { success: true, error_code: 0, message: 'reached bed_1' } });
    expect(feedback).toHaveLength(2);
    expect(feedback[0]).toMatchObject({ distance_remaining: 2, current_pose: { header: { frame_id: '' } } });
  });

  it('rejects, aborts and cancels with the matching status', async () => {
    const g = newGraph();
    startScriptedActionServer(g);
    expect((await run(g, 'reject')).outcome).toEqual({ status: 0, error: 'Action goal was rejected' });
    expect((await run(g, 'abort')).outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { error_code: 3 } });
    expect((await run(g, 'hold', 10)).outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { error_code: 4 } });
  });

  it('fails a goal that is invalid, of the wrong type, or sent to nobody, naming why', async () => {
    const g = newGraph();
    startScriptedActionServer(g);
    const outcomes: GoalOutcome[] = [];
    const client = { onResult: (o: GoalOutcome) => outcomes.push(o) };
    g.sendGoal('/test/navigate_to_place', { place_name: 5 }, client);
    g.sendGoal('/test/navigate_to_place', { place_name: 'x', drawer: 1 }, client);
    g.sendGoal('/test/navigate_to_place', {}, client, { type: 'nav2_msgs/action/NavigateToPose' });
    g.sendGoal('/nobody', {}, client);
    expect(outcomes).toEqual([
      { status: 0, error: expect.stringContaining('place_name: must be string') },
      { status: 0, error: expect.stringContaining('drawer: is not a field of this message') },
      { status: 0, error: expect.stringContaining('has type ward_interfaces/action/NavigateToPlace, not nav2_msgs/action/NavigateToPose') },
      { status: 0, error: 'No action server is serving /nobody' },
    ]);
  });

  it('the hidden <action>/_action/cancel_goal service cancels one goal by its UUID, or all of them', async () => {
    let now = 10;
    const g = new RosGraph({ logger: captureLog().logger, clock: () => ({ sec: now, nanosec: 0 }) });
    const { held } = startScriptedActionServer(g);
    const outcomes: GoalOutcome[] = [];
    const ids = [0, 1, 2].map(() => {
      now += 1;
      return g.sendGoal('/test/navigate_to_place', { place_name: 'hold' }, { onResult: (o) => outcomes.push(o) }).id;
    });
    expect(held).toHaveLength(3);
    const uuid = [...Buffer.from(ids[1]!.replace(/-/g, ''), 'hex')];
    const one = await g.callService('/test/navigate_to_place/_action/cancel_goal', { goal_info: { goal_id: { uuid } } });
    expect(one).toEqual({ ok: true, values: { return_code: 0, goals_canceling: [{ goal_id: { uuid }, stamp: { sec: 12, nanosec: 0 } }] } });
    const unknown = await g.callService('/test/navigate_to_place/_action/cancel_goal', { goal_info: { goal_id: { uuid: Buffer.alloc(16, 7).toString('base64') } } });
    expect(unknown).toMatchObject({ ok: true, values: { return_code: 2 } });
    const early = await g.callService('test/navigate_to_place/_action/cancel_goal', { goal_info: { stamp: { sec: 11, nanosec: 0 } } });
    expect((early as { values: { goals_canceling: unknown[] } }).values.goals_canceling).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(held.map((h) => h.status)).toEqual([GoalStatus.CANCELED, GoalStatus.CANCELED, GoalStatus.EXECUTING]);
    const all = await g.callService('/test/navigate_to_place/_action/cancel_goal', {});
    expect(all).toMatchObject({ ok: true, values: { return_code: 0 } });
    await new Promise((r) => setTimeout(r, 20));
    expect(outcomes.map((o) => o.status)).toEqual([GoalStatus.CANCELED, GoalStatus.CANCELED, GoalStatus.CANCELED]);
    expect(await g.callService('/test/navigate_to_place/_action/cancel_goal', {})).toMatchObject({ values: { return_code: 1 } });
  });

  it('aborts running goals when their server goes away', async () => {
    const g = newGraph();
    const { node, held } = startScriptedActionServer(g);
    const pending = run(g, 'hold');
    await tick();
    expect(held).toHaveLength(1);
    node.destroy();
    expect((await pending).outcome.status).toBe(GoalStatus.ABORTED);
    expect(g.actionNamesAndTypes()).toEqual([]);
  });
});
