// The task board: newest first, each with a status badge in words, its robot, progress or the
// reason it failed, and a cancel button while it can still be canceled.
import { cancelTask } from './api.js';
import type { TaskState } from './api-types.js';
import { el } from './dom.js';
import { clock, duration, t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import type { MessageKey } from './i18n/en.js';

const MAX_SHOWN = 50;

export class TaskList {
  private readonly tasks = new Map<string, TaskState>();
  private readonly errors = new Map<string, string>();

  constructor(private readonly root: HTMLElement, private readonly places: PlaceIndex) {}

  replaceAll(tasks: TaskState[]): void {
    this.tasks.clear();
    for (const task of tasks) this.tasks.set(task.booking.id, task);
    this.render();
  }

  upsert(task: TaskState): void {
    this.tasks.set(task.booking.id, task);
    this.render();
  }

  render(): void {
    const sorted = [...this.tasks.values()].sort((a, b) => b.booking.unix_millis_request_time - a.booking.unix_millis_request_time).slice(0, MAX_SHOWN);
    if (sorted.length === 0) {
      this.root.replaceChildren(el('p', { class: 'empty' }, t('tasks.none')));
      return;
    }
    this.root.replaceChildren(el('ol', { class: 'task-list' }, ...sorted.map((task) => this.item(task))));
  }

  private item(task: TaskState): HTMLLIElement {
    const id = task.booking.id;
    const place = (task.detail as { place?: string } | null)?.place;
    const lines: (Node | string)[] = [
      el('div', { class: 'task-head' },
        el('span', { class: `badge status-${task.status}` }, t(`tstatus.${task.status}` as MessageKey)),
        el('strong', {}, place ? t('tasks.to', { place: this.places.label(place) }) : task.category),
        el('span', { class: 'task-id' }, id)),
      el('div', { class: 'task-meta' },
        task.assigned_to ? t('tasks.robot', { robot: task.assigned_to.name }) : task.status === 'queued' ? t('tasks.unassigned') : '',
        ' · ', t('tasks.requested', { time: clock(task.booking.unix_millis_request_time) })),
    ];
    if (task.status === 'underway' && task.progress) {
      lines.push(el('div', { class: 'task-progress' }, t('tasks.progress', { m: task.progress.distance_remaining_m.toFixed(1), eta: duration(task.progress.eta_s) })));
    }
    if (task.status_reason) {
      const key = `reason.${task.status_reason.code}` as MessageKey;
      lines.push(el('div', { class: 'task-reason', title: task.status_reason.message }, t(key) === key ? task.status_reason.message : t(key)));
    }
    const error = this.errors.get(id);
    if (error) lines.push(el('div', { class: 'task-reason', role: 'alert' }, error));
    if (task.status === 'queued' || task.status === 'underway') {
      const button = el('button', { type: 'button', class: 'cancel' }, t('tasks.cancel'));
      button.addEventListener('click', async () => {
        button.disabled = true;
        const result = await cancelTask(id).catch((err: Error) => ({ success: false, errors: [{ code: 0, category: 'network', detail: err.message }] }));
        if (!result.success) this.errors.set(id, t('tasks.cancelFailed', { detail: result.errors?.map((e) => e.detail).join('; ') ?? '' }));
        else this.errors.delete(id);
        this.render();
      });
      lines.push(button);
    }
    return el('li', { class: `task status-${task.status}`, 'data-task-id': id }, ...lines);
  }
}
