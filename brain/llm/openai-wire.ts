// The OpenAI chat-completions wire format, both ways: what goes out (with identifiers tokenised when a
// redactor is given) and what comes back (read strictly: servers differ, proxies answer with HTML, small
// models write broken JSON arguments). Nothing here does I/O.
import { ModelError } from './types.js';
import type { ChatMessage, ContentPart, ParsedToolCall, Redactor, ToolCall } from './types.js';

/** Redacts every string (and object key) inside a JSON value; numbers too, when they read as an identifier. */
function redactJson(value: unknown, redactor: Redactor): unknown {
  if (typeof value === 'string') return redactor.redact(value);
  if (typeof value === 'number') {
    const text = String(value);
    const redacted = redactor.redact(text);
    return redacted === text ? value : redacted;
  }
  if (Array.isArray(value)) return value.map((v) => redactJson(v, redactor));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[redactor.redact(k)] = redactJson(v, redactor);
    return out;
  }
  return value;
}

/**
 * Text that may be JSON (tool arguments, tool results): redacted value by value when it parses, so a
 * name written with \u escapes is still found and no token can break the JSON; as plain text when not.
 */
export function redactJsonText(text: string, redactor: Redactor): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactor.redact(text);
  }
  return JSON.stringify(redactJson(parsed, redactor));
}

function redactPart(part: ContentPart, redactor: Redactor): ContentPart {
  // Images cannot be redacted; whether they may leave at all is the provider's decision.
  return part.type === 'text' ? { type: 'text', text: redactor.redact(part.text) } : part;
}

function redactToolCall(call: ToolCall, redactor: Redactor): ToolCall {
  return { ...call, function: { name: call.function.name, arguments: redactJsonText(call.function.arguments, redactor) } };
}

/** The messages as they will be sent: copies, with every string a person or model wrote passed through `redactor`. */
export function outgoingMessages(messages: readonly ChatMessage[], redactor: Redactor | undefined): ChatMessage[] {
  if (!redactor) return messages.map((m) => ({ ...m }));
  return messages.map((m): ChatMessage => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: redactor.redact(m.content) };
      case 'user':
        return { role: 'user', content: typeof m.content === 'string' ? redactor.redact(m.content) : m.content.map((p) => redactPart(p, redactor)) };
      case 'assistant': {
        const out: ChatMessage = { role: 'assistant', content: m.content === null ? null : redactor.redact(m.content) };
        if (m.tool_calls) out.tool_calls = m.tool_calls.map((c) => redactToolCall(c, redactor));
        return out;
      }
      case 'tool':
        return { role: 'tool', tool_call_id: m.tool_call_id, content: redactJsonText(m.content, redactor) };
    }
  });
}

export function hasImages(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => m.role === 'user' && Array.isArray(m.content) && m.content.some((p) => p.type === 'image_url'));
}

/** A tool call as it came, before identifiers are restored; `raw` is the arguments text to echo back next turn. */
export interface WireToolCall extends ParsedToolCall {
  raw: string;
}

export interface WireReply {
  content: string | null;
  toolCalls: WireToolCall[];
  finishReason: string;
  usage: { promptTokens: number; completionTokens: number } | null;
  model: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short, single-line quote of a body for an error message. */
export function snippet(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** What an error body says, whichever shape the server uses: OpenAI `{error: {message}}`, `{error: "…"}`, `{detail}`, HTML, text. */
export function serverMessage(body: string): string {
  try {
    const json: unknown = JSON.parse(body);
    if (isRecord(json)) {
      const e = json.error;
      if (isRecord(e) && typeof e.message === 'string') return snippet(e.message, 300);
      for (const v of [e, json.message, json.detail]) if (typeof v === 'string') return snippet(v, 300);
    }
  } catch {
    // not JSON; fall through
  }
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body);
  if (title) return `an HTML page titled "${snippet(title[1]!)}"`;
  return snippet(body.replace(/<[^>]+>/g, ' '));
}

function looksLikeHtml(body: string, contentType: string | null): boolean {
  return /html/i.test(contentType ?? '') || /^\s*</.test(body);
}

function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  // Some servers answer with content parts even for text.
  if (Array.isArray(content)) {
    const texts = content.filter((p): p is { text: string } => isRecord(p) && typeof p.text === 'string').map((p) => p.text);
    return texts.length ? texts.join('') : null;
  }
  return null;
}

