// What a task waits for from staff at the robot (loading the drawers at the pharmacy, taking back what
// was not delivered) and, for pharmacists, the button that does it. Controlled drugs need a witness: a
// second member of staff signs with their own username and password.
import { errorText, fetchWaiting, staffInput, type Witness } from './api.js';
import type { StaffInput, TaskState } from './api-types.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { hasRole, session } from './session.js';
import type { WardRecordsCache } from './ward-records.js';

const ACTION_ROLES = ['pharmacist'];

/** Order ids a task carries, whatever else its description says. */
export function taskOrders(task: TaskState): string[] {
  const orders = (task.detail as { orders?: unknown }).orders;
  return Array.isArray(orders) ? orders.filter((o): o is string => typeof o === 'string') : [];
}

export class StaffActions {
  readonly element = el('div', { class: 'staff-actions' });
  private waiting: StaffInput[] = [];
  private sending = false;
  private refusal: string | null = null;
  private done: string | null = null;
  private readonly witnessUser = el('input', { class: 'witness-username', autocomplete: 'off' });
  private readonly witnessPassword = el('input', { class: 'witness-password', type: 'password', autocomplete: 'off' });
  private checking: Promise<void> | null = null;

  constructor(private task: TaskState, private readonly records: WardRecordsCache, private readonly onWaitingChange: () => void) {
    this.render();
  }

  get waitsFor(): readonly StaffInput[] { return this.waiting; }

  /** Asks the brain again what the task waits for; only underway tasks that carry orders can wait for staff. */
  update(task: TaskState): void {
    this.task = task;
    if (task.status !== 'underway' || !session() || taskOrders(task).length === 0) {
      this.setWaiting([]);
      return;
    }
    this.checking ??= fetchWaiting(task.booking.id)
      .then((waiting) => this.setWaiting(waiting), () => this.setWaiting([]))
      .finally(() => { this.checking = null; });
  }

  private setWaiting(waiting: StaffInput[]): void {
    const changed = waiting.join() !== this.waiting.join();
    this.waiting = waiting;
    if (changed) {
      this.refusal = null;
      this.render();
      this.onWaitingChange();
    }
  }

  /** True when the task's orders include a controlled drug, or when the orders are not known here. */
  private controlled(): boolean {
    return taskOrders(this.task).some((id) => {
      const order = this.records.orders.find((o) => o.id === id);
      return order === undefined || order.controlled;
    });
  }

  render(): void {
    const parts: (HTMLElement | null)[] = [];
    for (const input of this.waiting) {
      parts.push(el('p', { class: 'waiting-for' }, t(`staff.waits.${input}`)));
      if (!hasRole(...ACTION_ROLES)) {
        parts.push(el('p', { class: 'muted' }, t('staff.pharmacistOnly')));
        continue;
      }
      const button = el('button', { type: 'button', class: `staff-${input}` }, this.sending ? t('staff.sending') : t(`staff.${input}`));
      button.disabled = this.sending;
      button.addEventListener('click', () => void this.send(input));
      const witness = input === 'load' && this.controlled()
        ? el('fieldset', { class: 'witness' }, el('legend', {}, t('staff.witness')),
          el('label', {}, t('signIn.username'), ' ', this.witnessUser),
          el('label', {}, t('signIn.password'), ' ', this.witnessPassword))
        : null;
      parts.push(witness, button);
    }
    if (this.refusal) parts.push(el('p', { class: 'error', role: 'alert' }, this.refusal));
    if (this.done) parts.push(el('p', { class: 'muted', role: 'status' }, this.done));
    this.element.replaceChildren(...parts.filter((p) => p !== null));
    this.element.hidden = parts.length === 0;
  }

  /** Focus on the first thing to fill in or press (the witness's username for a controlled drug). */
  focus(): void {
    const first = this.element.querySelector<HTMLElement>('input, button:not([disabled])');
    first?.focus();
  }

  private async send(input: StaffInput): Promise<void> {
    const username = this.witnessUser.value.trim();
    const witness: Witness | null = input === 'load' && username ? { username, password: this.witnessPassword.value } : null;
    this.sending = true;
    this.refusal = null;
    this.done = null;
    this.render();
    const result = await staffInput(this.task.booking.id, input, witness);
    this.sending = false;
    if (result.success) {
      this.witnessPassword.value = '';
      this.done = t(`staff.done.${input}`);
      this.waiting = this.waiting.filter((w) => w !== input);
      this.onWaitingChange();
    } else {
      this.refusal = t('staff.refused', { detail: errorText(result.errors) });
    }
    this.render();
  }
}
