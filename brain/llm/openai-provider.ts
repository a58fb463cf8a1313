// A ModelProvider for any server that speaks OpenAI's POST /v1/chat/completions: vLLM, Ollama's /v1,
// llama.cpp's server, LM Studio, and cloud APIs. Node 20's global fetch, no SDK.
//
// The base URL is the part before /chat/completions, as OpenAI's SDKs take it: http://127.0.0.1:8000/v1
// for vLLM, http://127.0.0.1:11434/v1 for Ollama, https://api.openai.com/v1. It is used as given (some
// gateways put the version elsewhere); a 404 says to check it.
//
// Privacy: an off-site endpoint gets nothing unless the request carries a redactor, and never a camera
// frame (a redactor cannot take a face or a wristband out of pixels) unless allowImagesOffSite is set.
import { ModelError } from './types.js';
import type { ChatMessage, ChatReply, ChatRequest, ModelInfo, ModelProvider, ModelSite, ParsedToolCall, Redactor, ToolCall } from './types.js';
import { hasImages, outgoingMessages, parseCompletion, serverMessage, type WireReply } from './openai-wire.js';
import { defaultSite, displayUrl } from './site.js';
import { estimateMessageTokens, estimateTokens } from './tokens.js';

export interface OpenAiProviderOptions {
  /** Everything before /chat/completions, e.g. http://127.0.0.1:8000/v1; a trailing slash is dropped. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer …`; local servers need none. */
  apiKey?: string | null;
  /** Per attempt, from sending to the last byte of the answer. Default 30 000. */
  timeoutMs?: number;
  /** Further attempts after a network error, a timeout, HTTP 408, 429 or 5xx. Default 2. */
  retries?: number;
  /** Default: judged from the URL's host (site.ts). */
  site?: ModelSite;
  /** Whether the endpoint accepts image content. Default false. Off site, `info.vision` stays false unless allowImagesOffSite. */
  vision?: boolean;
  /** When the request gives none. Default 1024. */
  maxTokens?: number;
  /** The longest wait between attempts, whatever Retry-After asks. Default 5000. */
  maxRetryDelayMs?: number;
  /** Let camera frames go to an off-site endpoint (they cannot be redacted). Default false. */
  allowImagesOffSite?: boolean;
}

/** First wait between attempts; doubled each time unless the server says how long (Retry-After). */
const BACKOFF_MS = 250;

type Attempt = { ok: true; reply: WireReply } | { ok: false; error: ModelError; retryAfterMs: number | null };

/** Retry-After is delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ModelError('aborted', 'the model request was aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The network cause under fetch's bare "fetch failed" (ECONNREFUSED, ENOTFOUND, …). */
function networkCause(e: unknown): string {
  // Duck-typed, not instanceof: undici's errors can come from another realm (vm contexts, test runners).
  type Described = { message?: unknown; code?: unknown; cause?: unknown };
  const outer = (e ?? {}) as Described;
  const cause = (outer.cause && typeof outer.cause === 'object' ? outer.cause : outer) as Described;
  const text = typeof cause.message === 'string' ? cause.message : String(e);
  return typeof cause.code === 'string' && !text.includes(cause.code) ? `${cause.code}: ${text}` : text;
}

export class OpenAiCompatibleProvider implements ModelProvider {
  readonly info: ModelInfo;
  private readonly url: string;
  private readonly where: string;
  private readonly apiKey: string | null;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly maxTokens: number;
  private readonly maxRetryDelayMs: number;
  private readonly allowImagesOffSite: boolean;

