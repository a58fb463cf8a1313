import { describe, it, expect } from '@jest/globals';
import { estimateMessageTokens, estimateTokens, IMAGE_TOKENS_HIGH, IMAGE_TOKENS_LOW } from './tokens.js';
import type { ChatMessage, ToolDefinition } from './types.js';

describe('estimateTokens', () => {
  it('counts about four Latin characters a token, rounding up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('Take the insulin to bed 12.')).toBe(7);
  });

  it('counts each CJK character as a token, Chinese punctuation included', () => {
    expect(estimateTokens('请送药到一号床')).toBe(7);
    expect(estimateTokens('王芳，你好')).toBe(5);
    expect(estimateTokens('bed 1号床')).toBe(2 + 2); // "bed 1" is 5 characters, 2 tokens
  });
});

describe('estimateMessageTokens', () => {
  it('adds framing per message, images at a fixed figure by detail, tool calls and tool definitions', () => {
    const text: ChatMessage[] = [{ role: 'user', content: 'abcd' }];
    expect(estimateMessageTokens(text)).toBe(3 + 4 + 1);
    const images: ChatMessage[] = [{
      role: 'user',
      content: [
        { type: 'text', text: 'abcd' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      ],
    }];
    expect(estimateMessageTokens(images)).toBe(3 + 4 + 1 + IMAGE_TOKENS_LOW + IMAGE_TOKENS_HIGH);
    const calls: ChatMessage[] = [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'go', arguments: '{}' } }] }];
    expect(estimateMessageTokens(calls)).toBe(3 + 4 + 1 + 1 + 3);
    const tools: ToolDefinition[] = [{ type: 'function', function: { name: 'go', description: 'Go somewhere', parameters: { type: 'object' } } }];
    expect(estimateMessageTokens(text, tools)).toBe(8 + estimateTokens(JSON.stringify(tools)));
  });
});
