// The approvals inbox: hand-offs waiting for staff at a robot (each opens its task's buttons), then plans waiting for a nurse, newest first, each read in full (plan-view.ts) with a
// note and Approve / Decline. Approving is a nurse's; declining needs a note and is a nurse's or the
// requester's. Everyone signed in sees the list. Plans decided at this desk stay below, with the tasks
// they became, until the page is reloaded. main.ts reloads it on the brain's plan_changed event (and now and then).
import { approvePlan, declinePlan, errorText, fetchPlan, fetchPlans } from './api.js';
import type { WirePlan } from './api-types.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { planNames, planSummaryId, renderPlan } from './plan-view.js';
import { hasRole, session } from './session.js';
import type { HandOff } from './task-list.js';
import type { WardRecordsCache } from './ward-records.js';

/** Roles the brain lets approve a plan. */
export const APPROVER_ROLES = ['nurse'];
const KEEP_DECIDED = 5;

type Busy = 'approve' | 'decline' | null;

class PlanCard {
  readonly element: HTMLLIElement;
  /** Focusable, so the focus lands on the decided plan when its buttons go. */
  private readonly view = el('div', { class: 'plan-view', tabindex: '-1' });
  private readonly noteLabel: HTMLLabelElement;
  private readonly note: HTMLInputElement;
  private readonly approve = el('button', { type: 'button', class: 'plan-approve' });
  private readonly decline = el('button', { type: 'button', class: 'plan-decline' });
  private readonly who = el('p', { class: 'muted plan-permission' });
  private readonly actions: HTMLDivElement;
  private readonly message = el('p', { class: 'error plan-message', role: 'alert', hidden: '' });
  private shownKey = '';
  private busy: Busy = null;
  private refusal: string | null = null;

  constructor(public plan: WirePlan, private readonly panel: ApprovalsPanel) {
    const noteId = `plan-note-${plan.id}`;
    this.noteLabel = el('label', { for: noteId, class: 'plan-note-label' });
    this.note = el('input', { id: noteId, class: 'plan-note', maxlength: '500', autocomplete: 'off' });
    this.note.addEventListener('input', () => this.note.removeAttribute('aria-invalid'));
    this.approve.addEventListener('click', () => void this.decide('approve'));
    this.decline.addEventListener('click', () => void this.decide('decline'));
    this.actions = el('div', { class: 'plan-actions' },
      this.noteLabel, this.note, el('div', { class: 'plan-buttons' }, this.approve, this.decline), this.who);
    this.element = el('li', { class: 'plan-card', 'data-plan-id': plan.id }, this.view, this.actions, this.message);
    this.render(true);
  }

  /** `rewrite`: the language changed (or who is signed in), so every word is redone. */
  render(rewrite = false): void {
    const key = JSON.stringify(this.plan);
    if (rewrite || key !== this.shownKey) {
      this.view.replaceChildren(renderPlan(this.plan, this.panel.names(), 'inbox'));
      this.shownKey = key;
    }
    const open = this.plan.status === 'awaiting_approval';
    this.actions.hidden = !open;
    this.element.dataset['status'] = this.plan.status;
    this.noteLabel.textContent = t('approvals.note');
    const nurse = hasRole(...APPROVER_ROLES);
    const mayDecline = nurse || session()?.user.username === this.plan.requester;
    this.approve.textContent = this.busy === 'approve' ? t('approvals.approving') : t('approvals.approve');
    this.decline.textContent = this.busy === 'decline' ? t('approvals.declining') : t('approvals.decline');
    this.approve.disabled = !nurse || this.busy !== null;
    this.decline.disabled = !mayDecline || this.busy !== null;
    this.setTitle(this.approve, nurse ? null : t('approvals.onlyNurse'));
    this.setTitle(this.decline, mayDecline ? null : t('approvals.onlyNurseOrRequester'));
    const summary = this.plan.summary ? planSummaryId('inbox', this.plan) : null;
    for (const b of [this.approve, this.decline]) {
      if (summary) b.setAttribute('aria-describedby', summary);
      else b.removeAttribute('aria-describedby');
    }
    // The reason a button is greyed out, in words on the page as well as in its tooltip.
    this.who.textContent = !nurse ? (mayDecline ? t('approvals.onlyNurse') : `${t('approvals.onlyNurse')} ${t('approvals.onlyNurseOrRequester')}`) : '';
    this.who.hidden = nurse;
    const text = this.refusal ?? (this.plan.status === 'refused' && this.plan.decided_by ? t('approvals.noLongerValid') : null);
    this.message.textContent = text ?? '';
    this.message.hidden = text === null;
  }

