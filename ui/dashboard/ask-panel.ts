// "Ask in your own words": any signed-in member of staff writes what the robot should do; the brain's
// planner (a model or the rules) turns it into a plan. A proposed plan is shown with its steps and
// waits in the approvals inbox; a refused one is shown with each reason, in the dashboard's language.
import { askPlan, errorText } from './api.js';
import type { WirePlan } from './api-types.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { planNames, renderPlan } from './plan-view.js';
import type { WardRecordsCache } from './ward-records.js';

type Shown = { kind: 'none' } | { kind: 'sending' } | { kind: 'empty' } | { kind: 'failed'; detail: string }
  | { kind: 'proposed' | 'refused'; plan: WirePlan };

export class AskPanel {
  private readonly text = el('textarea', { id: 'ask-text', name: 'text', rows: '3', maxlength: '2000', autocomplete: 'off', 'aria-describedby': 'ask-hint' });
  private readonly label = el('label', { for: 'ask-text' });
  private readonly hint = el('p', { id: 'ask-hint', class: 'hint' });
  private readonly submit = el('button', { type: 'submit' });
  private readonly message = el('p', { class: 'form-message ask-message', role: 'status', 'aria-live': 'polite' });
  private readonly result = el('div', { class: 'ask-result' });
  private shown: Shown = { kind: 'none' };

  constructor(
    root: HTMLElement,
    private readonly places: PlaceIndex,
    private readonly records: WardRecordsCache,
    private readonly onProposed: (plan: WirePlan) => void,
  ) {
    const form = el('form', { class: 'ask-form', novalidate: '' }, this.label, this.text, this.hint, this.submit, this.message);
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    // Ctrl+Enter (⌘+Enter) sends from the text box; Enter alone starts a new line.
    this.text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    root.replaceChildren(form, this.result);
    this.render();
  }

  /** The plan shown here was decided (approved, declined): show it as it is now. */
  planChanged(plan: WirePlan): void {
    const s = this.shown;
    if ((s.kind === 'proposed' || s.kind === 'refused') && s.plan.id === plan.id) {
      this.shown = { kind: s.kind, plan };
      this.render();
    }
  }

  /** Signed out: the words and the last plan go. */
  clear(): void {
    this.text.value = '';
    this.shown = { kind: 'none' };
    this.render();
  }

  render(): void {
    this.label.textContent = t('ask.label');
    this.hint.textContent = t('ask.hint');
    const sending = this.shown.kind === 'sending';
    this.submit.textContent = sending ? t('ask.sending') : t('ask.submit');
    this.submit.disabled = sending;
    const s = this.shown;
    const [text, isError] =
      s.kind === 'sending' ? [t('ask.sending'), false]
        : s.kind === 'empty' ? [t('ask.empty'), true]
          : s.kind === 'failed' ? [t('ask.failed', { detail: s.detail }), true]
            : s.kind === 'proposed' ? [s.plan.status === 'awaiting_approval' ? t('ask.proposed') : '', false]
              : s.kind === 'refused' ? [t('ask.refused'), true]
                : ['', false];
    this.message.textContent = text;
    this.message.classList.toggle('error', isError);
    this.result.replaceChildren(...(s.kind === 'proposed' || s.kind === 'refused'
      ? [renderPlan(s.plan, planNames(this.places, this.records), 'ask')] : []));
  }

  private async send(): Promise<void> {
    const text = this.text.value.trim();
    if (!text) {
      this.shown = { kind: 'empty' };
      this.render();
      this.text.focus();
      return;
    }
    this.shown = { kind: 'sending' };
    this.render();
    // The step lines name patients and orders; they are fetched once per sign-in (or after a failure).
    const names = this.records.patients.length && this.records.orders.length ? Promise.resolve() : this.records.refreshOrders();
    const [answer] = await Promise.all([askPlan(text), names]);
    if (answer.outcome === 'failed') {
      this.shown = { kind: 'failed', detail: errorText(answer.errors) };
    } else {
      this.shown = { kind: answer.outcome, plan: answer.plan };
      if (answer.outcome === 'proposed') this.onProposed(answer.plan);
    }
    this.render();
  }
}
