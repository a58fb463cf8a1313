import { describe, it, expect } from '@jest/globals';
import { Throttle } from './throttle.js';

describe('Throttle', () => {
  it('passes the first call, collapses a burst into one trailing call with the latest value', async () => {
    let clock = 0;
    const seen: number[] = [];
    const t = new Throttle(40, (n: number) => seen.push(n), () => clock);
    t.call(1);
    t.call(2);
    t.call(3);
    expect(seen).toEqual([1]);
    // The trailing call runs on a real timer; only its arrival is awaited, never its exact time.
    for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([1, 3]);
    clock += 39;
    t.call(4);
    expect(seen).toEqual([1, 3]);
    t.flush();
    clock += 40;
    t.call(5);
    expect(seen).toEqual([1, 3, 4, 5]);
  });

  it('flushes or cancels a waiting call on demand', () => {
    const seen: number[] = [];
    const t = new Throttle(10_000, (n: number) => seen.push(n));
    t.call(1);
    t.call(2);
    t.flush();
    expect(seen).toEqual([1, 2]);
    t.call(3);
    t.cancel();
    t.flush();
    expect(seen).toEqual([1, 2]);
  });
});
