// ward_round: the whole ward (no beds named: the brain visits every bed with a patient) or chosen beds.
import type { Place, TaskDescriptions } from './api-types.js';
import { el } from './dom.js';
import { lang, t } from './i18n.js';
import { errorSlotFor, type CategoryFields, type Collected } from './form-fields.js';
import { placeName, type PlaceIndex } from './places.js';
import type { WardRecordsCache } from './ward-records.js';

export class WardRoundFields implements CategoryFields<TaskDescriptions['ward_round']> {
  readonly element: HTMLElement;
  private readonly whole = el('input', { type: 'radio', name: 'round-scope', value: 'whole', id: 'round-whole', checked: '' });
  private readonly some = el('input', { type: 'radio', name: 'round-scope', value: 'beds', id: 'round-beds' });
  private readonly bedList = el('div', { class: 'choice-list', id: 'round-bed-list', role: 'group', 'aria-describedby': 'beds-error' });
  private readonly error = errorSlotFor('beds');
  private readonly chosen = new Set<string>();

  constructor(private readonly places: PlaceIndex, private readonly records: WardRecordsCache) {
    this.element = el('fieldset', { class: 'category-fields' },
      el('legend', { 'data-i18n': 'round.scope' }),
      el('label', { class: 'choice' }, this.whole, el('span', { 'data-i18n': 'round.whole' })),
      el('label', { class: 'choice' }, this.some, el('span', { 'data-i18n': 'round.chooseBeds' })),
      this.bedList, this.error);
    for (const radio of [this.whole, this.some]) radio.addEventListener('change', () => this.render());
    this.render();
  }

  render(): void {
    const collator = new Intl.Collator(lang(), { numeric: true });
    const beds = this.places.all().filter((p) => p.kind === 'bed').sort((a, b) => collator.compare(placeName(a), placeName(b)));
    this.bedList.hidden = !this.some.checked;
    this.bedList.replaceChildren(...beds.map((bed) => {
      const box = el('input', { type: 'checkbox', name: 'beds', value: bed.name });
      box.checked = this.chosen.has(bed.name);
      box.addEventListener('change', () => { if (box.checked) this.chosen.add(bed.name); else this.chosen.delete(bed.name); });
      const patient = this.records.patientInBed(bed.name);
      return el('label', { class: 'choice' }, box, el('span', {}, patient ? `${placeName(bed)} · ${patient.name}` : placeName(bed)));
    }));
  }

  refresh(): Promise<void> { return this.records.refreshPatients().then(() => this.render()); }

  collect(): Collected<TaskDescriptions['ward_round']> {
    if (this.whole.checked) return { ok: true, description: {} };
    const beds = [...this.chosen].filter((name) => this.places.get(name)?.kind === 'bed');
    if (!beds.length) return { ok: false, field: 'beds', message: t('round.pickBeds') };
    return { ok: true, description: { beds } };
  }

  errorSlot(field: string): HTMLElement | null { return field === 'beds' ? this.error : null; }

  /** A bed clicked on the map joins the chosen beds. */
  choose(place: Place): boolean {
    if (place.kind !== 'bed') return false;
    this.some.checked = true;
    this.chosen.add(place.name);
    this.render();
    return true;
  }
}
