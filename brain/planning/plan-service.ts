// Requests become plans, plans meet the validator, and approved plans become tasks. A free-text
// request goes to the model when one is configured (and to the rules when the model fails or none
// is); a structured request becomes a one-step plan. Whatever the source, nothing is dispatched
// before validatePlan passed it, and a plan that needs a nurse waits for one.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Language, MedicationOrder, Patient, WardMap } from '../../robot/index.js';
import type { AuditAppend } from '../custody/custody-ledger.js';
import type { BrainClock } from '../clock.js';
import type { ModelModeInfo, ModelProvider, Redactor } from '../llm/types.js';
import type { DispatchRequest } from '../tasks/dispatch-request.js';
import type { CheckContext } from '../tasks/categories/types.js';
import type { PatientDirectory } from '../workflows/services.js';
import type { StaffUser } from '../workflows/engine/types.js';
import { planForRequest, planFromText } from './deterministic-planner.js';
import { ModelPlanner, type ModelPlanTrace } from './model-planner.js';
import type { PlanningScene } from './model-prompt.js';
import { stepsOf, type Plan, type PlanProblem, type PlanStep, type TaskStep } from './plan-types.js';
import type { PlanRecord, PlanStore } from './plan-store.js';
import { DEFAULT_POLICY, type PlanPolicy } from './policy.js';
import { parseStartAfter } from './start-after.js';
import { readRequest } from './text-rules.js';
import { toolCatalogue } from './tools.js';
import { PLANNED_SKILLS } from './planned-skills-category.js';
import { validatePlan, type ValidationContext } from './validator.js';

/** Roles whose approval lets a plan run: DESIGN.md asks for a nurse. */
export const APPROVER_ROLES = ['nurse'] as const;

export interface PlanServiceDeps {
  store: PlanStore;
  ward: WardMap;
  directory: PatientDirectory & { orders(query?: { status?: MedicationOrder['status'] }): MedicationOrder[] };
  checkContext: CheckContext;
  clock: BrainClock;
  timeZone: string;
  model: ModelProvider | null;
  mode: ModelModeInfo;
  /** A fresh redactor for one conversation, knowing the ward's patients. */
  redactor(): Redactor;
  robots(): PlanningScene['robots'];
  look?: (robot: string | null) => Promise<{ robot: string; dataUrl: string }>;
  /** Creates a task; resolves its id. */
  dispatch(request: DispatchRequest): Promise<string>;
  /** The roles an account has now (none when disabled). */
  rolesOf(username: string): string[];
  audit: AuditAppend;
  logger: Logger;
  policy?: PlanPolicy;
}

export class PlanRefused extends Error {
  override readonly name = 'PlanRefused';
  constructor(readonly record: PlanRecord) {
    super(record.problems.map((p) => p.en).join('; '));
  }
}
export class PlanNotFound extends Error { override readonly name = 'PlanNotFound'; }
export class PlanDecisionConflict extends Error { override readonly name = 'PlanDecisionConflict'; }
export class NotAnApprover extends Error { override readonly name = 'NotAnApprover'; }

/** A plan was proposed, refused or decided: its id and new status (clients fetch the rest, with their rights). */
export type PlanListener = (change: { id: string; status: PlanRecord['status'] }) => void;

export class PlanService {
  readonly policy: PlanPolicy;
  private readonly modelPlanner: ModelPlanner | null;
  private readonly listeners = new Set<PlanListener>();

  /** Calls `fn` on every change of a plan's status; returns the undo. */
  subscribe(fn: PlanListener): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  constructor(private readonly deps: PlanServiceDeps) {
    this.policy = deps.policy ?? DEFAULT_POLICY;
    this.modelPlanner = deps.model ? new ModelPlanner({ provider: deps.model, catalogue: toolCatalogue(this.policy) }) : null;
  }

  get mode(): ModelModeInfo {
    return this.deps.mode;
  }

  private validation(requester: StaffUser | null, fromFreeText: boolean): ValidationContext {
    return {
      ward: this.deps.ward, directory: this.deps.directory, checkContext: this.deps.checkContext, policy: this.policy,
      requester: requester ? { username: requester.username, roles: requester.roles } : null, fromFreeText,
      now: this.deps.clock.now(), timeZone: this.deps.timeZone,
    };
  }

  /** Checks a structured request's one-step plan; for the schedules' template check and the task route. */
  checkRequest(request: DispatchRequest, requester: StaffUser | null) {
    return validatePlan(planForRequest(request), this.validation(requester, false));
  }