function parseToolCall(value: unknown, i: number): WireToolCall {
  const fallbackId = `call_${i}`;
  if (!isRecord(value)) return { id: fallbackId, name: '', arguments: null, error: `tool call ${i} is not an object`, raw: '' };
  const id = typeof value.id === 'string' && value.id ? value.id : fallbackId;
  const fn = isRecord(value.function) ? value.function : {};
  const name = typeof fn.name === 'string' ? fn.name : '';
  const args = fn.arguments;
  const bad = (error: string, raw: string): WireToolCall => ({ id, name, arguments: null, error, raw });
  if (!name) return bad(`tool call ${i} has no function name`, typeof args === 'string' ? args : '');
  // Ollama's native shape sends arguments as an object; accept it as the JSON it stands for.
  if (isRecord(args)) return { id, name, arguments: args, error: null, raw: JSON.stringify(args) };
  if (args === undefined || args === null) return { id, name, arguments: {}, error: null, raw: '{}' };
  if (typeof args !== 'string') return bad(`arguments of ${name} are a ${typeof args}, not a JSON object`, JSON.stringify(args));
  // An empty string is how some servers send a call without arguments.
  if (args.trim() === '') return { id, name, arguments: {}, error: null, raw: args };
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch (e) {
    return bad(`arguments of ${name} are not valid JSON (${e instanceof Error ? e.message : String(e)}): ${snippet(args, 120)}`, args);
  }
  if (!isRecord(parsed)) return bad(`arguments of ${name} are ${Array.isArray(parsed) ? 'an array' : JSON.stringify(parsed)}, not a JSON object`, args);
  return { id, name, arguments: parsed, error: null, raw: args };
}

const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);

/** Reads a 2xx body; throws ModelError('malformed') with what was wrong when it is not a completion. */
export function parseCompletion(body: string, contentType: string | null, where: string): WireReply {
  if (looksLikeHtml(body, contentType)) {
    throw new ModelError('malformed', `model server at ${where} answered with ${serverMessage(body)} instead of JSON: is the base URL right? It should end in /v1`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ModelError('malformed', `model server at ${where} answered with a body that is not JSON: ${snippet(body) || '(empty)'}`);
  }
  if (!isRecord(json)) throw new ModelError('malformed', `model server at ${where} answered with JSON that is not an object: ${snippet(body)}`);
  if (json.error !== undefined && json.choices === undefined) {
    throw new ModelError('malformed', `model server at ${where} answered with an error: ${serverMessage(body)}`);
  }
  const choices = json.choices;
  if (!Array.isArray(choices) || choices.length === 0) throw new ModelError('malformed', `model server at ${where} answered without choices: ${snippet(body)}`);
  const choice = choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) throw new ModelError('malformed', `model server at ${where} answered with a choice that has no message: ${snippet(body)}`);
  const message = choice.message;

  let calls: unknown[] = [];
  if (Array.isArray(message.tool_calls)) calls = message.tool_calls;
  else if (message.tool_calls !== undefined && message.tool_calls !== null) {
    throw new ModelError('malformed', `model server at ${where} answered with tool_calls that are not a list: ${snippet(JSON.stringify(message.tool_calls))}`);
  } else if (isRecord(message.function_call)) {
    // The older single function_call shape, from servers that predate tool calls.
    calls = [{ id: 'call_0', type: 'function', function: message.function_call }];
  }

  const usage = isRecord(json.usage) ? json.usage : {};
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  return {
    content: contentText(message.content),
    toolCalls: calls.map(parseToolCall),
    finishReason: typeof choice.finish_reason === 'string' && choice.finish_reason ? choice.finish_reason : 'unknown',
    usage: prompt !== null && completion !== null ? { promptTokens: prompt, completionTokens: completion } : null,
    model: typeof json.model === 'string' && json.model ? json.model : null,
  };
}
