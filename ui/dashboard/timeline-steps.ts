// A task's log turned into the steps a nurse would name: going to a bed, talking, asking questions
// (with how many were answered), waiting for the pharmacist, the hand-over, the end. Each step lasts
// until the next begins; the robot's own back-to-back actions of one kind (five sentences spoken, six
// questions asked) are one step. Pure, so it can be tested without a page.
import type { TaskLogEntry } from './api-types.js';

/** What a step is about, for its colour on the strip. */
export type StepGroup = 'move' | 'talk' | 'check' | 'staff' | 'drawer' | 'other' | 'end';
export type StepTone = 'info' | 'warning' | 'error';

export interface TimelineStep {
  /** What makes consecutive entries one step: the kind, and the skill of a goal. */
  key: string;
  kind: string;
  skill: string | null;
  group: StepGroup;
  startMs: number;
  endMs: number;
  /** The last step of a task still under way: it lasts until now. */
  running: boolean;
  tone: StepTone;
  /** How many log entries of the step's own kind it holds (5 sentences, 6 questions). */
  count: number;
  /** Answers heard during a step of questions, and how many of them were unclear. */
  answers: number;
  unclear: number;
  /** Where a navigation step goes (a place name). */
  place: string | null;
  entries: TaskLogEntry[];
}

const TERMINAL = new Set(['completed', 'failed', 'canceled']);
const TONE_RANK: Record<StepTone, number> = { info: 0, warning: 1, error: 2 };
/** Goals that repeat back to back and read as one step. */
const MERGING_SKILLS = new Set(['speak', 'ask_question', 'drawer_control']);

function skillOf(e: TaskLogEntry): string | null {
  if (e.kind !== 'goal_sent') return null;
  const data = e.data ?? {};
  if (typeof data['skill'] === 'string') return data['skill'];
  const action = typeof data['action'] === 'string' ? data['action'] : '';
  return action.split('/').pop() || null;
}

/** The place a navigation goes to: `data.place`, else the text after "navigate_to_place: ". */
function placeOf(e: TaskLogEntry): string | null {
  const data = e.data ?? {};
  if (typeof data['place'] === 'string') return data['place'];
  const m = /navigate_to_place:\s*(\S+)/.exec(e.text);
  return m?.[1] ?? null;
}

export function groupOf(kind: string, skill: string | null): StepGroup {
  if (TERMINAL.has(kind)) return 'end';
  if (skill === 'navigate_to_place' || kind === 'arrived') return 'move';
  if (skill === 'speak' || skill === 'ask_question' || kind === 'answer' || kind === 'identity_answer' || kind === 'taught') return 'talk';
  if (skill === 'detect_person' || skill === 'read_wristband' || kind === 'absent' || kind === 'no_answer') return 'check';
  if (skill === 'drawer_control' || kind === 'loaded' || kind === 'unloaded') return 'drawer';
  if (skill === 'authenticate_staff' || ['waiting_for_staff', 'input_accepted', 'input_refused', 'handed_over', 'not_delivered'].includes(kind)) return 'staff';
  return 'other';
}

/**
 * The steps of a task's log, oldest first. `finishedMs` is when the task ended (null while it runs);
 * the last step of a running task lasts until `nowMs`.
 */
export function buildTimeline(log: readonly TaskLogEntry[], end: { finishedMs: number | null; nowMs: number }): TimelineStep[] {
  const entries = [...log].sort((a, b) => a.seq - b.seq);
  const steps: TimelineStep[] = [];
  for (const e of entries) {
    const skill = skillOf(e);
    const key = skill ? `goal:${skill}` : e.kind;
    const last = steps[steps.length - 1];
    const tone = e.tier as StepTone;
    // An answer belongs to the question asked just before it.
    if (e.kind === 'answer' && last?.skill === 'ask_question') {
      last.answers += 1;
      if (e.data?.['unclear'] === true) last.unclear += 1;
      last.entries.push(e);
      if (TONE_RANK[tone] > TONE_RANK[last.tone]) last.tone = tone;
      continue;
    }
    if (last && last.key === key && skill !== null && MERGING_SKILLS.has(skill)) {
      last.count += 1;
      last.entries.push(e);
      if (TONE_RANK[tone] > TONE_RANK[last.tone]) last.tone = tone;
      continue;
    }
    steps.push({
      key, kind: e.kind, skill, group: groupOf(e.kind, skill), startMs: e.unix_millis_time, endMs: e.unix_millis_time, running: false,
      tone: TONE_RANK[tone] === undefined ? 'info' : tone, count: 1, answers: 0, unclear: 0,
      place: skill === 'navigate_to_place' || e.kind === 'arrived' ? placeOf(e) : null, entries: [e],
    });
  }
  steps.forEach((step, i) => {
    const next = steps[i + 1];
    if (next) step.endMs = Math.max(step.startMs, next.startMs);
    else if (TERMINAL.has(step.kind)) step.endMs = step.startMs;
    else if (end.finishedMs !== null) step.endMs = Math.max(step.startMs, end.finishedMs);
    else {
      step.endMs = Math.max(step.startMs, end.nowMs);
      step.running = true;
    }
  });
  return steps;
}

/** The whole task's span on the timeline, from its first entry to its last step's end. */
export function timelineSpan(steps: readonly TimelineStep[]): { startMs: number; endMs: number } {
  if (steps.length === 0) return { startMs: 0, endMs: 0 };
  return { startMs: steps[0]!.startMs, endMs: Math.max(...steps.map((s) => s.endMs)) };
}
