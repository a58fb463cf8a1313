import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { WebSocket } from 'ws';
import type { RosGraph } from './graph.js';
import { RosbridgeServer } from './server.js';
import { byOp, RawClient, waitFor, type CapturedLog, type Json, startTestServer, stopTestServer } from './test-support.js';

let log: CapturedLog;
let graph: RosGraph;
let server: RosbridgeServer;
let client: RawClient;

beforeEach(async () => {
  ({ log, graph, server, client } = await startTestServer());
});
afterEach(() => stopTestServer({ client, server }));

const warned = (pred: (l: Json) => boolean) => log.has((l) => l.level === 40 && pred(l));

describe('bad frames are logged and dropped; the socket stays open and keeps being served', () => {
  it.each([
    ['not JSON', 'this is { not json', (l: Json) => String(l.msg).includes('not JSON')],
    ['a JSON array', '[1,2,3]', (l: Json) => String(l.msg).includes('not a JSON object')],
    ['a JSON string', '"publish"', (l: Json) => String(l.msg).includes('not a JSON object')],
    ['JSON null', 'null', (l: Json) => String(l.msg).includes('not a JSON object')],
    ['no op', '{"topic":"/x"}', (l: Json) => l.field === 'op'],
    ['a numeric op', '{"op":5}', (l: Json) => l.field === 'op'],
    ['an unknown op', '{"op":"teleport"}', (l: Json) => l.field === 'op' && l.op === 'teleport'],
    ['set_level (the ROS 2 server has none)', '{"op":"set_level","level":"info"}', (l: Json) => l.op === 'set_level'],
    ['an op named like an Object property', '{"op":"toString"}', (l: Json) => l.op === 'toString'],
    ['advertise without type', '{"op":"advertise","topic":"/x"}', (l: Json) => l.field === 'type'],
    ['advertise with a bad name', '{"op":"advertise","topic":"no spaces","type":"std_msgs/String"}', (l: Json) => String(l.msg).includes('not a valid ROS name')],
    ['advertise with a bad type', '{"op":"advertise","topic":"/x","type":"String"}', (l: Json) => String(l.msg).includes('not a valid ROS msg type')],
    ['publish without topic', '{"op":"publish","msg":{}}', (l: Json) => l.field === 'topic'],
    ['subscribe with a topic object', '{"op":"subscribe","topic":{"a":1}}', (l: Json) => l.field === 'topic'],
    ['subscribe with a negative throttle', '{"op":"subscribe","topic":"/x","throttle_rate":-5}', (l: Json) => l.field === 'throttle_rate'],
    ['unsubscribe of nothing', '{"op":"unsubscribe","topic":"/x"}', (l: Json) => l.field === 'topic'],
    ['unadvertise of nothing', '{"op":"unadvertise","topic":"/x"}', (l: Json) => l.field === 'topic'],
    ['an id that is an object', '{"op":"subscribe","topic":"/x","id":{}}', (l: Json) => l.field === 'id'],
    ['advertise_service without type', '{"op":"advertise_service","service":"/s"}', (l: Json) => l.field === 'type'],
    ['action_feedback for no goal', '{"op":"action_feedback","id":"g","action":"/a","values":{}}', (l: Json) => l.field === 'id'],
    ['action_result without id', '{"op":"action_result","action":"/a","status":4}', (l: Json) => l.field === 'id'],
    ['cancel without id', '{"op":"cancel_action_goal","action":"/a"}', (l: Json) => l.field === 'id'],
    ['a fragment without data', '{"op":"fragment","id":"f","num":0,"total":2}', (l: Json) => l.field === 'data'],
    ['a fragment past its total', '{"op":"fragment","id":"f","data":"x","num":3,"total":2}', (l: Json) => l.field === 'num'],
  ])('%s', async (_what, text, logged) => {
    client.send(text);
    await client.sync();
    expect(warned(logged)).toBe(true);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(client.take(() => true)).toEqual([]);
  });

  it('binary frames: UTF-8 JSON inside is served, other bytes are dropped', async () => {
    client.ws.send(Buffer.from([0xff, 0xfe, 0x00, 0x80]), { binary: true });
    client.ws.send(Buffer.from(JSON.stringify({ op: 'call_service', id: 'bin', service: '/rosapi/nodes' })), { binary: true });
    expect(await client.next(byOp('service_response', { id: 'bin' }))).toMatchObject({ result: true });
    expect(warned((l) => String(l.msg).includes('binary frame is not UTF-8 JSON'))).toBe(true);
  });

  it('a text frame with broken UTF-8 is logged, not a reason to close the socket', async () => {
    // ws refuses to send invalid UTF-8 as text, so the frame is written by hand (FIN, opcode 1, masked).
    const payload = Buffer.from([0x7b, 0xc3, 0x28, 0x7d]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
    const raw = (client.ws as unknown as { _socket: import('node:net').Socket })._socket;
    raw.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]));
    await client.sync();
    expect(warned((l) => String(l.msg).includes('not JSON'))).toBe(true);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('reassembles fragmented frames, in any order, and serves them', async () => {
    const text = JSON.stringify({ op: 'call_service', id: 'frag', service: 'rosapi/get_time' });
    const parts = [text.slice(0, 10), text.slice(10, 30), text.slice(30)];
    client.send({ op: 'fragment', id: 'm1', data: parts[2]!, num: 2, total: 3 });
    client.send({ op: 'fragment', id: 'm1', data: parts[0]!, num: 0, total: 3 });
    client.send({ op: 'fragment', id: 'm1', data: parts[1]!, num: 1, total: 3 });
    expect(await client.next(byOp('service_response', { id: 'frag' }))).toMatchObject({ result: true });
  });
});

