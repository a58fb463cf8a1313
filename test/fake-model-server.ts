// Test-only: a scripted OpenAI-compatible model server, a real node:http server on 127.0.0.1 with an
// ephemeral port, so provider tests cross a real socket (headers, bodies, timeouts, aborted connections)
// without a model. POST /v1/chat/completions answers from the script; GET /v1/models lists the model.
// Every request is recorded as received, raw body included, so tests can search what left the brain.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. /v1/chat/completions */
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  raw: string;
  /** The body parsed as JSON, or null when it is not JSON (or empty). */
  body: unknown;
  /** Date.now() when the whole body had arrived. */
  at: number;
}

export interface FakeToolCall {
  name: string;
  /** An object is sent as JSON text, as servers do; a string is sent as is (for broken arguments). */
  arguments: Record<string, unknown> | string;
  id?: string;
}

export type Reply =
  | {
      kind: 'completion';
      content: string | null;
      toolCalls?: FakeToolCall[];
      finishReason?: string | null;
      /** false: leave `usage` out, as some servers do. */
      usage?: { prompt_tokens: number; completion_tokens: number } | false;
      model?: string;
    }
  /** A body sent as is with status 200 unless given (malformed JSON, HTML pages, odd shapes). */
  | { kind: 'raw'; body: string; status?: number; headers?: Record<string, string> }
  /** An HTTP error; an object body is sent as JSON. */
  | { kind: 'status'; status: number; body?: string | object; headers?: Record<string, string> }
  | { kind: 'delay'; ms: number; then: Reply }
  /** Never answer; close() still ends the connection. */
  | { kind: 'hang' };

/** A queue of replies taken in order, or a function of the parsed body and the request's index (0-based). */
export type Script = Reply[] | ((body: unknown, index: number) => Reply | Promise<Reply>);

export function textReply(text: string, extra: Partial<Extract<Reply, { kind: 'completion' }>> = {}): Reply {
  return { kind: 'completion', content: text, finishReason: 'stop', ...extra };
}

export function toolCallReply(calls: FakeToolCall[], extra: Partial<Extract<Reply, { kind: 'completion' }>> = {}): Reply {
  return { kind: 'completion', content: null, toolCalls: calls, finishReason: 'tool_calls', ...extra };
}

export function rawReply(body: string, status = 200, headers: Record<string, string> = {}): Reply {
  return { kind: 'raw', body, status, headers };
}

export function statusReply(status: number, body?: string | object, headers?: Record<string, string>): Reply {
  return { kind: 'status', status, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) };
}

export function delayed(ms: number, then: Reply): Reply {
  return { kind: 'delay', ms, then };
}

export const hang: Reply = { kind: 'hang' };

export interface FakeModelServer {
  /** http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Only the chat-completion requests. */
  completions(): ReceivedRequest[];
  close(): Promise<void>;
}

/** A rough prompt size for `usage`: the request's characters over four. */
function promptTokens(raw: string): number {
  return Math.ceil(raw.length / 4);
}

function completionBody(reply: Extract<Reply, { kind: 'completion' }>, requestBody: unknown, index: number): object {
  const model = reply.model ?? ((requestBody as { model?: unknown })?.model as string | undefined) ?? 'fake-model';
  const toolCalls = reply.toolCalls?.map((c, i) => ({
    id: c.id ?? `call_${index}_${i}`,
    type: 'function',
    function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
  }));
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content };
  if (toolCalls && toolCalls.length > 0) message.tool_calls = toolCalls;
  const completionText = (reply.content ?? '') + JSON.stringify(toolCalls ?? []);
  const body: Record<string, unknown> = {
    id: `chatcmpl-fake-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: reply.finishReason === undefined ? 'stop' : reply.finishReason }],
  };
  if (reply.usage !== false) {
    body.usage = reply.usage ?? {
      prompt_tokens: promptTokens(JSON.stringify(requestBody)),
      completion_tokens: Math.ceil(completionText.length / 4),
    };
    const u = body.usage as { prompt_tokens: number; completion_tokens: number };
    (body.usage as Record<string, number>).total_tokens = u.prompt_tokens + u.completion_tokens;
  }
  return body;
}

export async function startFakeModelServer(script: Script, opts: { model?: string } = {}): Promise<FakeModelServer> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const queue = Array.isArray(script) ? [...script] : null;
  let completionCount = 0;
  let closed = false;

  const wait = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };

  async function answer(res: ServerResponse, reply: Reply, body: unknown, index: number): Promise<void> {
    switch (reply.kind) {
      case 'completion':
        return send(res, 200, JSON.stringify(completionBody(reply, body, index)));
      case 'raw':
        return send(res, reply.status ?? 200, reply.body, { 'content-type': 'text/plain', ...reply.headers });
      case 'status': {
        const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        return send(res, reply.status, text, reply.headers);
      }
      case 'delay':
        await wait(reply.ms);
        if (closed) return;
        return answer(res, reply.then, body, index);
      case 'hang':
        return;
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = null;
      }
      const path = req.url ?? '/';
      requests.push({ method: req.method ?? '', path, headers: req.headers, raw, body, at: Date.now() });
      const route = path.split('?')[0];
      if (req.method === 'GET' && route === '/v1/models') {
        const id = opts.model ?? 'fake-model';
        return send(res, 200, JSON.stringify({ object: 'list', data: [{ id, object: 'model', created: 0, owned_by: 'fake' }] }));
      }
      if (req.method !== 'POST' || route !== '/v1/chat/completions') {
        return send(res, 404, JSON.stringify({ error: { message: `fake model server: no route ${req.method} ${path}`, type: 'not_found' } }));
      }
      const index = completionCount++;
      void (async () => {
        let reply: Reply | undefined;
        try {
          reply = queue ? queue.shift() : await (script as Exclude<Script, Reply[]>)(body, index);
        } catch (e) {
          return send(res, 500, JSON.stringify({ error: { message: `fake model server: script threw: ${String(e)}` } }));
        }
        // Running out of script is a test mistake: say so loudly rather than hang.
        if (!reply) return send(res, 500, JSON.stringify({ error: { message: `fake model server: script exhausted at request ${index}` } }));
        await answer(res, reply, body, index);
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    completions: () => requests.filter((r) => r.method === 'POST' && r.path.startsWith('/v1/chat/completions')),
    close: async () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // Hanging and keep-alive connections would keep server.close() waiting forever.
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