  private setTitle(button: HTMLButtonElement, title: string | null): void {
    if (title) button.title = title;
    else button.removeAttribute('title');
  }

  private async decide(verb: 'approve' | 'decline'): Promise<void> {
    const note = this.note.value.trim();
    if (verb === 'decline' && !note) {
      this.refusal = t('approvals.needNote');
      this.note.setAttribute('aria-invalid', 'true');
      this.render();
      this.note.focus();
      return;
    }
    this.busy = verb;
    this.refusal = null;
    this.render();
    const result = verb === 'approve' ? await approvePlan(this.plan.id, note) : await declinePlan(this.plan.id, note);
    this.busy = null;
    if (result.success) {
      this.note.value = '';
      this.plan = result.plan;
      this.panel.decided(this);
      this.view.focus();
      return;
    }
    this.refusal = t('approvals.refused', { detail: errorText(result.errors) });
    // Someone else may have decided it meanwhile: show it as it is now.
    const now = await fetchPlan(this.plan.id).catch(() => null);
    if (now && now.status !== 'awaiting_approval') {
      this.plan = now;
      this.panel.decided(this);
      this.view.focus();
      return;
    }
    this.render();
  }
}

export class ApprovalsPanel {
  private readonly handOffTitle = el('h3', { class: 'handoffs-title' });
  private readonly handOffList = el('ul', { class: 'handoffs' });
  private handOffs: HandOff[] = [];
  private readonly status = el('p', { class: 'muted approvals-status' });
  private readonly list = el('ol', { class: 'plan-list approvals-list' });
  private readonly decidedTitle = el('h3', { class: 'approvals-decided-title' });
  private readonly decidedList = el('ol', { class: 'plan-list approvals-decided' });
  private readonly cards = new Map<string, PlanCard>();
  private decidedCards: PlanCard[] = [];
  private waiting: WirePlan[] = [];
  private problem: string | null = null;
  private loaded = false;
  private loading: Promise<void> | null = null;
  private namesLoaded = false;

  constructor(
    root: HTMLElement,
    private readonly badge: HTMLElement,
    private readonly places: PlaceIndex,
    private readonly records: WardRecordsCache,
    /** A plan decided here, as it is now (the ask box may be showing it). */
    private readonly onDecided: (plan: WirePlan) => void,
    /** Opens a waiting task at its staff buttons (the task board). */
    private readonly openHandOff: (taskId: string) => void = () => {},
  ) {
    root.replaceChildren(this.handOffTitle, this.handOffList, this.status, this.list, this.decidedTitle, this.decidedList);
    this.render();
  }

  names() {
    return planNames(this.places, this.records);
  }

  /** Fetches the plans waiting for approval (one fetch at a time; polls overlap nothing). */
  load(): Promise<void> {
    this.loading ??= this.fetch().finally(() => { this.loading = null; });
    return this.loading;
  }

  private async fetch(): Promise<void> {
    if (!this.namesLoaded) {
      this.namesLoaded = true;
      await this.records.refreshOrders();
    }
    try {
      const plans = await fetchPlans('awaiting_approval');
      // A fetch that left before a decision here may still list the plan as waiting.
      this.waiting = plans.filter((p) => !this.decidedCards.some((c) => c.plan.id === p.id));
      this.problem = null;
    } catch (err) {
      this.problem = t('approvals.loadFailed', { detail: (err as Error).message });
    }
    this.loaded = true;
    this.render();
  }

