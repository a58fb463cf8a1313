// One plan, as a nurse reads it before approving: who asked what and when, which planner read it, the
// summary, each step as a line with why the planner chose it, why it needs a nurse, the model's tool
// calls that were turned down, why it was refused, and what it became. Shared by the "Ask in your own
// words" box and the approvals inbox.
import type { WirePlan } from './api-types.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import {
  approvalReasonText, planStatusText, plannerOfPlan, problemText, problemWhere, stepLine, whenText, type PlanNames,
} from './plan-text.js';
import { taskAnchor } from './task-text.js';
import type { WardRecordsCache } from './ward-records.js';

/** Places by their label, patients by name, orders with their medication, as far as this page has them. */
export function planNames(places: PlaceIndex, records: WardRecordsCache): PlanNames {
  return {
    place: (name) => places.label(name),
    patient: (recordNumber) => records.patient(recordNumber)?.name ?? recordNumber,
    order: (id) => {
      const display = records.orders.find((o) => o.id === id)?.medication.display;
      if (!display) return id;
      return `${id} (${display.length > 40 ? `${display.slice(0, 39)}…` : display})`;
    },
  };
}

/** The id of the element that holds a plan's summary, for `aria-describedby` on its buttons. */
export const planSummaryId = (prefix: string, plan: WirePlan): string => `${prefix}-${plan.id}-summary`;

export function renderPlan(plan: WirePlan, names: PlanNames, idPrefix: string): HTMLElement {
  const asked = plan.text !== null
    ? el('blockquote', { class: 'plan-text', ...(plan.language ? { lang: plan.language } : {}) }, plan.text)
    : el('p', { class: 'plan-text muted' }, t('plan.fromForm'));
  const steps = plan.steps.length
    ? el('ol', { class: 'plan-steps', 'aria-label': t('plan.steps') }, ...plan.steps.map((step) =>
      el('li', { class: `plan-step kind-${step.kind}`, 'data-step-id': step.id },
        el('div', { class: 'plan-step-line' }, stepLine(step, names)),
        step.why ? el('div', { class: 'plan-why' }, el('span', { class: 'plan-why-label' }, t('plan.why')), ' ', step.why) : null)))
    : null;
  const reasons = plan.approval_reasons.length && plan.status === 'awaiting_approval'
    ? el('div', { class: 'plan-reasons' },
      el('span', {}, t('plan.needsApproval')),
      el('ul', {}, ...plan.approval_reasons.map((r) => el('li', { 'data-reason': r }, approvalReasonText(r)))))
    : null;
  const rejected = plan.model?.rejected_calls.length
    ? el('div', { class: 'plan-rejected' },
      el('span', {}, t('plan.rejected', { n: plan.model.rejected_calls.length })),
      el('ul', {}, ...plan.model.rejected_calls.map((c) => el('li', {}, el('code', {}, c.tool), ` — ${c.reason}`))))
    : null;
  const problems = plan.problems.length
    ? el('div', { class: 'plan-problems' },
      el('strong', {}, t('plan.problems')),
      el('ul', {}, ...plan.problems.map((p) =>
        el('li', { 'data-code': p.code, ...(p.step ? { 'data-step': p.step } : {}) },
          el('span', { class: 'plan-problem-where' }, problemWhere(p, plan)), ': ', el('span', { class: 'plan-problem-text' }, problemText(p))))))
    : null;
  const decided = plan.decided_by && plan.decided_ms !== null
    ? el('p', { class: 'plan-decision' },
      t('plan.decided', { status: planStatusText(plan.status), who: plan.decided_by, time: whenText(plan.decided_ms) }),
      plan.decision_note ? ` · ${t('plan.note', { note: plan.decision_note })}` : '')
    : null;
  const tasks = plan.task_ids.length
    ? el('p', { class: 'plan-tasks' }, t('plan.tasks'), ' ',
      ...plan.task_ids.flatMap((id, i) => [i > 0 ? ', ' : '', el('a', { href: `#${taskAnchor(id)}`, class: 'plan-task', 'data-task-id': id }, id)]))
    : null;
  return el('article', { class: `plan pstatus-${plan.status}`, 'data-plan-id': plan.id, 'data-status': plan.status },
    el('div', { class: 'plan-head' },
      el('span', { class: `badge pstatus-${plan.status}` }, planStatusText(plan.status)),
      el('span', { class: 'plan-meta' }, t('plan.by', { who: plan.requester, time: whenText(plan.created_ms) }))),
    asked,
    el('p', { class: 'plan-planner' }, plannerOfPlan(plan)),
    plan.summary ? el('p', { class: 'plan-summary', id: planSummaryId(idPrefix, plan) }, plan.summary) : null,
    steps, reasons, rejected, problems, decided, tasks);
}
