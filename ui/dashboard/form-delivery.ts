// medication_delivery: active orders, grouped by patient (one locked drawer each, at most four), with
// controlled drugs marked: loading those at the pharmacy needs a second member of staff as witness.
import type { MedicationOrder, TaskDescriptions } from './api-types.js';
import { el } from './dom.js';
import { lang, t } from './i18n.js';
import { errorSlotFor, type CategoryFields, type Collected } from './form-fields.js';
import type { PlaceIndex } from './places.js';
import type { WardRecordsCache } from './ward-records.js';

/** Drawers on a robot: one patient each. */
export const MAX_DELIVERY_PATIENTS = 4;

export class DeliveryFields implements CategoryFields<TaskDescriptions['medication_delivery']> {
  readonly element: HTMLElement;
  private readonly list = el('div', { class: 'order-groups', id: 'delivery-orders', 'aria-describedby': 'orders-error' });
  private readonly error = errorSlotFor('orders');
  private readonly chosen = new Set<string>();

  constructor(private readonly places: PlaceIndex, private readonly records: WardRecordsCache) {
    this.element = el('fieldset', { class: 'category-fields' }, el('legend', { 'data-i18n': 'delivery.orders' }), this.list, this.error);
    this.render();
  }

  render(): void {
    if (this.records.ordersProblem) {
      this.list.replaceChildren(el('p', { class: 'error' }, t('delivery.ordersFailed', { detail: this.records.ordersProblem })));
      return;
    }
    const byPatient = new Map<string, MedicationOrder[]>();
    for (const order of this.records.orders) byPatient.set(order.patient, [...(byPatient.get(order.patient) ?? []), order]);
    if (!byPatient.size) {
      this.list.replaceChildren(el('p', { class: 'muted' }, t('delivery.none')));
      return;
    }
    const collator = new Intl.Collator(lang(), { numeric: true });
    const heading = (record: string) => {
      const p = this.records.patient(record);
      return p ? `${p.bed ? this.places.label(p.bed) : t('edu.noBed')} · ${p.name}` : record;
    };
    const groups = [...byPatient.entries()].sort(([a], [b]) => collator.compare(heading(a), heading(b)));
    this.list.replaceChildren(...groups.map(([record, orders]) =>
      el('fieldset', { class: 'order-group', 'data-patient': record }, el('legend', {}, heading(record)),
        ...orders.map((order) => this.orderChoice(order)))));
  }

  private orderChoice(order: MedicationOrder): HTMLElement {
    const box = el('input', { type: 'checkbox', name: 'orders', value: order.id });
    box.checked = this.chosen.has(order.id);
    box.addEventListener('change', () => { if (box.checked) this.chosen.add(order.id); else this.chosen.delete(order.id); });
    return el('label', { class: 'choice order' }, box,
      el('span', {}, `${order.medication.display} — ${order.dosage}`),
      order.controlled ? el('span', { class: 'badge controlled', title: t('delivery.controlledHint') }, t('delivery.controlled')) : null);
  }

  refresh(): Promise<void> { return this.records.refreshOrders().then(() => this.render()); }

  collect(): Collected<TaskDescriptions['medication_delivery']> {
    const active = new Map(this.records.orders.map((o) => [o.id, o]));
    const orders = [...this.chosen].filter((id) => active.has(id));
    if (!orders.length) return { ok: false, field: 'orders', message: t('delivery.pickOrders') };
    const patients = new Set(orders.map((id) => active.get(id)!.patient));
    if (patients.size > MAX_DELIVERY_PATIENTS) {
      return { ok: false, field: 'orders', message: t('delivery.tooManyPatients', { n: patients.size, max: MAX_DELIVERY_PATIENTS }) };
    }
    return { ok: true, description: { orders } };
  }

  errorSlot(field: string): HTMLElement | null { return field === 'orders' ? this.error : null; }
}