  /**
   * A structured request (form, API): validated as a one-step plan. It is dispatched at once unless
   * it needs a nurse's approval and the requester is not a nurse (then the request is the approval).
   */
  async fromRequest(request: DispatchRequest, user: StaffUser): Promise<PlanRecord> {
    const plan = planForRequest(request);
    const verdict = validatePlan(plan, this.validation(user, false));
    const base = this.newRecord(user.username, null, 'deterministic', plan);
    if (!verdict.ok) return this.refuse({ ...base, problems: verdict.problems });
    base.approvalReasons = verdict.approvalReasons;
    if (verdict.needsApproval && !isApprover(user)) return this.awaitApproval(base);
    this.deps.store.insert({ ...base, status: 'awaiting_approval' });
    const note = verdict.needsApproval ? 'requested by a nurse: the request is the approval' : 'needs no approval';
    return this.dispatchApproved(base.id, user, note, request);
  }

  /** Free text: the model plans when there is one (the rules when it fails), the validator decides. */
  async fromText(text: string, user: StaffUser, signal?: AbortSignal): Promise<PlanRecord> {
    const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').trim();
    const patients = this.deps.directory.patients();
    const orders = this.deps.directory.orders({ status: 'active' });
    let plan: Plan | null = null;
    let trace: ModelPlanTrace | null = null;
    let fallbackReason: string | null = null;
    let problems: PlanProblem[] = [];

    if (this.modelPlanner) {
      const result = await this.modelPlanner.plan({
        text: clean, requester: user.username, scene: this.scene(clean, patients, orders), redactor: this.deps.redactor(),
        ...(this.deps.look ? { look: this.deps.look } : {}), ...(signal ? { signal } : {}),
      });
      trace = result.trace;
      if (result.ok) plan = result.plan;
      else if (result.modelFailed) fallbackReason = result.problems.map((p) => p.en).join('; ');
      else problems = result.problems;
    }
    if (!plan && (!this.modelPlanner || fallbackReason)) {
      const ruled = planFromText(clean, this.deps.ward, patients, orders);
      if (ruled.ok) plan = ruled.plan;
      else problems = [...problems, ...ruled.problems];
    }
    const planner = trace ? 'model' : 'deterministic';
    const base = { ...this.newRecord(user.username, clean, planner, plan), trace, fallbackReason };
    if (!plan) return this.refuse({ ...base, problems });
    const verdict = validatePlan(plan, this.validation(user, true));
    if (!verdict.ok) return this.refuse({ ...base, problems: verdict.problems });
    return this.awaitApproval({ ...base, approvalReasons: verdict.approvalReasons });
  }

  /** A nurse approves: the plan is checked again against the ward as it is now, then dispatched. */
  async approve(id: string, user: StaffUser, note: string | null): Promise<PlanRecord> {
    if (!isApprover(user)) throw new NotAnApprover(`only a nurse may approve a plan; ${user.username} has ${user.roles.join(', ') || '(no roles)'}`);
    const record = this.mustGet(id);
    if (record.status !== 'awaiting_approval' || !record.plan) throw new PlanDecisionConflict(`plan ${id} is ${record.status}, not awaiting approval`);
    // The requester's roles still bound the plan: an approving nurse cannot widen what they asked for.
    const requester = { username: record.requester, roles: this.deps.rolesOf(record.requester) };
    const verdict = validatePlan(record.plan, { ...this.validation(null, record.text !== null), requester });
    if (!verdict.ok) {
      if (!this.deps.store.decide(id, 'awaiting_approval', 'refused', user.username, this.deps.clock.now(), 'no longer valid when approved', [], verdict.problems)) throw new PlanDecisionConflict(`plan ${id} was decided by someone else`);
      this.auditPlan('plan.refused', id, user.username, { reasons: verdict.problems.map((p) => p.en) });
      return this.changed(this.mustGet(id));
    }
    return this.dispatchApproved(id, user, note);
  }

  decline(id: string, user: StaffUser, note: string): PlanRecord {
    if (!isApprover(user) && user.username !== this.mustGet(id).requester) throw new NotAnApprover(`only a nurse or the requester may decline a plan; ${user.username} is neither`);
    if (!this.deps.store.decide(id, 'awaiting_approval', 'declined', user.username, this.deps.clock.now(), note)) {
      throw new PlanDecisionConflict(`plan ${id} is ${this.mustGet(id).status}, not awaiting approval`);
    }
    this.auditPlan('plan.declined', id, user.username, { note });
    return this.changed(this.mustGet(id));
  }

  get(id: string): PlanRecord | null {
    return this.deps.store.get(id);
  }

  list(query: Parameters<PlanStore['list']>[0] = {}): PlanRecord[] {
    return this.deps.store.list(query);
  }

  private newRecord(requester: string, text: string | null, planner: PlanRecord['planner'], plan: Plan | null): PlanRecord {
    return {
      id: `plan-${randomUUID()}`, createdMs: this.deps.clock.now(), requester, text, planner, status: 'refused', plan, problems: [],
      approvalReasons: [], trace: null, fallbackReason: null, decidedBy: null, decidedMs: null, decisionNote: null, taskIds: [],
    };
  }

