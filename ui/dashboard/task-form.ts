// "Send a robot": the place is picked from a list grouped by kind (or by clicking the map), never typed.
import { dispatchTask } from './api.js';
import { PLACE_KINDS, type Place } from './api-types.js';
import { el } from './dom.js';
import { lang, t } from './i18n.js';
import { placeName, type PlaceIndex } from './places.js';
import type { DashboardStore } from './store.js';
import { statusText } from './task-text.js';

export class TaskForm {
  private readonly select: HTMLSelectElement;
  private readonly message: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;

  constructor(
    root: HTMLElement,
    private readonly places: PlaceIndex,
    private readonly store: DashboardStore,
    private readonly onChoose: (placeName: string | null) => void,
  ) {
    this.select = el('select', { id: 'place', name: 'place', required: '', 'aria-describedby': 'place-hint' });
    this.message = el('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });
    this.submit = el('button', { type: 'submit' });
    const form = el('form', { class: 'task-form', novalidate: '' },
      el('label', { for: 'place', 'data-i18n': 'form.place' }),
      this.select,
      el('p', { id: 'place-hint', class: 'hint', 'data-i18n': 'form.hint' }),
      this.submit, this.message);
    this.select.addEventListener('change', () => this.onChoose(this.select.value || null));
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    root.replaceChildren(form);
    this.render();
  }

  /** A place clicked on the map; the list takes the focus so Enter sends the robot. */
  choose(place: Place): void {
    this.select.value = place.name;
    this.onChoose(place.name);
    this.select.focus();
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
    this.submit.textContent = t('form.submit');
  }

  private async send(): Promise<void> {
    const place = this.select.value;
    if (!place) {
      this.show(t('form.pickFirst'), true);
      this.select.focus();
      return;
    }
    this.submit.disabled = true;
    this.show(t('form.sending'), false);
    try {
      const result = await dispatchTask({ type: 'dispatch_task_request', request: { category: 'go_to_place', description: { place }, requester: 'dashboard' } });
      if (result.success) {
        this.store.putTask(result.state);
        this.show(t('form.sent', { id: result.state.booking.id, status: statusText(result.state) }), false);
      } else {
        this.show(t('form.failed', { detail: result.errors.map((e) => e.detail).join('; ') }), true);
      }
    } catch (err) {
      this.show(t('form.failed', { detail: (err as Error).message }), true);
    } finally {
      this.submit.disabled = false;
    }
  }

  private show(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle('error', isError);
  }
}
