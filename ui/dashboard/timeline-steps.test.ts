import { describe, it, expect } from '@jest/globals';
import type { TaskLogEntry } from './api-types.js';
import { buildTimeline, timelineSpan } from './timeline-steps.js';

let seq = 0;
const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const at = (s: number, kind: string, text = kind, data: Record<string, unknown> | null = null, tier: TaskLogEntry['tier'] = 'info'): TaskLogEntry =>
  ({ seq: ++seq, unix_millis_time: T0 + s * 1000, tier, kind, text, data });
const goal = (s: number, skill: string, text: string) => at(s, 'goal_sent', `${skill}: ${text}`, { skill, action: `/robot_1/${skill}` });

describe('a task log as a timeline', () => {
  const round = [
    at(0, 'created'), at(0, 'dispatched', 'assigned to robot_1', { robot: 'robot_1' }),
    goal(0, 'navigate_to_place', 'bed_2'),
    goal(40, 'detect_person', 'looking for the patient'),
    goal(42, 'speak', '"hello"'),
    goal(50, 'ask_question', 'round:pain'), at(61, 'answer', 'bed_2: pain answered', { question: 'pain', unclear: false }),
    goal(61, 'ask_question', 'round:sleep'), at(70, 'answer', 'bed_2: sleep answered', { question: 'sleep', unclear: true }, 'warning'),
    goal(70, 'speak', '"thank you"'),
    goal(78, 'navigate_to_place', 'bed_3'),
    at(110, 'absent', 'bed_3: nobody at the bedside', { bed: 'bed_3' }, 'warning'),
    at(111, 'failed', 'nobody could be seen', { code: 'nothing_done' }, 'error'),
  ];

  it('makes one step of back-to-back goals of a kind, folds answers into their questions, and times each step until the next', () => {
    const steps = buildTimeline(round, { finishedMs: T0 + 111_000, nowMs: T0 + 111_000 });
    expect(steps.map((s) => [s.key, s.count, (s.endMs - s.startMs) / 1000])).toEqual([
      ['created', 1, 0], ['dispatched', 1, 0], ['goal:navigate_to_place', 1, 40], ['goal:detect_person', 1, 2], ['goal:speak', 1, 8],
      ['goal:ask_question', 2, 20], ['goal:speak', 1, 8], ['goal:navigate_to_place', 1, 32], ['absent', 1, 1], ['failed', 1, 0],
    ]);
    const asking = steps[5]!;
    expect([asking.answers, asking.unclear, asking.tone, asking.group]).toEqual([2, 1, 'warning', 'talk']);
    expect(steps.map((s) => s.place).filter(Boolean)).toEqual(['bed_2', 'bed_3']);
    expect(steps[steps.length - 1]).toMatchObject({ kind: 'failed', tone: 'error', group: 'end', running: false });
    expect(steps[8]).toMatchObject({ kind: 'absent', tone: 'warning', group: 'check' });
    expect(timelineSpan(steps)).toEqual({ startMs: T0, endMs: T0 + 111_000 });
  });

  it('keeps the last step of a task under way open, whatever the log order', () => {
    const steps = buildTimeline([round[2]!, round[1]!, round[0]!], { finishedMs: null, nowMs: T0 });
    expect(steps.map((s) => s.kind)).toEqual(['created', 'dispatched', 'goal_sent']);
    expect(steps[2]).toMatchObject({ running: true, group: 'move' });
  });

  it('reads the place of a plain go-to-place goal from its data', () => {
    const steps = buildTimeline([
      at(0, 'goal_sent', 'sent /robot_1/navigate_to_place to bed_7', { action: '/robot_1/navigate_to_place', place: 'bed_7' }),
      at(30, 'arrived', 'robot_1 reached bed_7', { place: 'bed_7' }),
      at(30, 'completed'),
    ], { finishedMs: T0 + 30_000, nowMs: T0 + 30_000 });
    expect(steps.map((s) => [s.skill, s.place, s.group])).toEqual([['navigate_to_place', 'bed_7', 'move'], [null, 'bed_7', 'move'], [null, null, 'end']]);
  });
});
