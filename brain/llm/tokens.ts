// A token count for when the model server sends no `usage` (some llama.cpp builds, proxies that strip it).
// The exact figure needs the model's own tokenizer, which the brain does not ship; `plan_tokens` only has
// to be the right size, so this is a documented approximation:
//   - Latin and other alphabetic text: about 4 characters per token (OpenAI's rule of thumb for English);
//   - CJK (Han, kana, Hangul) characters: 1 token each (BPE vocabularies of Qwen and GPT-4 give 0.7–1.5);
//   - an image: a fixed 85 tokens at low detail, 765 at high or auto (OpenAI's figures for one 512-px tile
//     plus the base, and for a 1024×1024 frame);
//   - each message: 4 tokens of framing (role, separators), and 3 for priming the reply.
import type { ChatMessage, ContentPart, ToolDefinition } from './types.js';

export const IMAGE_TOKENS_LOW = 85;
export const IMAGE_TOKENS_HIGH = 765;
const MESSAGE_OVERHEAD = 4;
const REPLY_PRIMING = 3;

// Han (incl. extensions), Hiragana, Katakana, Hangul, and CJK punctuation / full-width forms.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/gu;

/** Approximate tokens in `text`: 1 per CJK character, 1 per 4 other characters (rounded up). */
export function estimateTokens(text: string): number {
  if (text.length === 0) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  // String length counts UTF-16 units; CJK BMP characters are one unit each, so subtracting is exact for them.
  const rest = Math.max(0, text.length - cjk);
  return cjk + Math.ceil(rest / 4);
}

function partTokens(part: ContentPart): number {
  if (part.type === 'text') return estimateTokens(part.text);
  return part.image_url.detail === 'low' ? IMAGE_TOKENS_LOW : IMAGE_TOKENS_HIGH;
}

function messageTokens(message: ChatMessage): number {
  let n = MESSAGE_OVERHEAD;
  const content = message.content;
  if (typeof content === 'string') n += estimateTokens(content);
  else if (Array.isArray(content)) for (const part of content) n += partTokens(part);
  if (message.role === 'assistant' && message.tool_calls) {
    for (const call of message.tool_calls) n += estimateTokens(call.function.name) + estimateTokens(call.function.arguments) + 3;
  }
  return n;
}

/** Approximate prompt tokens of a request: its messages, and the tool definitions as the server sees them (JSON). */
export function estimateMessageTokens(messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): number {
  let n = REPLY_PRIMING;
  for (const m of messages) n += messageTokens(m);
  if (tools && tools.length > 0) n += estimateTokens(JSON.stringify(tools));
  return n;
}
