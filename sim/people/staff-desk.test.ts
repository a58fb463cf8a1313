import { describe, it, expect } from '@jest/globals';
import { StaffDesk } from './staff-desk.js';

describe('StaffDesk', () => {
  const setup = () => {
    let now = 0;
    const desk = new StaffDesk(['robot_1', 'robot_2'], () => now);
    return { desk, at: (ms: number) => { now = ms; } };
  };

  it('a queued arrival signs in afterS after the later of queueing and the goal start, first come first served', () => {
    const { desk, at } = setup();
    desk.arrive('robot_1', { badge: 'B1', pin: '1111' }, 10);
    desk.arrive('robot_1', { badge: 'B2', pin: '2222' });
    // Goal starts after the arrival was queued: 10 s after the goal's start.
    const first = desk.next('robot_1', 5000)!;
    expect(first).toMatchObject({ readyAtMs: 15_000, credential: { badge: 'B1', pin: '1111' }, source: 'queued' });
    first.consume();
    at(20_000);
    // Queued at 0, goal started at 3 s: ready at 3 s.
    expect(desk.next('robot_1', 3000)).toMatchObject({ readyAtMs: 3000, credential: { badge: 'B2' } });
    expect(desk.next('robot_2', 0)).toBeUndefined();
  });

  it('the default responder covers robots with no queued arrival; clear and changes notify listeners', () => {
    const { desk } = setup();
    const changes: string[] = [];
    desk.onChange('robot_2', () => changes.push('robot_2'));
    desk.setDefaultResponder({ badge: 'N', pin: '0000', afterS: 30 });
    expect(desk.next('robot_2', 1000)).toMatchObject({ readyAtMs: 31_000, source: 'default', credential: { badge: 'N', pin: '0000' } });
    desk.arrive('robot_2', { badge: 'Q', pin: '9' });
    expect(desk.next('robot_2', 1000)).toMatchObject({ source: 'queued', credential: { badge: 'Q' } });
    desk.clear();
    expect(desk.queued('robot_2')).toEqual([]);
    desk.setDefaultResponder(null);
    expect(desk.next('robot_2', 0)).toBeUndefined();
    expect(changes).toHaveLength(4);
  });

  it('rejects unknown robots and bad credentials naming the field', () => {
    const { desk } = setup();
    expect(() => desk.arrive('robot_9', { badge: 'B', pin: '1' })).toThrow(/robot: no robot named "robot_9" \(robots: robot_1, robot_2\)/);
    expect(() => desk.arrive('robot_1', { badge: '', pin: '1' })).toThrow(/badge: must be a non-empty string/);
    expect(() => desk.arrive('robot_1', { badge: 'B', pin: '' })).toThrow(/pin: must be a non-empty string/);
    expect(() => desk.arrive('robot_1', { badge: 'B', pin: '1' }, -2)).toThrow(/afterS: must be a non-negative/);
    expect(() => desk.setDefaultResponder({ badge: 'B', pin: '1', afterS: Number.NaN })).toThrow(/defaultResponder: afterS/);
  });
});
