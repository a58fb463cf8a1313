// Plans on the wire (snake_case, as the rest of the API), with the schema the routes document.
import type { ModelModeInfo } from '../llm/types.js';
import type { PlanNode, PlanProblem, PlanStep } from './plan-types.js';
import { stepsOf } from './plan-types.js';
import type { PlanRecord } from './plan-store.js';

const stepWire = (s: PlanStep) => s.kind === 'skill'
  ? { id: s.id, kind: s.kind, skill: s.skill, goal: s.goal, patient: s.patient, order: s.order, why: s.why }
  : { id: s.id, kind: s.kind, category: s.category, description: s.description, start_after: s.startAfter, priority: s.priority, patient: s.patient, bed: s.bed, medications: s.medications, why: s.why };

const problemWire = (p: PlanProblem) => ({ step: p.step, field: p.field, code: p.code, en: p.en, zh_cn: p['zh-CN'] });

/** The tree without the steps' contents: steps are listed once, in `steps`. */
function treeWire(node: PlanNode): Record<string, unknown> {
  switch (node.kind) {
    case 'skill': case 'task': return { step: node.id };
    case 'sequence': return { sequence: node.steps.map(treeWire) };
    case 'retry': return { retry: node.attempts, of: treeWire(node.step) };
    case 'fallback': return { fallback: node.options.map(treeWire) };
  }
}

export function planToWire(r: PlanRecord) {
  return {
    id: r.id, created_ms: r.createdMs, requester: r.requester, text: r.text, planner: r.planner, status: r.status,
    summary: r.plan?.summary ?? null, language: r.plan?.language ?? null,
    steps: r.plan ? stepsOf(r.plan.root).map(stepWire) : [],
    tree: r.plan ? treeWire(r.plan.root) : null,
    problems: r.problems.map(problemWire),
    approval_reasons: r.approvalReasons,
    model: r.trace ? {
      model: r.trace.model, turns: r.trace.turns, prompt_tokens: r.trace.promptTokens, completion_tokens: r.trace.completionTokens,
      tokens_estimated: r.trace.tokensEstimated, model_ms: Math.round(r.trace.modelMs), looks: r.trace.looks, rejected_calls: r.trace.rejectedCalls,
    } : null,
    fallback_reason: r.fallbackReason, decided_by: r.decidedBy, decided_ms: r.decidedMs, decision_note: r.decisionNote, task_ids: r.taskIds,
  };
}

export const modeToWire = (m: ModelModeInfo) => ({ mode: m.mode, model: m.model, site: m.site, edge_only: m.edgeOnly, reason: m.reason });

const nullable = (type: string) => ({ type: [type, 'null'] });
const open = { type: 'object', additionalProperties: true } as const;

export const PLAN_SCHEMA = {
  type: 'object',
  required: ['id', 'created_ms', 'requester', 'text', 'planner', 'status', 'summary', 'steps', 'problems', 'approval_reasons', 'model', 'fallback_reason', 'decided_by', 'decided_ms', 'decision_note', 'task_ids'],
  properties: {
    id: { type: 'string' }, created_ms: { type: 'integer' }, requester: { type: 'string' }, text: nullable('string'),
    planner: { type: 'string', enum: ['deterministic', 'model'] }, status: { type: 'string' }, summary: nullable('string'), language: nullable('string'),
    steps: { type: 'array', items: open, description: 'Each step with why the planner chose it' },
    tree: { ...open, nullable: true, description: 'How the steps nest: sequence, retry, fallback' },
    problems: { type: 'array', items: open, description: 'Why the plan was refused, per step and field, in en and zh_cn' },
    approval_reasons: { type: 'array', items: { type: 'string' } },
    model: { ...open, nullable: true }, fallback_reason: nullable('string'), decided_by: nullable('string'), decided_ms: nullable('integer'),
    decision_note: nullable('string'), task_ids: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const MODE_SCHEMA = {
  type: 'object', required: ['mode', 'model', 'site', 'edge_only', 'reason'],
  properties: { mode: { type: 'string', enum: ['model', 'deterministic'] }, model: nullable('string'), site: nullable('string'), edge_only: { type: 'boolean' }, reason: nullable('string') },
} as const;
