import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { GoalStatus } from '../../robot/index.js';
import type { GoalOutcome } from './action.js';
import type { RosGraph } from './graph.js';
import type { RosbridgeServer } from './server.js';
import { byOp, RawClient, startScriptedActionServer, waitFor, type CapturedLog, type Json, startTestServer, stopTestServer } from './test-support.js';

let log: CapturedLog;
let graph: RosGraph;
let server: RosbridgeServer;
let client: RawClient;
let held: ReturnType<typeof startScriptedActionServer>['held'];

const ACTION = '/test/navigate_to_place';
const TYPE = 'ward_interfaces/action/NavigateToPlace';

beforeEach(async () => {
  ({ log, graph, server, client } = await startTestServer({ prepare: (g) => { held = startScriptedActionServer(g, ACTION).held; } }));
});
afterEach(() => stopTestServer({ client, server }));

const goal = (id: string, place: unknown, extra: Json = {}): Json =>
  ({ op: 'send_action_goal', id, action: ACTION, action_type: TYPE, args: { place_name: place }, feedback: true, ...extra });
const resultOf = (id: string) => client.next(byOp('action_result', { id }));

describe('send_action_goal to an in-process action server', () => {
  it('streams feedback, then the result with status 4', async () => {
    client.send(goal('g1', 'bed_1'));
    const fb = await client.next(byOp('action_feedback', { id: 'g1' }));
    expect(fb).toMatchObject({ op: 'action_feedback', id: 'g1', action: ACTION, values: { distance_remaining: 2 } });
    expect(await resultOf('g1')).toEqual({
      op: 'action_result', id: 'g1', action: ACTION, status: GoalStatus.SUCCEEDED, result: true,
      values: { success: true, error_code: 0, message: 'reached bed_1' },
    });
    expect(client.take(byOp('action_feedback'))).toHaveLength(1);
  });

  it('sends no feedback unless asked for it', async () => {
    client.send(goal('quiet', 'bed_1', { feedback: false }));
    await resultOf('quiet');
    expect(client.take(byOp('action_feedback'))).toEqual([]);
  });

  it('cancel ends with status 5, abort with status 6, both with result true', async () => {
    client.send(goal('hold', 'hold'));
    await waitFor(() => held.length === 1);
    client.send({ op: 'cancel_action_goal', id: 'hold', action: ACTION });
    expect(await resultOf('hold')).toMatchObject({ status: GoalStatus.CANCELED, result: true, values: { error_code: 4 } });
    client.send(goal('ab', 'abort'));
    expect(await resultOf('ab')).toMatchObject({ status: GoalStatus.ABORTED, result: true, values: { error_code: 3, message: 'blocked' } });
  });

  it('a rejected goal answers result false, status 0, "Action goal was rejected"', async () => {
    client.send(goal('r', 'reject'));
    expect(await resultOf('r')).toEqual({ op: 'action_result', id: 'r', action: ACTION, status: 0, result: false, values: 'Action goal was rejected' });
  });

  it('a goal that fails validation, names a wrong type or an unserved action is answered with the reason', async () => {
    client.send(goal('bad', 12));
    expect(await resultOf('bad')).toMatchObject({ status: 0, result: false, values: expect.stringContaining('place_name: must be string') });
    client.send(goal('typ', 'bed_1', { action_type: 'nav2_msgs/action/NavigateToPose' }));
    expect((await resultOf('typ')).values).toMatch(/has type ward_interfaces\/action\/NavigateToPlace/);
    client.send(goal('none', 'bed_1', { action: '/robot_9/navigate_to_place' }));
    expect(await resultOf('none')).toMatchObject({ result: false, action: '/robot_9/navigate_to_place', values: 'No action server is serving /robot_9/navigate_to_place' });
    client.send({ op: 'send_action_goal', id: 'noaction', args: {} });
    expect(await resultOf('noaction')).toMatchObject({ result: false, values: 'send_action_goal: field "action" must be a string' });
  });

  it('a client that disconnects has its running goals canceled', async () => {
    client.send(goal('left', 'hold'));
    await waitFor(() => held.length === 1);
    await client.close();
    await waitFor(() => held[0]!.status === GoalStatus.CANCELED);
  });

  it('cancel of an unknown goal is logged and the client is still served', async () => {
    client.send({ op: 'cancel_action_goal', id: 'ghost', action: ACTION });
    client.send(goal('after', 'bed_2'));
    expect((await resultOf('after')).status).toBe(GoalStatus.SUCCEEDED);
    expect(log.has((l) => l.field === 'id' && String(l.msg).includes('no running goal ghost'))).toBe(true);
  });
});

