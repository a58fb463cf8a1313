// Planning: requests become plans (rules or a language model), every plan meets one validator, and
// plans that touch medication or came from free text wait for a nurse.
export { PlanService, PlanRefused, PlanNotFound, PlanDecisionConflict, NotAnApprover, isApprover, APPROVER_ROLES } from './plan-service.js';
export type { PlanServiceDeps } from './plan-service.js';
export { PlanStore, PLAN_STATUSES } from './plan-store.js';
export type { PlanRecord, PlanStatus } from './plan-store.js';
export { plannedSkillsWorkflow } from './plan-workflow.js';
export { PLANNED_SKILLS, plannedSkillsCategory } from './planned-skills-category.js';
export { validatePlan } from './validator.js';
export type { ValidationContext } from './validator.js';
export { planForRequest, planFromText } from './deterministic-planner.js';
export { ModelPlanner } from './model-planner.js';
export { toolCatalogue, PLAN_SKILLS } from './tools.js';
export { DEFAULT_POLICY } from './policy.js';
export type { PlanPolicy } from './policy.js';
export type { Plan, PlanNode, PlanStep, SkillStep, TaskStep, PlanProblem, Verdict } from './plan-types.js';
export { planToWire, modeToWire } from './plan-wire.js';
