// A plan: what a planner (the deterministic one or a language model) proposes for a request, as a
// tree of ward skills and ward tasks. Nothing in a plan runs before brain/planning/validator.ts has
// passed it; a plan that touches medication or came from free text also waits for a nurse.
import type { Language } from '../../robot/index.js';
import type { JsonObject } from '../store/types.js';

/** One ROS action the robot runs (tool names are the actions' snake_case names, from robot/interfaces). */
export interface SkillStep {
  kind: 'skill';
  id: string;
  skill: string;
  /** The action goal's fields, as the planner gave them; checked against the action's schema. */
  goal: JsonObject;
  /** The patient the step is about (record number), when it is about one. */
  patient: string | null;
  /** The medication order the step is about, for a drawer. */
  order: string | null;
  /** Why the planner chose this step, shown to the nurse who approves. */
  why: string;
}

/** One ward task (a workflow: a round, a lesson, a delivery, a trip), dispatched as a task of its own. */
export interface TaskStep {
  kind: 'task';
  id: string;
  category: string;
  description: JsonObject;
  /** Local time "HH:MM" today (or tomorrow when passed), or an ISO date-time; null for now. */
  startAfter: string | null;
  priority: 'normal' | 'high';
  /** Who the requester meant (record number / bed), checked against the orders and beds the step names. */
  patient: string | null;
  bed: string | null;
  /** Medication names the requester asked for; each must be on an active order in the step. */
  medications: string[];
  why: string;
}

export type PlanStep = SkillStep | TaskStep;

export type PlanNode =
  | PlanStep
  | { kind: 'sequence'; id: string; steps: PlanNode[] }
  /** Runs `step` again when it fails, up to `attempts` times in all. */
  | { kind: 'retry'; id: string; attempts: number; step: PlanNode }
  /** Runs the options in order until one succeeds. */
  | { kind: 'fallback'; id: string; options: PlanNode[] };

export type PlanSource = 'deterministic' | 'model';

export interface Plan {
  root: PlanNode;
  /** One or two sentences a nurse reads first. */
  summary: string;
  source: PlanSource;
  /** Language of the request (and of the summary). */
  language: Language;
}

/** A reason a plan was refused, for the nurse: which step, which field, what is wrong, in both languages. */
export interface PlanProblem {
  step: string | null;
  field: string | null;
  code: PlanProblemCode;
  en: string;
  'zh-CN': string;
}

export type PlanProblemCode =
  | 'malformed' | 'unknown_skill' | 'bad_arguments' | 'unknown_place' | 'unknown_patient' | 'unknown_order'
  | 'order_not_active' | 'patient_mismatch' | 'medication_not_ordered' | 'drawer_order' | 'limit' | 'forbidden'
  | 'not_understood' | 'model_failed';

export type Verdict =
  | { ok: true; needsApproval: boolean; approvalReasons: string[]; steps: PlanStep[] }
  | { ok: false; problems: PlanProblem[] };

/** Every step of a tree, depth first, in the order they would run when nothing fails. */
export function stepsOf(node: PlanNode): PlanStep[] {
  switch (node.kind) {
    case 'skill': case 'task': return [node];
    case 'sequence': return node.steps.flatMap(stepsOf);
    case 'retry': return stepsOf(node.step);
    case 'fallback': return node.options.flatMap(stepsOf);
  }
}