  private refuse(record: PlanRecord): PlanRecord {
    this.deps.store.insert({ ...record, status: 'refused' });
    this.auditPlan('plan.refused', record.id, record.requester, { planner: record.planner, reasons: record.problems.map((p) => p.en) });
    this.deps.logger.info({ plan: record.id, reasons: record.problems.map((p) => p.en) }, 'plan refused');
    return this.changed(this.mustGet(record.id));
  }

  private awaitApproval(record: PlanRecord): PlanRecord {
    this.deps.store.insert({ ...record, status: 'awaiting_approval' });
    this.auditPlan('plan.proposed', record.id, record.requester, { planner: record.planner, steps: record.plan ? stepsOf(record.plan.root).length : 0, approval_reasons: record.approvalReasons });
    return this.changed(this.mustGet(record.id));
  }

  private async dispatchApproved(id: string, user: StaffUser, note: string | null, original?: DispatchRequest): Promise<PlanRecord> {
    const record = this.mustGet(id);
    if (!record.plan) throw new PlanDecisionConflict(`plan ${id} has no steps`);
    const steps = stepsOf(record.plan.root);
    const taskIds: string[] = [];
    try {
      if (original) taskIds.push(await this.deps.dispatch({ ...original, requester: record.requester, labels: [...original.labels, `plan:${id}`] }));
      else {
        for (const step of steps.filter((s): s is TaskStep => s.kind === 'task')) taskIds.push(await this.deps.dispatch(this.requestOf(step, record, user)));
        if (steps.some((s) => s.kind === 'skill')) {
          taskIds.push(await this.deps.dispatch({
            category: PLANNED_SKILLS, description: { plan: id }, priority: null, requester: record.requester,
            labels: [`plan:${id}`, `approved_by:${user.username}`], earliestStartMs: null,
          }));
        }
      }
    } catch (err) {
      this.deps.store.decide(id, 'awaiting_approval', 'dispatch_failed', user.username, this.deps.clock.now(), `${note ?? ''} ${(err as Error).message}`.trim(), taskIds);
      this.auditPlan('plan.dispatch_failed', id, user.username, { error: (err as Error).message, task_ids: taskIds });
      return this.changed(this.mustGet(id));
    }
    if (!this.deps.store.decide(id, 'awaiting_approval', 'dispatched', user.username, this.deps.clock.now(), note, taskIds)) {
      throw new PlanDecisionConflict(`plan ${id} was decided by someone else`);
    }
    this.auditPlan('plan.approved', id, user.username, { note, task_ids: taskIds });
    return this.changed(this.mustGet(id));
  }

  private requestOf(step: TaskStep, record: PlanRecord, user: StaffUser): DispatchRequest {
    return {
      category: step.category, description: step.description, priority: step.priority === 'high' ? { type: 'binary', value: 1 } : null,
      requester: record.requester, labels: [`plan:${record.id}`, `approved_by:${user.username}`],
      earliestStartMs: step.startAfter ? parseStartAfter(step.startAfter, this.deps.clock.now(), this.deps.timeZone) : null,
    };
  }

  /** What the model sees: only the patients the request names (all occupied beds when it names none). */
  scene(text: string, patients: readonly Patient[], orders: readonly MedicationOrder[]): PlanningScene {
    const read = readRequest(text, this.deps.ward, patients, orders);
    const occupied = patients.filter((p) => p.bed);
    const shown = read.patients.length ? read.patients : occupied;
    const shownIds = new Set(shown.map((p) => p.recordNumber));
    return {
      ward: this.deps.ward, policy: this.policy, patients: shown, orders: orders.filter((o) => shownIds.has(o.patient)),
      otherOccupiedBeds: occupied.filter((p) => !shownIds.has(p.recordNumber)).map((p) => p.bed!),
      robots: this.deps.robots(), nowMs: this.deps.clock.now(), timeZone: this.deps.timeZone,
    };
  }

  private mustGet(id: string): PlanRecord {
    const r = this.deps.store.get(id);
    if (!r) throw new PlanNotFound(`no plan with id "${id}"`);
    return r;
  }

  private changed(record: PlanRecord): PlanRecord {
    for (const fn of this.listeners) {
      try {
        fn({ id: record.id, status: record.status });
      } catch (err) {
        this.deps.logger.warn({ err: (err as Error).message }, 'a plan listener failed');
      }
    }
    return record;
  }

  private auditPlan(action: string, id: string, actor: string, data: Record<string, unknown>): void {
    this.deps.audit.append({ actor: { kind: actor === 'system' ? 'system' : 'staff', id: actor }, action, subject: { type: 'plan', id }, data: data as never });
  }
}

export function isApprover(user: { roles: readonly string[] }): boolean {
  return user.roles.some((r) => (APPROVER_ROLES as readonly string[]).includes(r));
}

export type { PlanStep, Language };
