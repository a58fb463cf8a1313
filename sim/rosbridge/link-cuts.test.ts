// A robot's link cut at the rosbridge server: its names vanish from rosapi, its topics stop reaching
// clients, and calls, goals, cancels and publishes to it are lost (no answer, as on a dead link); a
// goal's result that comes while cut is lost too. Lifting the cut lets everything through again,
// and the robot's nodes on the graph never noticed.
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type { RosGraph } from './graph.js';
import type { RosbridgeServer } from './server.js';
import {
  byOp, startScriptedActionServer, startTestServer, stopTestServer, waitFor, type Json, type RawClient,
} from './test-support.js';

let graph: RosGraph;
let server: RosbridgeServer;
let client: RawClient;

beforeEach(async () => {
  ({ graph, server, client } = await startTestServer());
});
afterEach(() => stopTestServer({ client, server }));

const wallMs = (ms: number) => new Promise((r) => setTimeout(r, ms));
const silent = async (pred: (f: Json) => boolean, ms = 150): Promise<boolean> => {
  await wallMs(ms);
  return client.take(pred).length === 0;
};

describe('LinkCuts at the rosbridge server', () => {
  it('hides a cut robot from rosapi and stops its topics, while the graph still carries them', async () => {
    const robot = graph.createNode('/robot_1/pose_publisher');
    const pose = robot.createPublisher('/robot_1/status', 'std_msgs/msg/String');
    const other = graph.createNode('/robot_2/pose_publisher').createPublisher('/robot_2/status', 'std_msgs/msg/String');
    const heardInProcess: unknown[] = [];
    graph.createNode('/listener').createSubscription('/robot_1/status', 'std_msgs/msg/String', (m) => heardInProcess.push(m));
    client.send({ op: 'subscribe', topic: '/robot_1/status', type: 'std_msgs/msg/String' });
    client.send({ op: 'subscribe', topic: '/robot_2/status', type: 'std_msgs/msg/String' });
    await waitFor(() => graph.topicSubscribers('/robot_2/status').length > 0);

    const cut = server.linkCuts.cut('robot_1');
    pose.publish({ data: 'lost' });
    other.publish({ data: 'heard' });
    expect(await client.next(byOp('publish', { topic: '/robot_2/status' }))).toMatchObject({ msg: { data: 'heard' } });
    expect(await silent(byOp('publish', { topic: '/robot_1/status' }))).toBe(true);
    expect(heardInProcess).toEqual([{ data: 'lost' }]);

    client.send({ op: 'call_service', id: 't', service: '/rosapi/topics' });
    const { topics } = (await client.next(byOp('service_response', { id: 't' }))).values as { topics: string[] };
    expect(topics).toEqual(['/robot_2/status']);
    client.send({ op: 'call_service', id: 'n', service: '/rosapi/nodes' });
    expect(((await client.next(byOp('service_response', { id: 'n' }))).values as { nodes: string[] }).nodes).not.toContain('/robot_1/pose_publisher');

    expect(server.linkCuts.restore(cut)).toBe(true);
    expect(server.linkCuts.restore(cut)).toBe(false);
    pose.publish({ data: 'back' });
    expect(await client.next(byOp('publish', { topic: '/robot_1/status' }))).toMatchObject({ msg: { data: 'back' } });
  });

  it('loses calls, goals and their results while cut, and answers again once restored', async () => {
    graph.createNode('/robot_1/srv').createService('/robot_1/ping', 'std_srvs/srv/Trigger', () => ({ success: true, message: 'pong' }));
    const { held } = startScriptedActionServer(graph, '/robot_1/navigate_to_place');
    client.send({ op: 'send_action_goal', id: 'before', action: '/robot_1/navigate_to_place', action_type: 'ward_interfaces/action/NavigateToPlace', args: { place_name: 'hold' } });
    await waitFor(() => held.length === 1);

    const cut = server.linkCuts.cut('/robot_1');
    client.send({ op: 'call_service', id: 'p1', service: '/robot_1/ping' });
    client.send({ op: 'send_action_goal', id: 'during', action: '/robot_1/navigate_to_place', action_type: 'ward_interfaces/action/NavigateToPlace', args: { place_name: 'hold' } });
    client.send({ op: 'cancel_action_goal', id: 'before', action: '/robot_1/navigate_to_place' });
    client.send({ op: 'publish', topic: '/robot_1/ping_topic', msg: {} });
    // The robot finishes the goal sent before the cut; its result never crosses.
    held[0]!.succeed({ success: true, message: 'done' });
    expect(await silent((f) => f.id === 'p1' || f.id === 'during' || f.id === 'before', 200)).toBe(true);
    expect(held).toHaveLength(1);

    server.linkCuts.restore(cut);
    client.send({ op: 'call_service', id: 'p2', service: '/robot_1/ping' });
    expect(await client.next(byOp('service_response', { id: 'p2' }))).toMatchObject({ result: true, values: { success: true, message: 'pong' } });
    expect(server.linkCuts.namespaces()).toEqual([]);
  });
});