  /**
   * Tasks waiting for staff at a robot: a hand-off to authenticate (the pharmacist loads, with a witness
   * for a controlled drug; undelivered medication taken back). The inbox names them; the task's row does it.
   */
  setHandOffs(waiting: HandOff[]): void {
    this.handOffs = waiting;
    this.renderHandOffs();
  }

  private renderHandOffs(): void {
    this.handOffTitle.textContent = t('handoffs.title');
    this.handOffTitle.hidden = this.handOffs.length === 0;
    this.handOffList.replaceChildren(...this.handOffs.map(({ task, waits }) => {
      const robot = task.assigned_to?.name ?? '?';
      const open = el('button', { type: 'button', class: 'handoff-open' }, t('handoffs.open'));
      open.setAttribute('aria-label', t('handoffs.openLabel', { robot, id: task.booking.id }));
      open.addEventListener('click', () => this.openHandOff(task.booking.id));
      return el('li', { class: 'handoff', 'data-task-id': task.booking.id },
        el('strong', {}, robot), ' ', waits.map((w) => t(`staff.waits.${w}`)).join(' '), ' ', el('span', { class: 'task-id' }, task.booking.id), ' ', open);
    }));
    this.badge.textContent = String(this.waiting.length + this.handOffs.length);
    this.badge.hidden = this.waiting.length + this.handOffs.length === 0;
  }

  /** A plan just proposed at this desk (the ask box, the task form): listed at once, then fetched again. */
  put(plan: WirePlan): void {
    if (plan.status === 'awaiting_approval' && !this.waiting.some((p) => p.id === plan.id)) this.waiting = [plan, ...this.waiting];
    this.render();
    void this.load();
  }

  /** A card whose plan was decided here moves to the "decided here" list. */
  decided(card: PlanCard): void {
    this.cards.delete(card.plan.id);
    this.waiting = this.waiting.filter((p) => p.id !== card.plan.id);
    this.decidedCards = [card, ...this.decidedCards.filter((c) => c !== card)].slice(0, KEEP_DECIDED);
    this.render();
    this.onDecided(card.plan);
    void this.load();
  }

  clear(): void {
    this.waiting = [];
    this.cards.clear();
    this.decidedCards = [];
    this.loaded = false;
    this.namesLoaded = false;
    this.problem = null;
    this.render();
  }

  /** `rewrite` redoes every card's words (language switched, signed in as someone else). */
  render(rewrite = false): void {
    const ids = new Set(this.waiting.map((p) => p.id));
    for (const [id, card] of this.cards) {
      if (!ids.has(id)) {
        card.element.remove();
        this.cards.delete(id);
      }
    }
    this.waiting.forEach((plan, index) => {
      let card = this.cards.get(plan.id);
      if (!card) {
        card = new PlanCard(plan, this);
        this.cards.set(plan.id, card);
      } else {
        card.plan = plan;
        card.render(rewrite);
      }
      // Only cards out of place move, so a note being typed keeps its focus.
      const atIndex = this.list.children[index];
      if (atIndex !== card.element) this.list.insertBefore(card.element, atIndex ?? null);
    });
    this.status.textContent = this.problem ?? (!this.loaded ? t('approvals.loading') : this.waiting.length === 0 ? t('approvals.none') : '');
    this.status.className = this.problem ? 'error approvals-status' : 'muted approvals-status';
    this.status.hidden = this.status.textContent === '';
    this.badge.setAttribute('aria-label', t('approvals.count', { n: this.waiting.length }));
    this.renderHandOffs();
    this.decidedTitle.textContent = t('approvals.decidedHere');
    this.decidedTitle.hidden = this.decidedCards.length === 0;
    for (const card of this.decidedCards) card.render(rewrite);
    const shown = [...this.decidedList.children];
    if (shown.length !== this.decidedCards.length || shown.some((node, i) => node !== this.decidedCards[i]?.element)) {
      this.decidedList.replaceChildren(...this.decidedCards.map((c) => c.element));
    }
  }
}
