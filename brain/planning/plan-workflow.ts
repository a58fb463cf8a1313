// Runs the robot-skill steps of an approved plan on one robot: sequence, retry and fallback over
// the same RobotSkills the ward workflows use. What a step achieved is what the robot reported:
// a wristband read and an identity answer become custody facts only when they match the ward
// records, and a drawer opens only through the drawer guard, which checks those facts (and that the
// drawer holds this patient's medication in custody) again.
import { AskKind, DrawerCommand, findPlace, fromRosTime, type Language, type Patient } from '../../robot/index.js';
import { DrawerRefused } from '../custody/drawer-guard.js';
import type { JsonObject } from '../store/types.js';
import { checkIdentity } from '../workflows/dialogue/identity.js';
import { SkillFailed, WorkflowCanceled, WorkflowFailed } from '../workflows/engine/errors.js';
import type { AskKindName } from '../workflows/engine/skills.js';
import type { WorkflowContext, WorkflowDefinition, WorkflowEnd } from '../workflows/engine/types.js';
import type { WorkflowServices } from '../workflows/services.js';
import { stepsOf, type PlanNode, type SkillStep } from './plan-types.js';
import type { PlanRecord } from './plan-store.js';

const ASK_KIND_NAMES: Record<number, AskKindName> = {
  [AskKind.KIND_FREE_TEXT]: 'free_text', [AskKind.KIND_SCALE]: 'scale', [AskKind.KIND_YES_NO]: 'yes_no', [AskKind.KIND_CHOICE]: 'choice',
};

export function plannedSkillsWorkflow(services: WorkflowServices, plans: { get(id: string): PlanRecord | null }): WorkflowDefinition {
  const stepsOfPlan = (description: JsonObject): SkillStep[] => {
    const plan = plans.get(String(description.plan))?.plan;
    return plan ? stepsOf(plan.root).filter((s): s is SkillStep => s.kind === 'skill') : [];
  };
  return {
    run: (ctx) => runPlan(ctx, services, plans),
    firstPlace: (description, ward) => {
      const trip = stepsOfPlan(description).find((s) => s.skill === 'navigate_to_place');
      return trip ? findPlace(ward, String(trip.goal.place_name)) ?? null : null;
    },
    beds: (description) => stepsOfPlan(description)
      .filter((s) => s.skill === 'navigate_to_place')
      .map((s) => String(s.goal.place_name))
      .filter((p) => findPlace(services.ward, p)?.kind === 'bed'),
  };
}

interface RunMemory {
  /** Patients whose wristband the robot read and matched in this run. */
  wristbandOk: Set<string>;
  identified: Set<string>;
}

async function runPlan(ctx: WorkflowContext, services: WorkflowServices, plans: { get(id: string): PlanRecord | null }): Promise<WorkflowEnd> {
  const record = plans.get(String(ctx.description.plan));
  if (!record || !record.plan) throw new WorkflowFailed('nothing_done', `plan ${String(ctx.description.plan)} is not in the plan records`);
  if (record.status !== 'dispatched') throw new WorkflowFailed('nothing_done', `plan ${record.id} is ${record.status}, not approved`);
  if (ctx.resumed) throw new WorkflowFailed('brain_restarted', `the brain restarted during plan ${record.id}; a plan's steps are not repeated on their own — plan again if still needed`);
  const memory: RunMemory = { wristbandOk: new Set(), identified: new Set() };
  let done = 0;
  const exec = async (node: PlanNode): Promise<void> => {
    switch (node.kind) {
      case 'task': return; // dispatched as tasks of their own when the plan was approved
      case 'skill':
        await runStep(ctx, services, node, memory, record.id);
        done += 1;
        return;
      case 'sequence':
        for (const s of node.steps) await exec(s);
        return;
      case 'retry':
        for (let attempt = 1; ; attempt++) {
          try {
            return await exec(node.step);
          } catch (err) {
            if (err instanceof WorkflowCanceled || attempt >= node.attempts) throw err;
            ctx.note('retry', `${node.id}: attempt ${attempt} failed (${(err as Error).message}); trying again`, null, 'warning');
          }
        }
      case 'fallback': {
        let last: unknown = null;
        for (const option of node.options) {
          try {
            return await exec(option);
          } catch (err) {
            if (err instanceof WorkflowCanceled) throw err;
            last = err;
            ctx.note('fallback', `${node.id}: an option failed (${(err as Error).message}); trying the next`, null, 'warning');
          }
        }
        throw last;
      }
    }
  };
  await exec(record.plan.root);
  return { message: `plan ${record.id}: ${done} step(s) done`, data: { plan: record.id } };
}

