import { describe, it, expect } from '@jest/globals';
import { FrameError, type Frame } from './frame.js';
import { Reassembler } from './fragments.js';

const frag = (id: string, data: string, num: number, total: number): Frame => ({ op: 'fragment', id, data, num, total });

describe('fragment reassembly', () => {
  it('joins fragments of interleaved messages by id, a repeated fragment counting once', () => {
    const r = new Reassembler();
    expect(r.add(frag('a', 'he', 0, 2))).toBeUndefined();
    expect(r.add(frag('b', 'wor', 0, 2))).toBeUndefined();
    expect(r.add(frag('a', 'he', 0, 2))).toBeUndefined();
    expect(r.add(frag('b', 'ld', 1, 2))).toBe('world');
    expect(r.add(frag('a', 'llo', 1, 2))).toBe('hello');
    expect(r.unfinished).toBe(0);
  });

  it('bounds what a client can leave unfinished, in size and in time', () => {
    let now = 0;
    const r = new Reassembler({ maxBufferedChars: 10, maxFragments: 4, timeoutMs: 1000 }, () => now);
    r.add(frag('a', '12345', 0, 3));
    expect(() => r.add(frag('b', '1234567', 0, 2))).toThrow(/exceed 10 characters/);
    expect(() => r.add(frag('c', 'x', 0, 5))).toThrow(FrameError);
    expect(() => r.add(frag('a', 'x', 1, 4))).toThrow(/"total" changed/);
    expect(r.unfinished).toBe(0);
    r.add(frag('old', 'x', 0, 2));
    now = 2000;
    r.add(frag('new', 'y', 0, 2));
    expect(r.unfinished).toBe(1);
    expect(r.add(frag('old', 'z', 1, 2))).toBeUndefined();
  });
});
