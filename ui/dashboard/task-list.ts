// The task board: newest first, each with a status badge in words, its robot, progress or the reason
// it stopped, a cancel button while it can still be canceled, and its log. Rows are updated in place,
// so live updates never take the keyboard focus off a button or fold an open log.
import { cancelTask } from './api.js';
import type { StaffInput, TaskState } from './api-types.js';
import { CUSTODY_ROLES, CustodyView } from './custody-view.js';
import { el } from './dom.js';
import { clock, duration, t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { RoundSummaryView } from './round-summary.js';
import { hasRole } from './session.js';
import { StaffActions } from './staff-actions.js';
import type { DashboardStore } from './store.js';
import { TaskLogView } from './task-log.js';
import { categoryText, reasonText, statusText, taskAnchor, taskPlace } from './task-text.js';
import type { WardRecordsCache } from './ward-records.js';

const MAX_SHOWN = 50;

class TaskRow {
  readonly element: HTMLLIElement;
  readonly log: TaskLogView;
  private readonly info = el('div', { class: 'task-info' });
  private readonly cancel = el('button', { type: 'button', class: 'cancel' });
  private readonly problem = el('p', { class: 'task-problem', role: 'alert' });
  private readonly waitingNote = el('div', { class: 'task-waiting' });
  private readonly staff: StaffActions;
  private round: RoundSummaryView | null = null;
  private custody: CustodyView | null = null;
  task: TaskState;
  private canceling = false;

  constructor(
    task: TaskState, private readonly places: PlaceIndex, private readonly store: DashboardStore, records: WardRecordsCache,
    private readonly onWaitingChange: () => void = () => {},
  ) {
    this.task = task;
    this.staff = new StaffActions(task, records, () => this.showWaiting());
    this.log = new TaskLogView(task.booking.id, this.staff.element, places);
    // The id is the anchor a plan's "became tasks" links point at.
    this.element = el('li', { class: 'task', id: taskAnchor(task.booking.id), 'data-task-id': task.booking.id, 'data-category': task.category },
      this.info, this.waitingNote, this.problem, el('div', { class: 'task-actions' }, this.cancel, this.log.element));
    this.cancel.addEventListener('click', () => void this.requestCancel());
    this.update(task);
  }

  /** A task waiting for staff says so on its row and opens its log, where the button is. */
  private showWaiting(): void {
    const waits = this.staff.waitsFor;
    this.waitingNote.textContent = waits.map((w) => t(`staff.waits.${w}`)).join(' ');
    this.waitingNote.hidden = waits.length === 0;
    if (waits.length) this.log.open();
    this.onWaitingChange();
  }

  /** What the task waits for from staff now (empty when nothing). */
  get waitsFor(): readonly StaffInput[] { return this.staff.waitsFor; }

  /** Brings the row's staff buttons into view and focus (from the inbox). */
  focusStaff(): void {
    this.log.open();
    this.element.scrollIntoView({ block: 'center' });
    this.staff.focus();
  }

  /** Completed ward rounds get their summary under the row. */
  private showRound(task: TaskState): void {
    if (task.category !== 'ward_round' || task.status !== 'completed') return;
    if (!this.round) {
      this.round = new RoundSummaryView(task.booking.id, this.places);
      this.element.append(this.round.element);
    }
    this.round.render();
  }

  /** Medication deliveries show their custody chain to the staff the brain shows it to. */
  private showCustody(task: TaskState): void {
    if (task.category !== 'medication_delivery') return;
    if (!this.custody) {
      this.custody = new CustodyView(task.booking.id);
      this.element.append(this.custody.element);
    }
    this.custody.element.hidden = !hasRole(...CUSTODY_ROLES);
    this.custody.render();
  }

  /** A new line in the task's log: the custody chain may have grown. */
  logChanged(): void {
    this.custody?.changed();
  }

  /** The words of the task's waiting note and staff buttons, again (language switched, signed in or out). */
  refreshStaff(): void {
    this.staff.update(this.task);
    this.staff.render();
    this.showWaiting();
  }

  update(task: TaskState): void {
    this.task = task;
    const place = taskPlace(task);
    const placeText = place ? this.places.label(place) : task.category;
    this.element.className = `task status-${task.status}`;
    const who = task.assigned_to ? t('tasks.robot', { robot: task.assigned_to.name }) : task.status === 'queued' ? t('tasks.unassigned') : null;
    const lines: (HTMLElement | null)[] = [
      el('div', { class: 'task-head' },
        el('span', { class: `badge status-${task.status}` }, statusText(task)),
        el('strong', {}, place ? t('tasks.to', { place: placeText }) : categoryText(task.category)),
        el('span', { class: 'task-id', title: task.booking.id }, task.booking.id)),
      el('div', { class: 'task-meta' },
        [who, t('tasks.requested', { time: clock(task.booking.unix_millis_request_time) })].filter((s) => s !== null).join(' · ')),
      task.status === 'underway' && task.progress
        ? el('div', { class: 'task-progress' }, t('tasks.progress', {
          m: task.progress.distance_remaining_m.toFixed(1), eta: duration(task.progress.eta_s),
        }))
        : null,
      task.status_reason
        ? el('div', { class: 'task-reason', title: task.status_reason.message }, reasonText(task.status_reason))
        : null,
    ];
    this.info.replaceChildren(...lines.filter((line) => line !== null));
    const cancellable = task.status === 'queued' || task.status === 'underway';
    this.cancel.hidden = !cancellable;
    this.cancel.disabled = this.canceling;
    this.cancel.textContent = this.canceling ? t('tasks.canceling') : t('tasks.cancel');
    this.cancel.setAttribute('aria-label', t('tasks.cancelLabel', { place: placeText }));
    if (!cancellable) this.showProblem(null);
    this.log.setTask(task);
    this.log.render();
    this.refreshStaff();
    this.showRound(task);
    this.showCustody(task);
  }

  private async requestCancel(): Promise<void> {
    this.canceling = true;
    this.update(this.task);
    const result = await cancelTask(this.task.booking.id)
      .catch((err: Error) => ({ success: false, state: undefined, errors: [{ code: 0, category: 'network', detail: err.message }] }));
    this.canceling = false;
    if (result.success && result.state) this.store.putTask(result.state);
    this.showProblem(result.success ? null : t('tasks.cancelFailed', { detail: (result.errors ?? []).map((e) => e.detail).join('; ') }));
    this.update(this.task);
  }

  private showProblem(text: string | null): void {
    this.problem.textContent = text ?? '';
    this.problem.hidden = text === null;
  }
}

/** A task waiting for staff at its robot: loading at the pharmacy, taking back what was not delivered. */
export interface HandOff {
  task: TaskState;
  waits: readonly StaffInput[];
}

export class TaskList {
  private readonly rows = new Map<string, TaskRow>();
  private readonly list = el('ol', { class: 'task-list' });
  private readonly empty = el('p', { class: 'empty' });

  constructor(
    root: HTMLElement, private readonly store: DashboardStore, private readonly places: PlaceIndex, private readonly records: WardRecordsCache,
    /** The tasks waiting for staff at a robot changed (the inbox lists them). */
    private readonly onHandOffs: (waiting: HandOff[]) => void = () => {},
  ) {
    root.replaceChildren(this.empty, this.list);
    store.on('taskLog', ({ task_id, entry }) => {
      const row = this.rows.get(task_id);
      row?.log.append(entry);
      row?.logChanged();
      // A new log line may mean the task now waits for staff (or no longer does).
      row?.refreshStaff();
    });
  }

  /** `rewrite` redoes every row's words: the language changed or the place names arrived. */
  render(rewrite = false): void {
    const shown = this.store.tasksNewestFirst().slice(0, MAX_SHOWN);
    const ids = new Set(shown.map((task) => task.booking.id));
    for (const [id, row] of this.rows) {
      if (ids.has(id)) continue;
      row.element.remove();
      this.rows.delete(id);
    }
    shown.forEach((task, index) => {
      let row = this.rows.get(task.booking.id);
      if (!row) {
        row = new TaskRow(task, this.places, this.store, this.records, () => this.handOffsChanged());
        this.rows.set(task.booking.id, row);
      } else if (rewrite || row.task !== task) {
        row.update(task);
      }
      // Only rows out of place move: moving the row that holds the focus would drop it.
      const atIndex = this.list.children[index];
      if (atIndex !== row.element) this.list.insertBefore(row.element, atIndex ?? null);
    });
    this.empty.textContent = t('tasks.none');
    this.empty.hidden = shown.length > 0;
  }

  private handOffsChanged(): void {
    this.onHandOffs([...this.rows.values()].filter((r) => r.waitsFor.length > 0).map((r) => ({ task: r.task, waits: r.waitsFor })));
  }

  /** Opens a task's row at its staff buttons. */
  focusStaff(taskId: string): void {
    this.rows.get(taskId)?.focusStaff();
  }
}
