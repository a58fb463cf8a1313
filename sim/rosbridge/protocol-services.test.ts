import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type { RosGraph } from './graph.js';
import type { RosbridgeServer } from './server.js';
import { byOp, RawClient, waitFor, type CapturedLog, type Json, startTestServer, stopTestServer } from './test-support.js';

let log: CapturedLog;
let graph: RosGraph;
let server: RosbridgeServer;
let client: RawClient;

beforeEach(async () => {
  ({ log, graph, server, client } = await startTestServer({ clock: () => ({ sec: 12, nanosec: 0 }) }));
});
afterEach(() => stopTestServer({ client, server }));

const call = async (c: RawClient, frame: Json): Promise<Json> => {
  const id = `c:${Math.random()}`;
  c.send({ op: 'call_service', id, ...frame });
  return c.next(byOp('service_response', { id }));
};

describe('call_service', () => {
  it('answers rosapi with and without the leading slash, with the service name echoed', async () => {
    graph.createNode('/robot_1/ward_skill_server').createPublisher('/robot_1/status', 'ward_interfaces/msg/RobotStatus');
    expect(await call(client, { service: 'rosapi/topics' })).toMatchObject({
      op: 'service_response', service: 'rosapi/topics', result: true,
      values: { topics: ['/robot_1/status'], types: ['ward_interfaces/msg/RobotStatus'] },
    });
    const nodes = await call(client, { service: '/rosapi/nodes', args: {} });
    expect(nodes.values).toEqual({ nodes: ['/robot_1/ward_skill_server', '/rosapi', '/rosbridge_websocket'] });
    expect(((await call(client, { service: 'rosapi/services' })).values as { services: string[] }).services).toContain('/rosapi/topic_type');
    expect((await call(client, { service: '/rosapi/topic_type', args: { topic: '/robot_1/status' } })).values).toEqual({ type: 'ward_interfaces/msg/RobotStatus' });
    expect((await call(client, { service: 'rosapi/topic_type', args: ['robot_1/status'] })).values).toEqual({ type: 'ward_interfaces/msg/RobotStatus' });
    expect((await call(client, { service: 'rosapi/action_servers' })).values).toEqual({ action_servers: [] });
    expect((await call(client, { service: 'rosapi/get_time' })).values).toEqual({ time: { sec: 12, nanosec: 0 } });
    expect((await call(client, { service: 'rosapi/node_details', args: { node: '/robot_1/ward_skill_server' } })).values)
      .toEqual({ publishing: ['/robot_1/status'], subscribing: [], services: [] });
  });

  it('answers result false with the reason for an unknown service or a broken request', async () => {
    expect(await call(client, { service: '/does_not_exist' })).toEqual({
      op: 'service_response', id: expect.any(String), service: '/does_not_exist', result: false, values: 'Service /does_not_exist does not exist',
    });
    graph.createNode('/n').createService('/fails', 'std_srvs/srv/Trigger', () => { throw new Error('no power'); });
    expect(await call(client, { service: '/fails' })).toMatchObject({ result: false, values: 'no power' });
    expect(await call(client, { service: 42 })).toMatchObject({ result: false, values: 'call_service: field "service" must be a string' });
    expect(await call(client, { service: '/rosapi/topics', timeout: 'soon' })).toMatchObject({ result: false, values: expect.stringContaining('"timeout"') });
  });
});

describe('services served by a client', () => {
  it('relays calls from other clients and in-process nodes to the advertiser and its answers back', async () => {
    client.send({ op: 'advertise_service', service: 'add', type: 'example_interfaces/srv/AddTwoInts' });
    await client.sync();
    expect(graph.serviceType('/add')).toBe('example_interfaces/srv/AddTwoInts');
    const caller = await RawClient.connect(server.url);
    caller.send({ op: 'call_service', id: 'q1', service: '/add', args: { a: 2, b: 3 } });
    const forwarded = await client.next(byOp('call_service'));
    expect(forwarded).toMatchObject({ service: 'add', args: { a: 2, b: 3 } });
    client.send({ op: 'service_response', id: forwarded.id, service: 'add', values: { sum: 5 }, result: true });
    expect(await caller.next(byOp('service_response', { id: 'q1' }))).toEqual({ op: 'service_response', id: 'q1', service: '/add', values: { sum: 5 }, result: true });

    const inProcess = graph.callService('/add', { a: 1, b: 1 });
    const second = await client.next(byOp('call_service'));
    client.send({ op: 'service_response', id: second.id, values: 'overflow', result: false });
    expect(await inProcess).toEqual({ ok: false, error: 'overflow' });
    await caller.close();
  });

  it('fails waiting calls when the advertiser unadvertises or disconnects, and times out if asked to', async () => {
    client.send({ op: 'advertise_service', service: '/slow', type: 'example_interfaces/srv/Slow' });
    await client.sync();
    const caller = await RawClient.connect(server.url);
    caller.send({ op: 'call_service', id: 't', service: '/slow', timeout: 0.05 });
    expect(await caller.next(byOp('service_response', { id: 't' }))).toMatchObject({ result: false, values: expect.stringContaining('Timeout') });
    caller.send({ op: 'call_service', id: 'u', service: '/slow' });
    await client.next(byOp('call_service'));
    client.send({ op: 'unadvertise_service', service: 'slow' });
    expect(await caller.next(byOp('service_response', { id: 'u' }))).toMatchObject({ result: false, values: 'Service /slow was unadvertised' });

    client.send({ op: 'advertise_service', service: '/slow', type: 'example_interfaces/srv/Slow' });
    await client.sync();
    caller.send({ op: 'call_service', id: 'v', service: '/slow' });
    await client.next(byOp('call_service'));
    await client.close();
    expect(await caller.next(byOp('service_response', { id: 'v' }))).toMatchObject({ result: false, values: 'The client serving /slow disconnected' });
    await waitFor(() => graph.serviceType('/slow') === undefined);
    await caller.close();
  });

  it('logs a response nobody waits for and keeps serving', async () => {
    client.send({ op: 'service_response', id: 'stray', values: {}, result: true });
    client.send({ op: 'unadvertise_service', service: '/never' });
    expect((await call(client, { service: 'rosapi/nodes' })).result).toBe(true);
    expect(log.has((l) => l.field === 'id' && String(l.msg).includes('no call stray'))).toBe(true);
    expect(log.has((l) => l.field === 'service' && String(l.msg).includes('does not serve /never'))).toBe(true);
  });
});
