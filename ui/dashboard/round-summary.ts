// A finished ward round as staff read it: one table row per bed, with what the patient answered, the
// alerts it raised and the summary line, in the dashboard's language. Fetched when first opened.
import { fetchRoundSummary } from './api.js';
import type { RoundBed, RoundSummary } from './api-types.js';
import { el } from './dom.js';
import { isMessageKey, lang, t } from './i18n.js';
import type { PlaceIndex } from './places.js';

function visitText(status: string): string {
  const key = `round.visit.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export class RoundSummaryView {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('summary');
  private readonly body = el('div', { class: 'round-summary-body' });
  private state: 'closed' | 'loading' | RoundSummary | { failed: string } = 'closed';

  constructor(private readonly taskId: string, private readonly places: PlaceIndex) {
    this.element = el('details', { class: 'round-summary' }, this.summary, this.body);
    this.element.addEventListener('toggle', () => {
      const failed = typeof this.state === 'object' && 'failed' in this.state;
      if (this.element.open && (this.state === 'closed' || failed)) void this.load();
    });
    this.render();
  }

  private async load(): Promise<void> {
    this.state = 'loading';
    this.render();
    try {
      this.state = await fetchRoundSummary(this.taskId);
    } catch (err) {
      this.state = { failed: (err as Error).message };
    }
    this.render();
  }

  render(): void {
    this.summary.textContent = t('round.summary');
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'loading') {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('tasks.logLoading')));
    } else if ('failed' in state) {
      this.body.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('round.failed', { detail: state.failed })));
    } else if (state.beds.length === 0) {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('round.noBeds')));
    } else {
      this.body.replaceChildren(this.table(state.beds));
    }
  }

  private table(beds: RoundBed[]): HTMLTableElement {
    const head = el('tr', {}, ...(['round.bed', 'round.answers', 'round.flags', 'round.summaryText'] as const)
      .map((key) => el('th', { scope: 'col' }, t(key))));
    const rows = beds.map((bed) => el('tr', { 'data-bed': bed.bed, class: `visit-${bed.status}` },
      el('th', { scope: 'row' }, this.places.label(bed.bed), el('br'), el('span', { class: 'muted' }, visitText(bed.status))),
      el('td', {}, bed.answers.length
        ? el('ul', { class: 'answers' }, ...bed.answers.map((a) =>
          el('li', { class: a.unclear ? 'unclear' : '' }, `${a.question}: ${a.text || String(a.value ?? '')}${a.unclear ? ` (${t('round.unclear')})` : ''}`)))
        : el('span', { class: 'muted' }, '—')),
      el('td', {}, bed.alerts.length
        ? el('ul', { class: 'flags' }, ...bed.alerts.map((a) => el('li', { class: `severity-${a.severity}` }, a.text[lang()] || a.text.en)))
        : el('span', { class: 'muted' }, '—')),
      el('td', { lang: lang() }, bed.summary[lang()] || bed.summary.en)));
    return el('table', { class: 'round-table' }, el('thead', {}, head), el('tbody', {}, ...rows));
  }
}
