// A task's log, folded away under its row: fetched when first opened, then kept up live.
import { fetchTaskLog } from './api.js';
import type { TaskLogEntry } from './api-types.js';
import { el } from './dom.js';
import { clock, t } from './i18n.js';

export class TaskLogView {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('summary');
  private readonly body = el('div', { class: 'task-log-body' });
  /** By sequence number, so an entry that comes both live and in the fetched log shows once. */
  private readonly entries = new Map<number, TaskLogEntry>();
  private state: 'closed' | 'loading' | 'loaded' | { failed: string } = 'closed';

  /** `actions`: what staff can do for the task (staff-actions.ts), shown above the log. */
  constructor(private readonly taskId: string, actions: HTMLElement | null = null) {
    this.element = el('details', { class: 'task-log' }, this.summary, actions, this.body);
    this.element.addEventListener('toggle', () => {
      if (this.element.open && this.state !== 'loaded' && this.state !== 'loading') void this.load();
    });
    this.render();
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

  /** Opens the log, as when staff must act on the task. */
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
    this.body.replaceChildren(entries.length === 0
      ? el('p', { class: 'muted' }, t('tasks.logEmpty'))
      : el('ol', { class: 'log-entries' }, ...entries.map((entry) => el('li', { class: `tier-${entry.tier}` },
        el('time', { datetime: new Date(entry.unix_millis_time).toISOString() }, clock(entry.unix_millis_time)), ' ', entry.text))));
  }
}
