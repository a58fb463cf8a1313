// A task's timeline, folded away under its row: fetched when first opened, then kept up live. On top a
// strip shows the whole task at a glance (each step's share of the time, failures in red); below it,
// step by step, when it began, what it was in words and how long it took, with what the robot logged
// under each step and the full log at the end.
import { fetchTaskLog } from './api.js';
import type { TaskLogEntry, TaskState } from './api-types.js';
import { el } from './dom.js';
import { clock, duration, t, time24 } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { reasonText, topicText } from './task-text.js';
import { buildTimeline, timelineSpan, type TimelineStep } from './timeline-steps.js';

const FINISHED = new Set(['completed', 'failed', 'canceled']);
/** Steps whose title says all the log line does; the others keep the robot's words (what it said, asked, why it failed) under them. */
const SAYS_IT_ALL = new Set([
  'created', 'dispatched', 'navigate_to_place', 'arrived', 'detect_person', 'read_wristband', 'drawer_control', 'completed', 'canceled',
  'loaded', 'waiting_for_staff', 'input_accepted', 'identity_answer', 'handed_over',
]);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A step in words, in the page's language. */
export function stepTitle(step: TimelineStep, places: PlaceIndex, task: TaskState | null): string {
  const first = step.entries[0]!;
  const data = first.data ?? {};
  const place = (name: string | null) => (name ? places.label(name) : '—');
  switch (step.skill) {
    case 'navigate_to_place': return t('step.navigate', { place: place(step.place) });
    case 'detect_person': return t('step.detect');
    case 'speak': return t('step.speak');
    case 'ask_question': return step.answers ? t('step.askAnswered', { n: step.count, answered: step.answers }) : t('step.ask', { n: step.count });
    case 'read_wristband': return t('step.wristband');
    case 'drawer_control': return t('step.drawer');
    case 'authenticate_staff': return t('step.authenticate');
    case null: break;
    default: return t('step.skill', { skill: step.skill });
  }
  switch (step.kind) {
    case 'created': return t('step.created', { who: task?.booking.requester ?? '—' });
    case 'dispatched': return t('step.dispatched', { robot: str(data['robot']) ?? task?.assigned_to?.name ?? '—' });
    case 'resumed': return t('step.resumed');
    case 'plan': return t('step.plan');
    case 'arrived': return t('step.arrived', { place: place(step.place) });
    case 'waiting_for_staff': return data['input'] === 'load' ? t('step.waitLoad') : data['input'] === 'unload' ? t('step.waitUnload') : t('step.waiting');
    case 'input_accepted': return t('step.inputAccepted', { who: str(data['by']) ?? '—' });
    case 'input_refused': return t('step.inputRefused');
    case 'loaded': return t('step.loaded');
    case 'unloaded': return t('step.unloaded');
    case 'identity_answer': return data['name_matches'] === true && data['birth_date_matches'] === true ? t('step.identityOk') : t('step.identityNo');
    case 'handed_over': return t('step.handedOver', { who: str(data['receiver']) ?? '—' });
    case 'not_delivered': case 'not_unloaded': case 'drawer_refused': return t('step.notDelivered');
    case 'absent': return t('step.absent', { place: place(str(data['bed'])) });
    case 'no_answer': return t('step.noAnswer', { place: place(str(data['bed'])) });
    case 'skipped': return t('step.skipped');
    case 'answer': return t('step.answer');
    case 'taught': {
      const understood = Array.isArray(data['understood']) ? data['understood'] : [];
      return t('step.taught', { topic: topicText(str(data['topic']) ?? '—'), understood: understood.filter((u) => u === true).length, total: understood.length });
    }
    case 'red_flag': return t('step.redFlag');
    case 'handed_back': return t('step.handedBack');
    case 'cancel_requested': return t('step.cancelRequested');
    case 'completed': return t('step.completed');
    case 'canceled': return t('step.canceled');
    case 'failed': {
      const reason = task?.status_reason ?? (str(data['code']) ? { code: str(data['code'])!, message: first.text } : null);
      return reason ? t('step.failedBecause', { reason: reasonText(reason) }) : t('step.failed');
    }
    default: return first.text;
  }
}

export class TaskLogView {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('summary');
  private readonly body = el('div', { class: 'task-log-body' });
  /** By sequence number, so an entry that comes both live and in the fetched log shows once. */
  private readonly entries = new Map<number, TaskLogEntry>();
  private state: 'closed' | 'loading' | 'loaded' | { failed: string } = 'closed';
  private task: TaskState | null = null;

  /** `actions`: what staff can do for the task (staff-actions.ts), shown above the timeline. */
  constructor(private readonly taskId: string, actions: HTMLElement | null = null, private readonly places: PlaceIndex | null = null) {
    this.element = el('details', { class: 'task-log' }, this.summary, actions, this.body);
    this.element.addEventListener('toggle', () => {
      if (this.element.open && this.state !== 'loaded' && this.state !== 'loading') void this.load();
    });
    this.render();
  }

  /** The task as it is now (its end, its reason), for the last step. */
  setTask(task: TaskState): void {
    this.task = task;
  }

