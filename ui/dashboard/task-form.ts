// "New task": the category first, then its own fields; the brain's refusals are shown under the field
// they name (request.description.beds[0] → the beds), anything else under the submit button.
import { dispatchTask } from './api.js';
import { DASHBOARD_CATEGORIES, type DashboardCategory, type Place, type TaskRequest, type WirePlan } from './api-types.js';
import { el } from './dom.js';
import { t, translateStatic } from './i18n.js';
import { DeliveryFields } from './form-delivery.js';
import { EducationFields } from './form-education.js';
import { descriptionField, type CategoryFields } from './form-fields.js';
import { GoToPlaceFields } from './form-go-to-place.js';
import { WardRoundFields } from './form-ward-round.js';
import type { PlaceIndex } from './places.js';
import { session } from './session.js';
import type { DashboardStore } from './store.js';
import { categoryText, statusText } from './task-text.js';
import type { WardRecordsCache } from './ward-records.js';

type AnyFields = { [C in DashboardCategory]: CategoryFields<Extract<TaskRequest, { category: C }>['description']> };

export class TaskForm {
  private readonly category = el('select', { id: 'category', name: 'category' });
  private readonly message = el('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });
  private readonly submit = el('button', { type: 'submit' });
  private readonly holder = el('div', { class: 'category-holder' });
  private readonly fields: AnyFields;
  private readonly goToPlace: GoToPlaceFields;

  constructor(
    root: HTMLElement,
    places: PlaceIndex,
    private readonly store: DashboardStore,
    records: WardRecordsCache,
    onChoose: (placeName: string | null) => void,
    /** A request that waits for a nurse's approval (medication asked for by someone else) goes to the inbox. */
    private readonly onAwaitingApproval: (plan: WirePlan) => void,
  ) {
    this.goToPlace = new GoToPlaceFields(places, onChoose);
    this.fields = {
      ward_round: new WardRoundFields(places, records),
      health_education: new EducationFields(places, records),
      medication_delivery: new DeliveryFields(places, records),
      go_to_place: this.goToPlace,
    };
    const form = el('form', { class: 'task-form', novalidate: '' },
      el('label', { for: 'category', 'data-i18n': 'form.category' }), this.category,
      this.holder, this.submit, this.message);
    this.category.addEventListener('change', () => this.showCategory());
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    root.replaceChildren(form);
    this.render();
    this.showCategory();
  }

  private current(): CategoryFields<TaskRequest['description']> {
    return this.fields[this.category.value as DashboardCategory] as CategoryFields<TaskRequest['description']>;
  }

  private showCategory(): void {
    this.clearErrors();
    this.holder.replaceChildren(this.current().element);
    void this.refresh();
  }

  /** Fetch the chosen category's lists again (after sign-in, or when it is picked). */
  async refresh(): Promise<void> {
    if (session()) await this.current().refresh();
  }

  /** A place clicked on the map: a bed joins a ward round's beds; otherwise the robot is sent there. */
  choose(place: Place): void {
    if (this.current().choose?.(place)) return;
    this.category.value = 'go_to_place';
    this.showCategory();
    this.goToPlace.choose(place);
  }

  render(): void {
    const chosen = this.category.value || DASHBOARD_CATEGORIES[0];
    this.category.replaceChildren(...DASHBOARD_CATEGORIES.map((c) => el('option', { value: c }, categoryText(c))));
    this.category.value = chosen;
    for (const fields of Object.values(this.fields)) {
      // Only the shown category is in the page; the others get their words here.
      translateStatic(fields.element);
      fields.render();
    }
    this.submit.textContent = t('form.submit');
  }

  private async send(): Promise<void> {
    this.clearErrors();
    const category = this.category.value as DashboardCategory;
    const collected = this.current().collect();
    if (!collected.ok) {
      this.showFieldError(collected.field, collected.message);
      return;
    }
    this.submit.disabled = true;
    this.show(t('form.sending'), false);
    try {
      const request = { category, description: collected.description, requester: session()?.user.username ?? 'dashboard' } as TaskRequest;
      const result = await dispatchTask({ type: 'dispatch_task_request', request });
      if (result.success && result.plan) {
        this.onAwaitingApproval(result.plan);
        this.show(t('form.awaiting', { id: result.plan.id }), false);
        return;
      }
      if (result.success) {
        this.store.putTask(result.state);
        this.show(t('form.sent', { id: result.state.booking.id, status: statusText(result.state) }), false);
        return;
      }
      const general: string[] = [];
      for (const error of result.errors) {
        const named = descriptionField(error.detail);
        if (!named || !this.showFieldError(named.field, named.detail)) general.push(error.detail);
      }
      this.show(t('form.failed', { detail: general.length ? general.join('; ') : t('form.seeFields') }), true);
    } finally {
      this.submit.disabled = false;
    }
  }

  /** False when this category has no such field (the caller shows the problem in general). */
  private showFieldError(field: string, text: string): boolean {
    const slot = this.current().errorSlot(field);
    if (!slot) {
      this.show(text, true);
      return false;
    }
    slot.textContent = slot.hidden ? text : `${slot.textContent ?? ''}; ${text}`;
    slot.hidden = false;
    return true;
  }

  private clearErrors(): void {
    for (const slot of this.holder.querySelectorAll<HTMLElement>('.field-error')) {
      slot.textContent = '';
      slot.hidden = true;
    }
    this.show('', false);
  }

  private show(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', isError);
  }
}
