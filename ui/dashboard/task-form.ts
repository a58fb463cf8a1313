// "Send a robot": the place is picked from a grouped list (or by clicking the map), never typed.
import { dispatchTask } from './api.js';
import { PLACE_KINDS, type Place } from './api-types.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import type { MessageKey } from './i18n/en.js';
import type { PlaceIndex } from './places.js';

export class TaskForm {
  private readonly select: HTMLSelectElement;
  private readonly message: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;

  constructor(root: HTMLElement, private readonly places: PlaceIndex) {
    this.select = el('select', { id: 'place', name: 'place', required: '' });
    this.message = el('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });
    this.submit = el('button', { type: 'submit' });
    const form = el('form', { class: 'task-form' },
      el('label', { for: 'place', 'data-i18n': 'form.place' }),
      this.select, this.submit, this.message);
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    root.replaceChildren(form);
    this.render();
  }

  choose(place: Place): void {
    this.select.value = place.name;
    this.select.focus();
  }

  render(): void {
    const chosen = this.select.value;
    const groups = PLACE_KINDS.map((kind) => {
      const inKind = this.places.all().filter((p) => p.kind === kind).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
      if (!inKind.length) return null;
      return el('optgroup', { label: t(`kind.${kind}` as MessageKey) }, ...inKind.map((p) => el('option', { value: p.name }, `${this.places.label(p.name)} (${p.level})`)));
    });
    this.select.replaceChildren(el('option', { value: '' }, t('form.choose')), ...groups.filter((g) => g !== null));
    this.select.value = chosen;
    this.submit.textContent = t('form.submit');
  }

  private async send(): Promise<void> {
    const place = this.select.value;
    if (!place) {
      this.show(t('form.pickFirst'), true);
      return;
    }
    this.submit.disabled = true;
    this.show(t('form.sending'), false);
    try {
      const result = await dispatchTask({ type: 'dispatch_task_request', request: { category: 'go_to_place', description: { place }, requester: 'dashboard' } });
      if (result.success) this.show(t('form.sent', { id: result.state.booking.id, status: t(`tstatus.${result.state.status}` as MessageKey) }), false);
      else this.show(t('form.failed', { detail: result.errors.map((e) => e.detail).join('; ') }), true);
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
