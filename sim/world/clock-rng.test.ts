import { describe, it, expect } from '@jest/globals';
import { SimClock, createRng } from './index.js';

describe('SimClock', () => {
  it('starts at 0 and only moves forward', () => {
    const c = new SimClock();
    expect(c.now()).toBe(0);
    c.advanceTo(1500);
    expect(c.nowSec()).toBe(1.5);
    expect(() => c.advanceTo(1000)).toThrow(/cannot go back/);
  });

  it('accepts any positive time scale and rejects the rest', () => {
    const c = new SimClock();
    expect(c.timeScale).toBe(1);
    c.timeScale = 0.25;
    expect(c.timeScale).toBe(0.25);
    c.timeScale = 500;
    expect(c.timeScale).toBe(500);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => (c.timeScale = bad)).toThrow(/positive/);
  });

  it('pauses and resumes', () => {
    const c = new SimClock();
    c.pause();
    expect(c.paused).toBe(true);
    c.resume();
    expect(c.paused).toBe(false);
  });
});

describe('createRng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
  });

  it('gives roughly uniform numbers in [0, 1)', () => {
    const r = createRng(7);
    const xs = Array.from({ length: 20000 }, () => r());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
    const low = xs.filter((x) => x < 0.1).length / xs.length;
    expect(low).toBeGreaterThan(0.09);
    expect(low).toBeLessThan(0.11);
  });
});
