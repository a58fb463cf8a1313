import { describe, it, expect, afterEach } from '@jest/globals';
import { delayed, hang, rawReply, startFakeModelServer, statusReply, textReply, toolCallReply, type FakeModelServer, type Script } from '../../test/fake-model-server.js';
import { OpenAiCompatibleProvider, retryAfterMs, type OpenAiProviderOptions } from './openai-provider.js';
import { ModelError, type ChatMessage, type ChatRequest, type ToolDefinition } from './types.js';

let server: FakeModelServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(script: Script, opts: Partial<OpenAiProviderOptions> = {}) {
  server = await startFakeModelServer(script);
  const provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: 'qwen2.5-7b', retries: 0, ...opts });
  return { server, provider };
}

const GO: ToolDefinition = {
  type: 'function',
  function: { name: 'go_to_place', description: 'Send the robot to a place', parameters: { type: 'object', properties: { place: { type: 'string' } }, required: ['place'] } },
};
const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ purpose: 'plan', messages: [{ role: 'user', content: text }], ...extra });

/** Resolves with the ModelError a promise rejects with; fails the test if it resolves. */
async function failure(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
  throw new Error('expected a ModelError, but the call succeeded');
}

describe('OpenAiCompatibleProvider: requests and replies', () => {
  it('sends model, messages, tools, tool_choice, max_tokens and the key; parses tool calls and usage', async () => {
    const { server, provider } = await setup([toolCallReply([{ name: 'go_to_place', arguments: { place: 'bed_7' }, id: 'call_a' }], { usage: { prompt_tokens: 120, completion_tokens: 9 } })], { apiKey: 'sk-local', maxTokens: 300 });
    expect(provider.info).toEqual({ baseUrl: server.baseUrl, model: 'qwen2.5-7b', site: 'on_site', vision: false });
    const reply = await provider.chat(ask('Go to bed 7', { tools: [GO], toolChoice: 'required', temperature: 0 }));

    const [req] = server.completions();
    expect(req!.headers.authorization).toBe('Bearer sk-local');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.body).toEqual({
      model: 'qwen2.5-7b', messages: [{ role: 'user', content: 'Go to bed 7' }], max_tokens: 300, stream: false, temperature: 0, tools: [GO], tool_choice: 'required',
    });
    expect(reply.toolCalls).toEqual([{ id: 'call_a', name: 'go_to_place', arguments: { place: 'bed_7' }, error: null }]);
    expect(reply.content).toBeNull();
    expect(reply.finishReason).toBe('tool_calls');
    expect(reply.usage).toEqual({ promptTokens: 120, completionTokens: 9, estimated: false });
    expect(reply.model).toBe('qwen2.5-7b');
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
    expect(reply.message).toEqual({
      role: 'assistant', content: null,
      tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'go_to_place', arguments: '{"place":"bed_7"}' } }],
    });
  });

  it('accepts a base URL with a trailing slash, sends no key or tools when none are given, and estimates missing usage', async () => {
    server = await startFakeModelServer([textReply('On my way.', { usage: false, finishReason: 'eos_token' })]);
    const provider = new OpenAiCompatibleProvider({ baseUrl: `${server.baseUrl}/`, model: 'm', retries: 0 });
    const reply = await provider.chat(ask('hello', { toolChoice: 'auto', maxTokens: 50 }));
    const req = server.completions()[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hello' }], max_tokens: 50, stream: false });
    expect(reply.content).toBe('On my way.');
    expect(reply.finishReason).toBe('eos_token');
    expect(reply.usage.estimated).toBe(true);
    expect(reply.usage.promptTokens).toBeGreaterThan(0);
    expect(reply.usage.completionTokens).toBe(3);
    expect(reply.message).toEqual({ role: 'assistant', content: 'On my way.' });
  });

  it('sends camera frames as data URLs in image_url parts when the model has vision', async () => {
    const { server, provider } = await setup([textReply('A wristband is visible.')], { vision: true });
    const frame = `data:image/png;base64,${Buffer.from('fake png bytes').toString('base64')}`;
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'What do you see?' }, { type: 'image_url', image_url: { url: frame, detail: 'low' } }] }];
    await provider.chat({ purpose: 'plan', messages });
    expect((server.completions()[0]!.body as { messages: unknown }).messages).toEqual(messages);
  });

  it('refuses images to a model without vision, and to an off-site model, before sending', async () => {
    const { server, provider } = await setup([]);
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }];
    expect((await failure(provider.chat({ purpose: 'plan', messages }))).message).toContain('configured without vision');
    const offSite = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: 'm', site: 'off_site', vision: true });
    // It does not claim vision off site, so a planner offers no camera tool.
    expect(offSite.info.vision).toBe(false);
    expect(new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model: 'm', site: 'off_site', vision: true, allowImagesOffSite: true }).info.vision).toBe(true);
    const refused = await failure(offSite.chat({ purpose: 'plan', messages, redactor: { redact: (t) => t, restore: (t) => t, restoreValue: (v) => v } }));
    expect(refused.kind).toBe('privacy');
    expect(server.requests).toEqual([]);
  });

  it('keeps bad tool arguments as errors on the call instead of throwing', async () => {
    const { provider } = await setup([toolCallReply([
      { name: 'go_to_place', arguments: '{"place": "bed_7"', id: 'c1' },
      { name: 'go_to_place', arguments: '["bed_7"]', id: 'c2' },
      { name: 'go_to_place', arguments: '"bed_7"', id: 'c3' },
      { name: 'stop', arguments: '', id: 'c4' },
      { name: '', arguments: {}, id: 'c5' },
      { name: 'go_to_place', arguments: { place: 'bed_2' }, id: 'c6' },
    ], { finishReason: 'weird_reason' })]);
    const reply = await provider.chat(ask('go', { tools: [GO] }));
    const [c1, c2, c3, c4, c5, c6] = reply.toolCalls;
    expect(c1).toMatchObject({ id: 'c1', name: 'go_to_place', arguments: null });
    expect(c1!.error).toMatch(/^arguments of go_to_place are not valid JSON/);
    expect(c2).toEqual({ id: 'c2', name: 'go_to_place', arguments: null, error: 'arguments of go_to_place are an array, not a JSON object' });
    expect(c3).toEqual({ id: 'c3', name: 'go_to_place', arguments: null, error: 'arguments of go_to_place are "bed_7", not a JSON object' });
    expect(c4).toEqual({ id: 'c4', name: 'stop', arguments: {}, error: null });
    expect(c5).toMatchObject({ id: 'c5', arguments: null, error: 'tool call 4 has no function name' });
    expect(c6).toEqual({ id: 'c6', name: 'go_to_place', arguments: { place: 'bed_2' }, error: null });
    expect(reply.finishReason).toBe('weird_reason');
    // The broken call goes back to the model as it was written, so it can see its mistake.
    expect(reply.message.tool_calls![0]!.function.arguments).toBe('{"place": "bed_7"');
  });
});

