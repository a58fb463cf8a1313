// Words for plans: the planner in the header, each step as one readable line, why a plan needs a
// nurse, and why it was refused, in the dashboard's language. The brain's own sentences (a step's
// "why", a fallback reason) are shown as it wrote them.
import type { PlannerMode, PlanProblemWire, PlanStepWire, WirePlan } from './api-types.js';
import { clock, isMessageKey, lang, t } from './i18n.js';
import { categoryText } from './task-text.js';

/** Looks up what a step names: places, patients and orders, as the rest of the dashboard shows them. */
export interface PlanNames {
  place(name: string): string;
  patient(recordNumber: string): string;
  order(id: string): string;
}

/** The header's badge: rules, a model and where it runs, or the rules because a configured model was refused. */
export function plannerText(mode: PlannerMode): string {
  if (mode.mode === 'model') {
    const where = [mode.site ? t(`planner.site.${mode.site}`) : null, mode.edge_only ? t('planner.edgeOnly') : null].filter((s) => s !== null);
    const name = mode.model ?? '?';
    return where.length ? t('planner.modelAt', { model: name, where: where.join(t('plan.separator')) }) : t('planner.model', { model: name });
  }
  if (mode.reason) return mode.model ? t('planner.refused', { model: mode.model, reason: mode.reason }) : t('planner.refusedNoName', { reason: mode.reason });
  return t('planner.rules');
}

/** A time today as its clock time; another day with its date too. */
export function whenText(unixMs: number): string {
  const d = new Date(unixMs);
  if (d.toDateString() === new Date().toDateString()) return clock(unixMs);
  return d.toLocaleString(lang(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "13:00" stays as it is; an ISO date-time is read in the browser's time. */
export function startAfterText(value: string): string {
  if (/^\d{1,2}:\d{2}$/.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? whenText(ms) : value;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Anything else in a description or a goal, short: `key: value` pairs, cut at about 90 characters. */
function compact(o: Record<string, unknown>): string | null {
  const parts = Object.entries(o).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (!parts.length) return null;
  const text = parts.join(', ');
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}

const list = (items: string[]) => items.join(t('plan.separator'));

/** What a task step's description says, in words: the orders, the beds, the topics, the place. */
function descriptionParts(step: PlanStepWire, names: PlanNames): string[] {
  const d = step.description ?? {};
  const parts: string[] = [];
  switch (step.category) {
    case 'medication_delivery': {
      const orders = strings(d['orders']);
      if (orders.length) parts.push(t('plan.orders', { list: list(orders.map(names.order)) }));
      break;
    }
    case 'health_education': {
      const topics = strings(d['topics']);
      if (typeof d['patient'] === 'string' && d['patient'] !== step.patient) parts.push(t('plan.patient', { name: names.patient(d['patient']) }));
      parts.push(topics.length ? t('plan.topics', { list: list(topics) }) : t('plan.conditions'));
      break;
    }
    case 'ward_round': {
      const beds = strings(d['beds']);
      parts.push(beds.length ? t('plan.beds', { list: list(beds.map(names.place)) }) : t('plan.wholeWard'));
      break;
    }
    case 'go_to_place':
      if (typeof d['place'] === 'string') parts.push(t('plan.to', { place: names.place(d['place']) }));
      break;
    default: {
      const rest = compact(d);
      if (rest) parts.push(rest);
    }
  }
  return parts;
}

/** A skill's goal in words: where to, what to say, which drawer; the rest short. */
function goalParts(goal: Record<string, unknown>, names: PlanNames): string[] {
  const parts: string[] = [];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(goal)) {
    if ((k === 'place' || k === 'place_name') && typeof v === 'string') parts.push(t('plan.to', { place: names.place(v) }));
    else if ((k === 'text' || k === 'question') && typeof v === 'string') parts.push(`“${v.length > 80 ? `${v.slice(0, 79)}…` : v}”`);
    else rest[k] = v;
  }
  const more = compact(rest);
  if (more) parts.push(more);
  return parts;
}

/** What a step is ("Medication delivery", "Robot action: speak"). */
export function stepWhat(step: PlanStepWire): string {
  if (step.kind === 'skill') return t('plan.skill', { skill: step.skill ?? '?' });
  return categoryText(step.category ?? '?');
}

/**
 * One step as a line a nurse reads at a glance: what, for whom (bed, patient), what it carries or
 * covers, when, and how urgent. "Medication delivery · Bed 1 · Wang Fang · orders: MR-1001 (insulin …) · not before 13:00".
 */
export function stepLine(step: PlanStepWire, names: PlanNames): string {
  const parts: string[] = [stepWhat(step)];
  if (step.bed) parts.push(names.place(step.bed));
  if (step.patient) parts.push(names.patient(step.patient));
  if (step.kind === 'skill') {
    if (step.order) parts.push(t('plan.order', { id: names.order(step.order) }));
    parts.push(...goalParts(step.goal ?? {}, names));
  } else {
    parts.push(...descriptionParts(step, names));
    if (step.medications.length) parts.push(t('plan.meds', { list: list(step.medications) }));
  }
  if (step.start_after) parts.push(t('plan.startAfter', { time: startAfterText(step.start_after) }));
  if (step.priority === 'high') parts.push(t('plan.urgent'));
  return parts.join(' · ');
}

/** The brain's approval reasons in words; one it adds later is shown as it spells it. */
export function approvalReasonText(reason: string): string {
  if (reason === 'touches medication') return t('plan.reason.medication');
  if (/^planned from free text by a language model/.test(reason)) return t('plan.reason.freeTextModel');
  if (/^planned from free text by the (deterministic )?rules/.test(reason)) return t('plan.reason.freeTextRules');
  return reason;
}

/** Who planned it: the rules, or a model (and, when the model's plan was not used, why). */
export function plannerOfPlan(plan: WirePlan): string {
  if (plan.planner === 'model' && !plan.fallback_reason) return t('plan.planner.model', { model: plan.model?.model || '?' });
  if (plan.fallback_reason) return t('plan.fallback', { model: plan.model?.model || '?', reason: plan.fallback_reason });
  return t('plan.planner.deterministic');
}

/** A refusal in the dashboard's language, with the step it is about ("Step 1 · Medication delivery"). */
export function problemText(problem: PlanProblemWire): string {
  return lang() === 'zh-CN' ? problem.zh_cn || problem.en : problem.en || problem.zh_cn;
}

export function problemWhere(problem: PlanProblemWire, plan: WirePlan): string {
  if (!problem.step) return t('plan.problemGeneral');
  const index = plan.steps.findIndex((s) => s.id === problem.step);
  const step = plan.steps[index];
  return step ? `${t('plan.step', { n: index + 1 })} · ${stepWhat(step)}` : t('plan.stepId', { id: problem.step });
}

export function planStatusText(status: string): string {
  const key = `pstatus.${status}`;
  return isMessageKey(key) ? t(key) : status;
}
