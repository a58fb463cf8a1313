import { describe, it, expect, afterEach } from '@jest/globals';
import { delayed, hang, rawReply, startFakeModelServer, statusReply, textReply, toolCallReply, type FakeModelServer } from './fake-model-server.js';

let server: FakeModelServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('fake model server', () => {
  it('listens on 127.0.0.1 with a base URL ending in /v1 and lists its model', async () => {
    server = await startFakeModelServer([], { model: 'qwen-test' });
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const models = await (await fetch(`${server.baseUrl}/models`)).json();
    expect(models).toEqual({ object: 'list', data: [expect.objectContaining({ id: 'qwen-test', object: 'model' })] });
  });

  it('answers from a queue in order and records bodies and headers as received', async () => {
    server = await startFakeModelServer([textReply('hello'), toolCallReply([{ name: 'go', arguments: { place: 'bed_1' } }, { name: 'bad', arguments: '{oops' }])]);
    const first = await (await post(server.baseUrl, { model: 'm', messages: [] }, { authorization: 'Bearer k' })).json() as any;
    expect(first.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' });
    expect(first.model).toBe('m');
    expect(first.usage.prompt_tokens).toBeGreaterThan(0);
    const second = await (await post(server.baseUrl, { model: 'm', messages: [{ role: 'user', content: 'x' }] })).json() as any;
    expect(second.choices[0].finish_reason).toBe('tool_calls');
    expect(second.choices[0].message.tool_calls.map((c: any) => c.function.arguments)).toEqual(['{"place":"bed_1"}', '{oops']);
    expect(server.completions()).toHaveLength(2);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer k');
    expect(server.requests[1]!.body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(server.requests[1]!.raw).toBe(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }));
  });

  it('runs a script function with the body and index; leaves usage out when asked', async () => {
    server = await startFakeModelServer((body, i) => textReply(`${i}:${(body as any).model}`, { usage: false }));
    const a = await (await post(server.baseUrl, { model: 'a' })).json() as any;
    const b = await (await post(server.baseUrl, { model: 'b' })).json() as any;
    expect([a.choices[0].message.content, b.choices[0].message.content]).toEqual(['0:a', '1:b']);
    expect(a.usage).toBeUndefined();
  });

  it('sends raw bodies, statuses with headers, and says so when the script runs out', async () => {
    server = await startFakeModelServer([rawReply('{not json'), statusReply(429, { error: { message: 'slow down' } }, { 'retry-after': '1' })]);
    const raw = await post(server.baseUrl, {});
    expect([raw.status, await raw.text()]).toEqual([200, '{not json']);
    const limited = await post(server.baseUrl, {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    const out = await post(server.baseUrl, {});
    expect(out.status).toBe(500);
    expect(await out.text()).toContain('script exhausted at request 2');
  });

  it('answers 404 on unknown routes', async () => {
    server = await startFakeModelServer([]);
    const res = await fetch(server.baseUrl.replace(/\/v1$/, '/chat/completions'), { method: 'POST', body: '{}' });
    expect(res.status).toBe(404);
  });

  it('delays a reply, and close() ends hanging and delayed requests at once', async () => {
    server = await startFakeModelServer([delayed(50, textReply('late')), hang, delayed(60_000, textReply('never'))]);
    const t0 = Date.now();
    const late = await (await post(server.baseUrl, {})).json() as any;
    expect(late.choices[0].message.content).toBe('late');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    const hanging = post(server.baseUrl, {}).then(() => 'answered', () => 'failed');
    const delayedLong = post(server.baseUrl, {}).then(() => 'answered', () => 'failed');
    await new Promise((r) => setTimeout(r, 50));
    const closing = Date.now();
    await server.close();
    server = null;
    expect(await hanging).toBe('failed');
    expect(await delayedLong).toBe('failed');
    expect(Date.now() - closing).toBeLessThan(2000);
  });
});