describe('OpenAiCompatibleProvider: malformed answers', () => {
  it.each([
    ['a body that is not JSON', rawReply('{"choices": [', 200), /answered with a body that is not JSON: \{"choices": \[/],
    ['an HTML page', rawReply('<html><head><title>502 Bad Gateway</title></head></html>', 200, { 'content-type': 'text/html' }), /an HTML page titled "502 Bad Gateway" instead of JSON: is the base URL right\? It should end in \/v1/],
    ['no choices', rawReply('{"id": "x", "choices": []}', 200, { 'content-type': 'application/json' }), /answered without choices/],
    ['a choice without a message', rawReply('{"choices": [{"text": "hi"}]}'), /a choice that has no message/],
    ['an error object', rawReply('{"error": {"message": "model overloaded"}}'), /answered with an error: model overloaded/],
    ['tool_calls that are not a list', rawReply('{"choices": [{"message": {"content": null, "tool_calls": {"a": 1}}}]}'), /tool_calls that are not a list/],
  ])('gives ModelError malformed for %s, without retrying', async (_what, reply, message) => {
    const { server, provider } = await setup([reply], { retries: 2 });
    const error = await failure(provider.chat(ask('hi')));
    expect(error.kind).toBe('malformed');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(message);
    expect(server.completions()).toHaveLength(1);
  });
});

describe('OpenAiCompatibleProvider: HTTP errors and retries', () => {
  it('retries a 500 and then succeeds', async () => {
    const { server, provider } = await setup([statusReply(500, { error: { message: 'CUDA out of memory' } }), textReply('ok')], { retries: 2 });
    expect((await provider.chat(ask('hi'))).content).toBe('ok');
    expect(server.completions()).toHaveLength(2);
  });

  it('gives up after the retries with the last error, naming the status and what the server said', async () => {
    const { server, provider } = await setup([statusReply(503, 'busy'), statusReply(503, 'busy'), statusReply(503, 'still busy')], { retries: 2 });
    const error = await failure(provider.chat(ask('hi')));
    expect([error.kind, error.status, error.retryable]).toEqual(['http', 503, true]);
    expect(error.message).toBe(`model server at ${server.baseUrl} failed (503): still busy`);
    expect(server.completions()).toHaveLength(3);
  });

  it('honours Retry-After on a 429', async () => {
    const { server, provider } = await setup([statusReply(429, { error: { message: 'rate limited' } }, { 'retry-after': '1' }), textReply('ok')], { retries: 1 });
    expect((await provider.chat(ask('hi'))).content).toBe('ok');
    const [first, second] = server.completions();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
  });

  it('caps a long Retry-After', async () => {
    const { provider } = await setup([statusReply(429, '', { 'retry-after': '3600' }), textReply('ok')], { retries: 1, maxRetryDelayMs: 50 });
    const t0 = Date.now();
    expect((await provider.chat(ask('hi'))).content).toBe('ok');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('does not retry a 400 and says what the server said', async () => {
    const said = '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set';
    const { server, provider } = await setup([statusReply(400, { object: 'error', message: said })], { retries: 2 });
    const error = await failure(provider.chat(ask('hi', { tools: [GO], toolChoice: 'auto' })));
    expect([error.kind, error.status, error.retryable]).toEqual(['http', 400, false]);
    expect(error.message).toBe(`model server at ${server.baseUrl} refused the request (400): ${said}`);
    expect(server.completions()).toHaveLength(1);
  });

  it('says to check the base URL on a 404 and the key on a 401', async () => {
    const { server, provider } = await setup([statusReply(404, { error: { message: "model 'qwen2.5-7b' not found" } }), statusReply(401, { error: { message: 'invalid api key' } })]);
    const notFound = await failure(provider.chat(ask('hi')));
    expect(notFound.message).toBe(`model server at ${server.baseUrl} answered 404: model 'qwen2.5-7b' not found; is the base URL right? It should end in /v1 (the part before /chat/completions), and is the model "qwen2.5-7b" served there?`);
    const unauthorised = await failure(provider.chat(ask('hi')));
    expect(unauthorised.message).toContain('(401): invalid api key; check the API key');
  });

  it('reports a server that is not there as a network error', async () => {
    const { server, provider } = await setup([]);
    await server.close();
    const error = await failure(provider.chat(ask('hi')));
    expect([error.kind, error.retryable]).toEqual(['network', true]);
    expect(error.message).toMatch(/could not reach the model server at http:\/\/127\.0\.0\.1:\d+\/v1 \(.*ECONNREFUSED.*\): is it running/);
  });
});

describe('OpenAiCompatibleProvider: time limits and aborts', () => {
  it('times out within the limit on a server that never answers, on every attempt', async () => {
    const { server, provider } = await setup([hang, hang], { timeoutMs: 200, retries: 1, maxRetryDelayMs: 10 });
    const t0 = Date.now();
    const error = await failure(provider.chat(ask('hi')));
    expect([error.kind, error.retryable]).toEqual(['timeout', true]);
    expect(error.message).toBe(`model server at ${server.baseUrl} did not answer within 200 ms`);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(server.completions()).toHaveLength(2);
  });

  it('retries after a slow answer and takes the next one', async () => {
    const { provider } = await setup([delayed(1000, textReply('too late')), textReply('in time')], { timeoutMs: 200, retries: 1 });
    expect((await provider.chat(ask('hi'))).content).toBe('in time');
  });

  it('aborts a request in flight at once, and one aborted before it starts sends nothing', async () => {
    const { server, provider } = await setup([hang]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    const error = await failure(provider.chat(ask('hi', { signal: controller.signal })));
    expect(error.kind).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect((await failure(provider.chat(ask('hi', { signal: AbortSignal.abort() })))).kind).toBe('aborted');
    expect(server.completions()).toHaveLength(1);
  });

  it('aborts while waiting to retry', async () => {
    const { provider } = await setup([statusReply(503, 'busy', { 'retry-after': '5' }), textReply('never')], { retries: 1, maxRetryDelayMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    expect((await failure(provider.chat(ask('hi', { signal: controller.signal })))).kind).toBe('aborted');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});
