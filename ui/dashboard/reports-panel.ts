// The ward in pictures over the last days: tasks per day by category, how long they took, why they
// failed, and the pain scores rounds heard. Fetched when the tab is opened and on "Refresh".
import { fetchReportSummary } from './api.js';
import type { ReportSummary } from './api-types.js';
import { durationsChart, failuresChart, painChart, tasksPerDayChart } from './charts.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import type { PlaceIndex } from './places.js';

const DAY_CHOICES = [7, 14, 30] as const;

export class ReportsPanel {
  private days: number = DAY_CHOICES[0];
  private state: 'idle' | 'loading' | ReportSummary | { failed: string } = 'idle';
  private readonly daysSelect = el('select', { id: 'report-days' });
  private readonly refresh = el('button', { type: 'button', class: 'report-refresh' });
  private readonly status = el('p', { class: 'report-status', role: 'status', 'aria-live': 'polite' });
  private readonly body = el('div', { class: 'report-charts' });
  private readonly daysLabel = el('label', { for: 'report-days' });

  constructor(private readonly root: HTMLElement, private readonly places: PlaceIndex) {
    this.daysSelect.addEventListener('change', () => {
      this.days = Number(this.daysSelect.value);
      void this.load();
    });
    this.refresh.addEventListener('click', () => void this.load());
    root.replaceChildren(el('div', { class: 'report-controls' }, this.daysLabel, this.daysSelect, this.refresh), this.status, this.body);
    this.render();
  }

  async load(): Promise<void> {
    this.state = 'loading';
    this.render();
    try {
      this.state = await fetchReportSummary(this.days);
    } catch (err) {
      this.state = { failed: (err as Error).message };
    }
    this.render();
  }

  clear(): void {
    this.state = 'idle';
    this.render();
  }

  render(): void {
    this.daysLabel.textContent = t('report.days');
    this.daysSelect.replaceChildren(...DAY_CHOICES.map((d) => el('option', { value: String(d) }, t('report.lastDays', { n: d }))));
    this.daysSelect.value = String(this.days);
    this.refresh.textContent = t('report.refresh');
    this.refresh.disabled = this.state === 'loading';
    const state = this.state;
    if (state === 'idle' || state === 'loading') {
      this.status.textContent = state === 'loading' ? t('report.loading') : '';
      if (state === 'idle') this.body.replaceChildren();
      return;
    }
    if ('failed' in state) {
      this.status.textContent = '';
      this.body.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('report.failed', { detail: state.failed })));
      return;
    }
    const totals = state.totals;
    this.status.textContent = t('report.totals', { n: totals.tasks, completed: totals.completed, failed: totals.failed, canceled: totals.canceled, open: totals.open });
    this.body.replaceChildren(
      tasksPerDayChart(state),
      durationsChart(state),
      failuresChart(state),
      painChart(state.pain.readings, {
        name: 'ward-pain', caption: t('report.pain'), daily: state.pain.daily, fromMs: state.from_ms, toMs: state.to_ms,
        bedLabel: (bed) => this.places.label(bed),
      }));
  }
}
