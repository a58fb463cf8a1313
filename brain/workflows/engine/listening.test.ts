import { describe, expect, it } from '@jest/globals';
import { ANSWER_GRACE_MS, beginListening, isListening } from './listening.js';

describe('listening robots', () => {
  it('is listening while a question is open and for a short grace after, per link and robot', () => {
    const link = {};
    const other = {};
    expect(isListening(link, 'r1')).toBe(false);
    const end = beginListening(link, 'r1');
    const end2 = beginListening(link, 'r1');
    expect(isListening(link, 'r1')).toBe(true);
    expect(isListening(link, 'r2')).toBe(false);
    expect(isListening(other, 'r1')).toBe(false);
    end();
    end();
    expect(isListening(link, 'r1')).toBe(true);
    end2();
    const t = Date.now();
    expect(isListening(link, 'r1', t)).toBe(true);
    expect(isListening(link, 'r1', t + ANSWER_GRACE_MS + 1)).toBe(false);
  });
});
