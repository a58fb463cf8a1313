import { describe, it, expect } from '@jest/globals';
import { durationTicks, linear, niceTicks, stack, timeTicks } from './chart-math.js';

describe('chart arithmetic', () => {
  it('maps a domain onto a range, and a point domain onto the middle', () => {
    const y = linear([0, 10], [200, 0]);
    expect([y(0), y(5), y(10)]).toEqual([200, 100, 0]);
    expect(linear([3, 3], [0, 100])(3)).toBe(50);
  });

  it('picks round ticks from 0 that reach the largest value', () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(2, 4)).toEqual([0, 1, 2]);
    expect(niceTicks(7, 4)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(48, 4)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(0.3, 3, false)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('picks duration ticks on round seconds, minutes and hours', () => {
    expect(durationTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(durationTicks(200)).toEqual([0, 60, 120, 180, 240]);
    expect(durationTicks(2 * 3600)).toEqual([0, 1800, 3600, 5400, 7200]);
  });

  it('stacks a bar\'s counts in the given order, leaving out zeros', () => {
    expect(stack({ go_to_place: 1, ward_round: 2, health_education: 0 }, ['ward_round', 'health_education', 'go_to_place'])).toEqual([
      { key: 'ward_round', from: 0, to: 2, value: 2 }, { key: 'go_to_place', from: 2, to: 3, value: 1 },
    ]);
  });

  it('puts time ticks on round local hours or days, and pads a single instant', () => {
    const H = 3_600_000;
    const from = Date.UTC(2026, 10, 23, 7, 20);
    const { ticks, step } = timeTicks(from, from + 9 * H, 5);
    expect(step).toBe(2 * H);
    expect(ticks.map((t) => new Date(t).getUTCHours())).toEqual([8, 10, 12, 14, 16]);
    // In UTC+8 the ticks fall on local round hours: 16:00 local is 08:00 UTC.
    expect(timeTicks(from, from + 9 * H, 5, 8 * H).ticks.map((t) => new Date(t + 8 * H).getUTCHours())).toEqual([16, 18, 20, 22, 0]);
    const one = timeTicks(from, from, 5);
    expect(one.from).toBeLessThan(from);
    expect(one.to).toBeGreaterThan(from);
    expect(timeTicks(from, from + 6 * 86_400_000, 5).step).toBe(2 * 86_400_000);
  });
});