describe('actions served by a client (advertise_action)', () => {
  const advertise = async (c: RawClient, action = 'fib', type = 'example_interfaces/action/Fibonacci') => {
    c.send({ op: 'advertise_action', action, type });
    await c.sync();
  };

  it('forwards goals and cancels to the advertiser and relays its feedback and results', async () => {
    await advertise(client);
    expect(graph.actionNamesAndTypes()).toContainEqual({ name: '/fib', type: 'example_interfaces/action/Fibonacci' });
    const user = await RawClient.connect(server.url);
    user.send({ op: 'send_action_goal', id: 'u1', action: '/fib', action_type: 'example_interfaces/action/Fibonacci', args: { order: 3 }, feedback: true });
    const forwarded = await client.next(byOp('send_action_goal'));
    expect(forwarded).toEqual({ op: 'send_action_goal', action: 'fib', id: expect.any(String), args: { order: 3 } });
    client.send({ op: 'action_feedback', id: forwarded.id, action: 'fib', values: { partial_sequence: [0, 1] } });
    expect(await user.next(byOp('action_feedback', { id: 'u1' }))).toMatchObject({ values: { partial_sequence: [0, 1] } });
    client.send({ op: 'action_result', id: forwarded.id, action: 'fib', values: { sequence: [0, 1, 1] }, status: 4, result: true });
    expect(await user.next(byOp('action_result', { id: 'u1' }))).toEqual({
      op: 'action_result', id: 'u1', action: '/fib', values: { sequence: [0, 1, 1] }, status: 4, result: true,
    });

    user.send({ op: 'send_action_goal', id: 'u2', action: '/fib', action_type: 'example_interfaces/action/Fibonacci', args: { order: 9 } });
    const second = await client.next(byOp('send_action_goal'));
    user.send({ op: 'cancel_action_goal', id: 'u2', action: '/fib' });
    expect(await client.next(byOp('cancel_action_goal'))).toEqual({ op: 'cancel_action_goal', action: 'fib', id: second.id });
    client.send({ op: 'action_result', id: second.id, action: 'fib', values: { sequence: [] }, status: 5, result: true });
    expect(await user.next(byOp('action_result', { id: 'u2' }))).toMatchObject({ status: 5, result: true });

    // roslib's setFailed sends status 6 with result false and no values.
    user.send({ op: 'send_action_goal', id: 'u3', action: '/fib', args: {} });
    const third = await client.next(byOp('send_action_goal'));
    client.send({ op: 'action_result', id: third.id, action: 'fib', status: 6, result: false });
    expect(await user.next(byOp('action_result', { id: 'u3' }))).toMatchObject({ status: 6, result: true, values: {} });
    await user.close();
  });

  it('goals in flight end aborted when the advertiser disconnects or unadvertises', async () => {
    await advertise(client, '/ward/drawer', TYPE);
    const user = await RawClient.connect(server.url);
    user.send({ op: 'send_action_goal', id: 'd1', action: '/ward/drawer', action_type: TYPE, args: { place_name: 'x' } });
    await client.next(byOp('send_action_goal'));
    client.send({ op: 'unadvertise_action', action: '/ward/drawer' });
    expect(await user.next(byOp('action_result', { id: 'd1' }))).toMatchObject({ status: 6, result: true, values: { success: false, error_code: 0, message: '' } });

    await advertise(client, '/ward/drawer', TYPE);
    const outcome = new Promise<GoalOutcome>((resolve) => graph.sendGoal('/ward/drawer', { place_name: 'y' }, { onResult: resolve }));
    await client.next(byOp('send_action_goal'));
    server.dropClients();
    expect((await outcome).status).toBe(GoalStatus.ABORTED);
    expect(graph.actionServer('/ward/drawer')).toBeUndefined();
    await user.close();
  });

  it('an invalid result from the advertiser still ends the goal (aborted) and is logged', async () => {
    await advertise(client, '/nav', TYPE);
    const outcome = new Promise<GoalOutcome>((resolve) => graph.sendGoal('/nav', { place_name: 'y' }, { onResult: resolve }));
    const fwd = await client.next(byOp('send_action_goal'));
    client.send({ op: 'action_feedback', id: fwd.id, action: '/nav', values: { distance_remaining: 'far' } });
    client.send({ op: 'action_result', id: fwd.id, action: '/nav', values: { success: 'yes' }, status: 4, result: true });
    expect((await outcome).status).toBe(GoalStatus.ABORTED);
    expect(log.has((l) => l.field === 'values' && String(l.msg).includes('action_feedback dropped'))).toBe(true);
    expect(log.has((l) => l.field === 'values' && String(l.error).includes('success: must be boolean'))).toBe(true);
  });
});