async function runStep(ctx: WorkflowContext, services: WorkflowServices, step: SkillStep, memory: RunMemory, planId: string): Promise<void> {
  const g = step.goal as Record<string, unknown>;
  const patient: Patient | null = step.patient ? services.directory.patient(step.patient) : null;
  const language = (typeof g.language === 'string' ? g.language : patient?.language ?? 'en') as Language;
  const waitS = (fallback: number) => (typeof g.timeout === 'object' && g.timeout ? fromRosTime(g.timeout as { sec: number; nanosec: number }) || fallback : fallback);
  ctx.note('plan_step', `${step.id} ${step.skill}: ${step.why}`, { step: step.id, skill: step.skill });
  switch (step.skill) {
    case 'navigate_to_place': {
      const place = findPlace(services.ward, String(g.place_name));
      if (!place) throw new SkillFailed(step.skill, 'unknown_place', `${String(g.place_name)} is no longer on the ward map`);
      return ctx.skills.navigate(place);
    }
    case 'speak':
      return ctx.skills.speak(String(g.text), language);
    case 'ask_question': {
      const answer = await ctx.skills.ask({
        id: String(g.question_id), text: String(g.text), language, kind: ASK_KIND_NAMES[Number(g.kind)] ?? 'free_text',
        choices: Array.isArray(g.choices) ? g.choices.map(String) : [], timeoutS: waitS(services.timing.answerS),
      });
      if (g.question_id === 'identity' && patient) {
        const check = answer ? checkIdentity(answer.text, patient) : { nameMatches: false, birthDateMatches: false };
        const ok = check.nameMatches && check.birthDateMatches && memory.wristbandOk.has(patient.recordNumber);
        custody(ctx, services, patient, ok ? 'patient_identified' : 'identity_failed', `robot:${ctx.robot}`,
          ok ? { wristband_read: patient.wristband, name_and_birth_date_confirmed: true } : { check: 'name_and_birth_date' });
        if (ok) memory.identified.add(patient.recordNumber);
        ctx.note('identity_answer', `identity: name ${check.nameMatches ? 'matches' : 'does not match'}, birth date ${check.birthDateMatches ? 'matches' : 'does not match'}`);
      } else {
        ctx.note('answer', answer ? `${String(g.question_id)} answered` : `${String(g.question_id)}: no answer`, answer ? { question: String(g.question_id), answer: answer.text.slice(0, 500) } : null);
      }
      return;
    }
    case 'detect_person': {
      const seen = await ctx.skills.detectPerson(waitS(10));
      ctx.note('person', seen.found ? 'a person is there' : 'nobody seen', { found: seen.found, confidence: seen.confidence });
      return;
    }
    case 'read_wristband': {
      const band = await ctx.skills.readWristband(waitS(20));
      // Barcode text is untrusted: it is compared with the record, never read as anything else.
      const matches = !!patient && band.code !== null && band.code === patient.wristband;
      if (patient) {
        if (matches) memory.wristbandOk.add(patient.recordNumber);
        else custody(ctx, services, patient, 'identity_failed', `robot:${ctx.robot}`, { check: 'wristband', wristband_read: (band.code ?? '').slice(0, 100) });
      }
      ctx.note('wristband', band.code === null ? `no wristband read: ${band.message}` : matches ? 'wristband matches the patient' : 'wristband read; it does not match');
      return;
    }
    case 'authenticate_staff': {
      const cred = await ctx.skills.authenticateStaff(String(g.purpose || `plan ${planId}`), language, waitS(services.timing.nurseS));
      if (!cred) throw new SkillFailed(step.skill, 'skill_failed', 'nobody signed in at the robot in time');
      const check = await services.staff.verifyBadge(cred.badge, cred.pin, ctx.robot);
      if (!check.ok) throw new SkillFailed(step.skill, 'skill_failed', `sign-in refused: ${check.reason}`);
      if (patient && check.user.roles.includes('nurse')) {
        custody(ctx, services, patient, 'staff_authenticated', check.user.username, { badge: cred.badge, roles: check.user.roles });
      }
      ctx.note('signed_in', `${check.user.username} signed in at the robot`);
      return;
    }
    case 'drawer_control': {
      const drawer = Number(g.drawer);
      if (g.command === DrawerCommand.LOCK) return ctx.skills.lockDrawer(drawer, `plan:${planId}`);
      if (!patient) throw new WorkflowFailed('skill_failed', `drawer ${drawer}: no patient named; it stays locked`);
      try {
        await services.guard.unlockForHandover(ctx.skills, { taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer, patient: patient.recordNumber });
      } catch (err) {
        if (!(err instanceof DrawerRefused)) throw err;
        services.alerts.raise({
          kind: 'robot_fault', severity: 'high', bed: patient.bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
          text: { en: `Plan ${planId}: ${err.message}`, 'zh-CN': `计划 ${planId}：药格保持锁定（${err.reasons.join('；')}）` },
        });
        throw new WorkflowFailed('skill_failed', err.message);
      }
      return;
    }
    default:
      throw new WorkflowFailed('skill_failed', `${step.skill} is not a skill this brain can run`);
  }
}

function custody(ctx: WorkflowContext, services: WorkflowServices, patient: Patient, kind: 'patient_identified' | 'identity_failed' | 'staff_authenticated', actor: string, data: JsonObject): void {
  services.custody.record({ taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: null, orderId: null, patient: patient.recordNumber, kind, actor, data });
}