  constructor(opts: OpenAiProviderOptions) {
    const baseUrl = opts.baseUrl.replace(/\/+$/, '');
    const site = opts.site ?? defaultSite(baseUrl);
    this.allowImagesOffSite = opts.allowImagesOffSite ?? false;
    // Off site, frames are refused, so the provider does not claim vision: planners then offer no camera tool.
    const vision = (opts.vision ?? false) && (site === 'on_site' || this.allowImagesOffSite);
    this.info = { baseUrl, model: opts.model, site, vision };
    this.url = `${baseUrl}/chat/completions`;
    this.where = displayUrl(baseUrl);
    this.apiKey = opts.apiKey || null;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 2;
    this.maxTokens = opts.maxTokens ?? 1024;
    this.maxRetryDelayMs = opts.maxRetryDelayMs ?? 5000;
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const { redactor, signal } = request;
    // Every refusal comes before anything is sent.
    if (this.info.site === 'off_site' && !redactor) {
      throw new ModelError('privacy', `the model endpoint ${this.where} is off site: requests to it need a redactor so no patient identifier leaves the hospital`);
    }
    if (hasImages(request.messages)) {
      if (this.info.site === 'off_site' && !this.allowImagesOffSite) {
        throw new ModelError('privacy', `camera frames cannot be redacted, so they are not sent to the off-site endpoint ${this.where}`);
      }
      // Not a reply problem, but the nearest kind: a request this provider will not send as asked.
      if (!this.info.vision) {
        throw new ModelError('malformed', `the request carries images but the model ${this.info.model} at ${this.where} is configured without vision: send text only, or set vision: true if it accepts images`);
      }
    }
    if (signal?.aborted) throw new ModelError('aborted', 'the model request was aborted before it was sent');

    const messages = outgoingMessages(request.messages, redactor);
    const body: Record<string, unknown> = {
      model: this.info.model,
      messages,
      max_tokens: request.maxTokens ?? this.maxTokens,
      stream: false,
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.tools && request.tools.length > 0) {
      body.tools = request.tools;
      if (request.toolChoice) body.tool_choice = request.toolChoice;
    }
    const payload = JSON.stringify(body);

    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const result = await this.attempt(payload, signal);
      if (result.ok) return this.reply(result.reply, messages, request, redactor, Date.now() - started);
      if (!result.error.retryable || attempt >= this.retries) throw result.error;
      const backoff = result.retryAfterMs ?? BACKOFF_MS * 2 ** attempt;
      await sleep(Math.min(backoff, this.maxRetryDelayMs), signal);
    }
  }

  private async attempt(payload: string, signal: AbortSignal | undefined): Promise<Attempt> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    try {
      const response = await fetch(this.url, { method: 'POST', headers, body: payload, signal: controller.signal });
      // The timeout covers the body too: a server can send headers and then stall.
      const text = await response.text();
      if (response.ok) return { ok: true, reply: parseCompletion(text, response.headers.get('content-type'), this.where) };
      return { ok: false, error: this.httpError(response.status, text), retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    } catch (e) {
      if (e instanceof ModelError) return { ok: false, error: e, retryAfterMs: null };
      if (signal?.aborted) return { ok: false, error: new ModelError('aborted', 'the model request was aborted'), retryAfterMs: null };
      if (timedOut) {
        return { ok: false, error: new ModelError('timeout', `model server at ${this.where} did not answer within ${this.timeoutMs} ms`, true), retryAfterMs: null };
      }
      return {
        ok: false,
        error: new ModelError('network', `could not reach the model server at ${this.where} (${networkCause(e)}): is it running, and is the base URL right?`, true),
        retryAfterMs: null,
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private httpError(status: number, body: string): ModelError {
    const said = body.trim() ? `: ${serverMessage(body)}` : '';
    const retryable = status === 408 || status === 429 || status >= 500;
    let message: string;
    if (status === 401 || status === 403) {
      message = `model server at ${this.where} refused the request (${status})${said}; check the API key (apiKey, or the variable apiKeyEnv names)`;
    } else if (status === 404) {
      message = `model server at ${this.where} answered 404${said}; is the base URL right? It should end in /v1 (the part before /chat/completions), and is the model "${this.info.model}" served there?`;
    } else if (status === 429) {
      message = `model server at ${this.where} is rate limiting (429)${said}`;
    } else if (status >= 500) {
      message = `model server at ${this.where} failed (${status})${said}`;
    } else {
      message = `model server at ${this.where} refused the request (${status})${said}`;
    }
    return new ModelError('http', message, retryable, status);
  }

  private reply(wire: WireReply, sent: ChatMessage[], request: ChatRequest, redactor: Redactor | undefined, latencyMs: number): ChatReply {
    const restore = (text: string) => (redactor ? redactor.restore(text) : text);
    const content = wire.content === null ? null : restore(wire.content);
    const toolCalls: ParsedToolCall[] = wire.toolCalls.map((c) => ({
      id: c.id,
      name: c.name,
      arguments: c.arguments && redactor ? redactor.restoreValue(c.arguments) : c.arguments,
      error: c.error === null ? null : restore(c.error),
    }));
    // The next turn's assistant message holds restored text; sent again, it is redacted again to the same tokens.
    const message: Extract<ChatMessage, { role: 'assistant' }> = { role: 'assistant', content };
    if (toolCalls.length > 0) {
      message.tool_calls = toolCalls.map((c, i): ToolCall => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: c.arguments ? JSON.stringify(c.arguments) : restore(wire.toolCalls[i]!.raw) },
      }));
    }
    const usage = wire.usage
      ? { ...wire.usage, estimated: false }
      : {
          promptTokens: estimateMessageTokens(sent, request.tools),
          completionTokens: estimateTokens(wire.content ?? '') + wire.toolCalls.reduce((n, c) => n + estimateTokens(c.name) + estimateTokens(c.raw), 0),
          estimated: true,
        };
    return { content, toolCalls, finishReason: wire.finishReason, usage, model: wire.model ?? this.info.model, latencyMs, message };
  }
}
