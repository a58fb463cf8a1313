// Open alerts: most severe first (critical in red), the text in the dashboard's language, and an
// acknowledge button with an optional note. Kept live over socket.io; the count shows in the heading.
import { acknowledgeAlert, errorText, fetchOpenAlerts } from './api.js';
import type { WardAlert } from './api-types.js';
import { OpenAlerts } from './alert-order.js';
import { el } from './dom.js';
import { clock, lang, t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { hasRole } from './session.js';

/** Roles the brain lets acknowledge an alert. */
const ACKNOWLEDGING_ROLES = ['nurse', 'pharmacist', 'ward_manager'];

export class AlertsPanel {
  private readonly open = new OpenAlerts();
  private readonly list = el('ol', { class: 'alert-list' });
  private readonly empty = el('p', { class: 'empty' });
  private readonly problem = el('p', { class: 'error', role: 'alert', hidden: '' });
  /** Per alert: a refusal to show, and whether its acknowledgement is in flight. */
  private readonly pending = new Map<string, { sending: boolean; refusal: string | null; note: string }>();

  /** The alert a pin on the map pointed at: outlined until another is pointed at or it closes. */
  private focused: string | null = null;

  /** `onChange` hears the open alerts after every change (the map pins them). */
  constructor(
    root: HTMLElement, private readonly badge: HTMLElement, private readonly places: PlaceIndex,
    private readonly onChange: (open: WardAlert[]) => void = () => {},
  ) {
    root.replaceChildren(this.problem, this.empty, this.list);
    this.render();
  }

  async load(): Promise<void> {
    try {
      this.open.replace(await fetchOpenAlerts());
      this.problem.hidden = true;
    } catch (err) {
      this.problem.textContent = t('alerts.loadFailed', { detail: (err as Error).message });
      this.problem.hidden = false;
    }
    this.render();
  }

  put(alert: WardAlert): void {
    this.open.put(alert);
    this.render();
  }

  acknowledged(id: string): void {
    this.pending.delete(id);
    this.open.close(id);
    this.render();
  }

  clear(): void {
    this.open.replace([]);
    this.render();
  }

  render(): void {
    const alerts = this.open.sorted();
    this.badge.textContent = String(alerts.length);
    this.badge.hidden = alerts.length === 0;
    this.badge.classList.toggle('has-critical', alerts.some((a) => a.severity === 'critical'));
    this.badge.setAttribute('aria-label', t('alerts.count', { n: alerts.length }));
    this.empty.textContent = t('alerts.none');
    this.empty.hidden = alerts.length > 0;
    this.list.replaceChildren(...alerts.map((a) => this.item(a)));
    this.onChange(alerts);
  }

  /** Shows one alert: scrolled into view, outlined and focused, so the keyboard is where the eye goes. */
  focusAlert(id: string): void {
    this.focused = id;
    this.render();
    const item = this.list.querySelector<HTMLElement>(`[data-alert-id="${CSS.escape(id)}"]`);
    if (!item) return;
    item.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    item.focus({ preventScroll: true });
  }

  private item(alert: WardAlert): HTMLLIElement {
    const state = this.pending.get(alert.id) ?? { sending: false, refusal: null, note: '' };
    const where = [
      alert.bed ? this.places.label(alert.bed) : null,
      alert.robot ? t('tasks.robot', { robot: alert.robot }) : null,
      alert.task_id ? t('robots.task', { id: alert.task_id }) : null,
      clock(alert.raised_at_ms),
    ].filter((s) => s !== null).join(' · ');
    const noteId = `alert-note-${alert.id}`;
    const note = el('input', { id: noteId, class: 'alert-note', maxlength: '500', placeholder: t('alerts.notePlaceholder') });
    note.value = state.note;
    note.addEventListener('input', () => this.pending.set(alert.id, { ...state, note: note.value }));
    const ack = el('button', { type: 'button', class: 'acknowledge' }, state.sending ? t('alerts.acknowledging') : t('alerts.acknowledge'));
    ack.disabled = state.sending;
    ack.addEventListener('click', () => void this.acknowledge(alert.id, note.value));
    const canAck = hasRole(...ACKNOWLEDGING_ROLES);
    return el('li', {
      class: `alert severity-${alert.severity}${alert.id === this.focused ? ' is-focused' : ''}`, 'data-alert-id': alert.id, 'data-severity': alert.severity, tabindex: '-1',
    },
      el('div', { class: 'alert-head' },
        el('span', { class: `badge severity-${alert.severity}` }, t(`severity.${alert.severity}`)),
        el('span', { class: 'alert-text', lang: lang() }, alert.text[lang()] || alert.text.en)),
      el('div', { class: 'alert-meta' }, where),
      canAck
        ? el('div', { class: 'alert-actions' },
          el('label', { class: 'visually-hidden', for: noteId }, t('alerts.note')), note, ack)
        : el('p', { class: 'muted' }, t('alerts.cannotAck')),
      state.refusal ? el('p', { class: 'error', role: 'alert' }, state.refusal) : null);
  }

  private async acknowledge(id: string, note: string): Promise<void> {
    this.pending.set(id, { sending: true, refusal: null, note });
    this.render();
    const result = await acknowledgeAlert(id, note.trim());
    if (result.success) {
      this.pending.delete(id);
      this.open.close(id);
    } else {
      this.pending.set(id, { sending: false, refusal: t('alerts.ackFailed', { detail: errorText(result.errors) }), note });
    }
    this.render();
  }
}