describe('connections', () => {
  it('dropClients cuts every socket like a dead link and undoes what the clients set up', async () => {
    client.send({ op: 'advertise', topic: '/c', type: 'std_msgs/String' });
    client.send({ op: 'subscribe', topic: '/d', type: 'std_msgs/String' });
    client.send({ op: 'advertise_service', service: '/s', type: 'std_srvs/srv/Trigger' });
    await client.sync();
    expect(server.clientCount).toBe(1);
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    expect(server.dropClients()).toBe(1);
    expect(await closed).toBe(1006);
    expect(server.clientCount).toBe(0);
    expect(graph.topicNamesAndTypes()).toEqual([]);
    expect(graph.serviceType('/s')).toBeUndefined();
    client = await RawClient.connect(server.url);
    await client.sync();
  });

  it('a client that closes normally is cleaned up too', async () => {
    client.send({ op: 'subscribe', topic: '/e', type: 'std_msgs/String' });
    await client.sync();
    await client.close();
    await waitFor(() => server.clientCount === 0 && graph.topicNamesAndTypes().length === 0);
  });

  it('close() ends the server: clients are cut off and the port is released', async () => {
    const port = server.port;
    await server.close();
    await waitFor(() => client.ws.readyState === WebSocket.CLOSED);
    expect(graph.nodeNames()).toEqual([]);
    const again = await RosbridgeServer.start({ port, logger: log.logger });
    await again.close();
  });

  it('drops topic messages, never replies, for a client that does not read', async () => {
    await server.close();
    server = await RosbridgeServer.start({ graph, port: 0, logger: log.logger, highWaterBytes: 64 * 1024 });
    client = await RawClient.connect(server.url);
    client.send({ op: 'subscribe', topic: '/flood', type: 'std_msgs/String' });
    await client.sync();
    client.ws.pause();
    const pub = graph.createNode('/flooder').createPublisher('/flood', 'std_msgs/String');
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i++) {
      pub.publish({ data: big });
      await new Promise((r) => setImmediate(r));
    }
    expect(warned((l) => String(l.msg).includes('not keeping up'))).toBe(true);
    client.ws.resume();
    await client.sync();
    expect(client.take(byOp('publish')).length).toBeLessThan(200);
  });
});