  /** A live entry; kept even before the log is opened, so none is lost between fetch and socket. */
  append(entry: TaskLogEntry): void {
    this.entries.set(entry.seq, entry);
    if (this.element.open) this.render();
  }

  private async load(): Promise<void> {
    this.state = 'loading';
    this.render();
    try {
      const { log } = await fetchTaskLog(this.taskId);
      for (const entry of log) this.entries.set(entry.seq, entry);
      this.state = 'loaded';
    } catch (err) {
      this.state = { failed: (err as Error).message };
    }
    this.render();
  }

  /** Opens the timeline, as when staff must act on the task. */
  open(): void {
    this.element.open = true;
  }

  render(): void {
    this.summary.textContent = t('tasks.log');
    if (this.state === 'closed') return;
    if (this.state === 'loading') {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('tasks.logLoading')));
      return;
    }
    if (typeof this.state === 'object') {
      this.body.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('tasks.logFailed', { detail: this.state.failed })));
      return;
    }
    const entries = [...this.entries.values()].sort((a, b) => a.seq - b.seq);
    if (entries.length === 0) {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('tasks.logEmpty')));
      return;
    }
    const task = this.task;
    const finished = task !== null && FINISHED.has(task.status);
    // The page does not know the brain's clock (it may be a simulator's): a running step is "under way", not timed.
    const lastMs = entries[entries.length - 1]!.unix_millis_time;
    const steps = buildTimeline(entries, { finishedMs: finished ? task?.unix_millis_finish_time ?? lastMs : null, nowMs: lastMs });
    this.body.replaceChildren(this.timeline(steps), el('details', { class: 'task-full-log' },
      el('summary', {}, t('timeline.fullLog', { n: entries.length })),
      el('ol', { class: 'log-entries' }, ...entries.map((entry) => el('li', { class: `tier-${entry.tier}` },
        el('time', { datetime: new Date(entry.unix_millis_time).toISOString() }, clock(entry.unix_millis_time)), ' ', entry.text)))));
  }

  private timeline(steps: TimelineStep[]): HTMLElement {
    const places = this.places ?? { label: (name: string) => name } as PlaceIndex;
    const span = timelineSpan(steps);
    const totalMs = span.endMs - span.startMs;
    const longest = Math.max(1, ...steps.map((s) => s.endMs - s.startMs));
    const failed = steps.filter((s) => s.tone === 'error').length;
    const titles = steps.map((s) => stepTitle(s, places, this.task));
    const strip = el('div', {
      class: 'timeline-strip', role: 'img',
      'aria-label': t('timeline.stripLabel', { n: steps.length, total: duration(totalMs / 1000), failed }),
    }, ...steps.filter((s) => s.endMs > s.startMs || s.running).map((s) => el('span', {
      class: `strip-seg group-${s.group} tone-${s.tone}${s.running ? ' running' : ''}`,
      style: `flex-grow:${Math.max(s.endMs - s.startMs, totalMs / 200, 1)}`,
      title: `${titles[steps.indexOf(s)]} · ${duration((s.endMs - s.startMs) / 1000)}`,
    })));
    const items = steps.map((step, i) => {
      const ms = step.endMs - step.startMs;
      const icon = step.tone === 'error' ? '✕' : step.tone === 'warning' ? '!' : step.kind === 'completed' ? '✓' : '';
      const texts = SAYS_IT_ALL.has(step.skill ?? step.kind) ? [] : step.entries.map((e) => e.text).filter((x) => x);
      return el('li', { class: `tl-step group-${step.group} tone-${step.tone}${step.running ? ' running' : ''}`, 'data-kind': step.kind, ...(step.skill ? { 'data-skill': step.skill } : {}) },
        el('time', { class: 'tl-time', datetime: new Date(step.startMs).toISOString() }, time24(step.startMs, true)),
        el('span', { class: 'tl-dot', 'aria-hidden': 'true' }, icon),
        el('div', { class: 'tl-body' },
          el('div', { class: 'tl-head' },
            el('span', { class: 'tl-title' }, titles[i]!),
            step.count > 1 && step.skill !== 'ask_question' ? el('span', { class: 'tl-count' }, `×${step.count}`) : null,
            step.unclear ? el('span', { class: 'tl-unclear' }, t('timeline.unclear', { n: step.unclear })) : null,
            step.running
              ? el('span', { class: 'tl-dur running' }, t('timeline.running'))
              : ms > 0 ? el('span', { class: 'tl-dur' }, duration(ms / 1000)) : null),
          ms > 0 ? el('span', { class: 'tl-bar', 'aria-hidden': 'true' }, el('span', { style: `width:${Math.max(1, (ms / longest) * 100).toFixed(1)}%` })) : null,
          texts.length ? el('details', { class: 'tl-detail' }, el('summary', {}, t('timeline.logged', { n: texts.length })),
            el('ul', {}, ...texts.map((x) => el('li', {}, x)))) : null));
    });
    return el('div', { class: 'timeline' },
      strip,
      el('p', { class: 'timeline-total' }, t(failed ? 'timeline.totalFailed' : 'timeline.total', { total: duration(totalMs / 1000), n: steps.length, failed })),
      el('ol', { class: 'timeline-steps' }, ...items));
  }
}
