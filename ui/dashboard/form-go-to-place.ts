// go_to_place: the place is picked from a list grouped by kind (or by clicking the map), never typed.
import { PLACE_KINDS, type Place, type TaskDescriptions } from './api-types.js';
import { el } from './dom.js';
import { lang, t } from './i18n.js';
import { errorSlotFor, type CategoryFields, type Collected } from './form-fields.js';
import { placeName, type PlaceIndex } from './places.js';

export class GoToPlaceFields implements CategoryFields<TaskDescriptions['go_to_place']> {
  readonly element: HTMLElement;
  private readonly select = el('select', { id: 'place', name: 'place', 'aria-describedby': 'place-hint place-error' });
  private readonly error = errorSlotFor('place');

  constructor(private readonly places: PlaceIndex, private readonly onChoose: (placeName: string | null) => void) {
    this.element = el('div', { class: 'category-fields' },
      el('label', { for: 'place', 'data-i18n': 'form.place' }), this.select, this.error,
      el('p', { id: 'place-hint', class: 'hint', 'data-i18n': 'form.hint' }));
    this.select.addEventListener('change', () => this.onChoose(this.select.value || null));
    this.render();
  }

  render(): void {
    const chosen = this.select.value;
    const all = this.places.all();
    const manyLevels = new Set(all.map((p) => p.level)).size > 1;
    const collator = new Intl.Collator(lang(), { numeric: true });
    const groups = PLACE_KINDS.map((kind) => {
      const inKind = all.filter((p) => p.kind === kind).sort((a, b) => collator.compare(placeName(a), placeName(b)));
      if (!inKind.length) return null;
      return el('optgroup', { label: t(`kind.${kind}`) }, ...inKind.map((p) =>
        el('option', { value: p.name }, manyLevels ? `${placeName(p)} · ${t('robots.level', { level: p.level })}` : placeName(p))));
    });
    this.select.replaceChildren(el('option', { value: '' }, t('form.choose')), ...groups.filter((g) => g !== null));
    this.select.value = chosen;
  }

  refresh(): Promise<void> { return Promise.resolve(); }

  collect(): Collected<TaskDescriptions['go_to_place']> {
    const place = this.select.value;
    if (!place) {
      this.select.focus();
      return { ok: false, field: 'place', message: t('form.pickFirst') };
    }
    return { ok: true, description: { place } };
  }

  errorSlot(field: string): HTMLElement | null { return field === 'place' ? this.error : null; }

  choose(place: Place): boolean {
    this.select.value = place.name;
    this.onChoose(place.name);
    this.select.focus();
    return true;
  }
}
