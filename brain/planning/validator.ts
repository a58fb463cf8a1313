// The one gate every plan passes before anything moves, from the deterministic planner or a model:
// only allowed skills and tasks, arguments checked against the ward (places, patients, active
// orders, who is in which bed), the order of things at a drawer (patient identified, then a nurse
// signed in, then the drawer), and the policy's limits. Refusals name the step and say why, in en
// and zh-CN. The model's claims count for nothing here; only the ward records and the map do.
import { DrawerCommand, findPlace, interfaces, LANGUAGES, type WardMap } from '../../robot/index.js';
import { parseDispatchRequest } from '../tasks/dispatch-request.js';
import type { CheckContext } from '../tasks/categories/types.js';
import { categoryForbidden } from '../tasks/categories/roles.js';
import { DRAWERS_PER_ROBOT } from '../workflows/delivery/delivery-plan.js';
import type { PatientDirectory } from '../workflows/services.js';
import type { JsonObject } from '../store/types.js';
import { stepsOf, type Plan, type PlanNode, type PlanProblem, type PlanProblemCode, type PlanStep, type SkillStep, type TaskStep, type Verdict } from './plan-types.js';
import type { PlanPolicy } from './policy.js';
import { toolCatalogue, snakeCase, type SkillTool } from './tools.js';
import { parseStartAfter } from './start-after.js';
import { medicationMatches } from '../ward/medication-names.js';

export interface ValidationContext {
  ward: WardMap;
  directory: PatientDirectory;
  checkContext: CheckContext;
  policy: PlanPolicy;
  /** Who asked; a plan may not do what they may not. Null for the brain itself (schedules). */
  requester: { username: string; roles: readonly string[] } | null;
  /** A plan read from someone's own words (by rules or by a model) always waits for a nurse. */
  fromFreeText: boolean;
  now: number;
  timeZone: string;
}

const problem = (code: PlanProblemCode, step: string | null, field: string | null, en: string, zh: string): PlanProblem =>
  ({ code, step, field, en, 'zh-CN': zh });

export function validatePlan(plan: Plan, ctx: ValidationContext): Verdict {
  const problems: PlanProblem[] = [];
  const placed = placeSteps(plan.root, ctx.policy, problems);
  if (problems.length) return { ok: false, problems };
  const steps = placed.map((p) => p.step);
  if (steps.length === 0) problems.push(problem('malformed', null, null, 'the plan has no steps', '计划中没有任何步骤'));

  for (const p of placed) {
    if (p.step.kind === 'skill') checkSkill(p.step, ctx, problems);
    else checkTask(p.step, ctx, problems);
  }
  checkDrawers(placed, ctx, problems);
  if (problems.length) return { ok: false, problems };

  const approvalReasons: string[] = [];
  if (ctx.fromFreeText) approvalReasons.push(`planned from free text by ${plan.source === 'model' ? 'a language model' : 'the deterministic rules'}`);
  if (steps.some(touchesMedication)) approvalReasons.push('touches medication');
  return { ok: true, needsApproval: approvalReasons.length > 0, approvalReasons, steps };
}

function touchesMedication(step: PlanStep): boolean {
  return step.kind === 'task' ? step.category === 'medication_delivery' : step.skill === 'drawer_control';
}

/** A step with where it stands: fallback branches it sits in (its evidence may not have run). */
interface Placed {
  step: PlanStep;
  index: number;
  branches: string[];
}

function placeSteps(root: PlanNode, policy: PlanPolicy, problems: PlanProblem[]): Placed[] {
  const out: Placed[] = [];
  const ids = new Set<string>();
  const walk = (node: PlanNode, depth: number, branches: string[]): void => {
    if (!node || typeof node !== 'object' || typeof (node as { kind?: unknown }).kind !== 'string') {
      problems.push(problem('malformed', null, null, 'a plan node is not an object with a kind', '计划节点格式错误'));
      return;
    }
    const id = typeof node.id === 'string' && node.id ? node.id : `#${ids.size + 1}`;
    if (ids.has(id)) problems.push(problem('malformed', id, 'id', `step id "${id}" is used twice`, `步骤编号“${id}”重复`));
    ids.add(id);
    if (depth > policy.maxDepth) {
      problems.push(problem('limit', id, null, `the plan nests deeper than ${policy.maxDepth} levels`, `计划嵌套超过 ${policy.maxDepth} 层`));
      return;
    }
    switch (node.kind) {
      case 'skill': case 'task':
        out.push({ step: node, index: out.length, branches });
        return;
      case 'sequence':
        if (!Array.isArray(node.steps) || node.steps.length === 0) problems.push(problem('malformed', id, 'steps', 'a sequence needs at least one step', '顺序节点至少需要一个步骤'));
        else node.steps.forEach((s) => walk(s, depth + 1, branches));
        return;
      case 'retry':
        if (!Number.isInteger(node.attempts) || node.attempts < 1 || node.attempts > policy.maxAttempts) {
          problems.push(problem('limit', id, 'attempts', `a retry may make 1 to ${policy.maxAttempts} attempts, not ${String(node.attempts)}`, `重试次数须为 1 到 ${policy.maxAttempts}`));
        }
        walk(node.step, depth + 1, branches);
        return;
      case 'fallback':
        if (!Array.isArray(node.options) || node.options.length < 2) problems.push(problem('malformed', id, 'options', 'a fallback needs at least two options', '备选节点至少需要两个选项'));
        else node.options.forEach((o, i) => walk(o, depth + 1, [...branches, `${id}/${i}`]));
        return;
      default:
        problems.push(problem('malformed', id, 'kind', `unknown node kind "${String((node as { kind: unknown }).kind)}"`, '未知的计划节点类型'));
    }
  };
  walk(root, 0, []);
  if (out.length > policy.maxSteps) problems.push(problem('limit', null, null, `the plan has ${out.length} steps; at most ${policy.maxSteps} are allowed`, `计划有 ${out.length} 个步骤，上限为 ${policy.maxSteps}`));
  return out;
}

function skillToolOf(step: SkillStep, ctx: ValidationContext): SkillTool | null {
  const tool = toolCatalogue(ctx.policy).byName.get(step.skill);
  return tool && tool.kind === 'skill' ? tool : null;
}

function checkSkill(step: SkillStep, ctx: ValidationContext, problems: PlanProblem[]): void {
  const tool = skillToolOf(step, ctx);
  if (!tool) {
    problems.push(problem('unknown_skill', step.id, 'skill', `"${String(step.skill)}" is not a ward skill a plan may use`, `“${String(step.skill)}”不是允许的机器人技能`));
    return;
  }
  if (!step.why?.trim()) problems.push(problem('malformed', step.id, 'why', 'the step does not say why it is needed', '该步骤没有说明原因'));
  const valid = interfaces().validate(tool.goalType, step.goal);
  if (!valid.ok) {
    for (const e of valid.errors) problems.push(problem('bad_arguments', step.id, `goal.${e.split(':')[0]}`, `${step.skill}: goal.${e}`, `${step.skill} 参数错误：goal.${e}`));
    return;
  }
  const g = step.goal as Record<string, unknown>;
  if (step.patient !== null && !ctx.directory.patient(step.patient)) {
    problems.push(problem('unknown_patient', step.id, 'patient', `no patient "${step.patient}" in the ward records`, `病历中没有患者“${step.patient}”`));
  }
  const waitS = typeof g.timeout === 'object' && g.timeout ? Number((g.timeout as { sec: number }).sec) : 0;
  if (waitS > ctx.policy.maxWaitS) problems.push(problem('limit', step.id, 'goal.timeout', `waits ${waitS} s; at most ${ctx.policy.maxWaitS} s`, `等待 ${waitS} 秒，超过上限 ${ctx.policy.maxWaitS} 秒`));
  const language = g.language;
  if (language !== undefined && !(LANGUAGES as readonly unknown[]).includes(language)) {
    problems.push(problem('bad_arguments', step.id, 'goal.language', `language must be one of ${LANGUAGES.join(', ')}`, `语言须为 ${LANGUAGES.join('、')}`));
  }
  switch (tool.skill) {
    case 'navigateToPlace': {
      const place = findPlace(ctx.ward, String(g.place_name));
      if (!place) problems.push(problem('unknown_place', step.id, 'goal.place_name', `no place "${String(g.place_name)}" on the ward map`, `病区地图上没有地点“${String(g.place_name)}”`));
      else {
        if (!ctx.policy.placeKinds.includes(place.kind)) problems.push(problem('limit', step.id, 'goal.place_name', `plans may not send a robot to a ${place.kind} (${place.name})`, `计划不能把机器人派往${place.kind}（${place.name}）`));
        if (ctx.policy.levels && !ctx.policy.levels.includes(place.level)) problems.push(problem('limit', step.id, 'goal.place_name', `${place.name} is on level ${place.level}, outside the plan's area`, `${place.name} 位于 ${place.level} 层，不在允许区域内`));
      }
      const speed = Number(g.max_speed);
      if (!(speed >= 0 && speed <= ctx.policy.maxSpeedMps)) problems.push(problem('limit', step.id, 'goal.max_speed', `speed ${speed} m/s is above the ward limit of ${ctx.policy.maxSpeedMps} m/s`, `速度 ${speed} 米/秒超过病区上限 ${ctx.policy.maxSpeedMps} 米/秒`));
      break;
    }
    case 'speak':
      if (String(g.text).length > ctx.policy.maxSpeechChars) problems.push(problem('limit', step.id, 'goal.text', `the robot may say at most ${ctx.policy.maxSpeechChars} characters in one step`, `一次最多说 ${ctx.policy.maxSpeechChars} 个字`));
      if (!String(g.text).trim()) problems.push(problem('bad_arguments', step.id, 'goal.text', 'nothing to say', '没有要说的内容'));
      break;
    case 'askQuestion':
      if (Number(g.kind) === 3 && (!Array.isArray(g.choices) || g.choices.length < 2)) problems.push(problem('bad_arguments', step.id, 'goal.choices', 'a choice question needs at least two choices', '选择题至少需要两个选项'));
      break;
    case 'drawerControl': {
      const drawer = Number(g.drawer);
      if (!(drawer >= 1 && drawer <= DRAWERS_PER_ROBOT)) problems.push(problem('bad_arguments', step.id, 'goal.drawer', `drawer must be 1 to ${DRAWERS_PER_ROBOT}`, `药格编号须为 1 到 ${DRAWERS_PER_ROBOT}`));
      if (g.command !== DrawerCommand.UNLOCK && g.command !== DrawerCommand.LOCK) problems.push(problem('bad_arguments', step.id, 'goal.command', `command must be UNLOCK (${DrawerCommand.UNLOCK}) or LOCK (${DrawerCommand.LOCK})`, '药格指令只能是开锁或上锁'));
      if (String(g.authorization ?? '') !== '') problems.push(problem('forbidden', step.id, 'goal.authorization', 'a drawer authorisation is written by the drawer guard from the custody record, never by a plan', '药格授权只能由药格安全检查根据交接记录生成，计划不能填写'));
      break;
    }
    default:
      break;
  }
}

function checkTask(step: TaskStep, ctx: ValidationContext, problems: PlanProblem[]): void {
  if (!ctx.policy.taskCategories.includes(step.category)) {
    problems.push(problem('unknown_skill', step.id, 'category', `a plan may not dispatch "${step.category}" tasks`, `计划不能创建“${step.category}”任务`));
    return;
  }
  if (!step.why?.trim()) problems.push(problem('malformed', step.id, 'why', 'the step does not say why it is needed', '该步骤没有说明原因'));
  if (ctx.requester) {
    const forbidden = categoryForbidden(step.category, ctx.requester);
    if (forbidden) problems.push(problem('forbidden', step.id, 'category', forbidden, `${ctx.requester.username} 无权创建${step.category}任务`));
  }
  if (step.startAfter !== null && parseStartAfter(step.startAfter, ctx.now, ctx.timeZone) === null) {
    problems.push(problem('bad_arguments', step.id, 'start_after', `"${step.startAfter}" is not a time ("HH:MM" or an ISO date-time)`, `“${step.startAfter}”不是有效时间`));
  }
  const parsed = parseDispatchRequest({ type: 'dispatch_task_request', request: { category: step.category, description: step.description } }, ctx.ward, ctx.checkContext);
  if (!parsed.ok) {
    for (const p of parsed.problems) {
      const detail = p.detail.replace(/^request\./, '');
      const code: PlanProblemCode = p.code === 'unknown_category' || p.code === 'invalid_request' ? 'bad_arguments' : p.code;
      problems.push(problem(code, step.id, detail.split(':')[0] ?? null, detail, `${step.category} 请求有误：${detail}`));
    }
    return;
  }
  checkWhoTheStepIsFor(step, ctx, problems);
}

/** The patient and bed the requester meant agree with what the step names; medication asked for is on its orders. */
function checkWhoTheStepIsFor(step: TaskStep, ctx: ValidationContext, problems: PlanProblem[]): void {
  const d = step.description as JsonObject;
  const meant = step.patient ? ctx.directory.patient(step.patient) : null;
  if (step.patient && !meant) problems.push(problem('unknown_patient', step.id, 'patient', `no patient "${step.patient}" in the ward records`, `病历中没有患者“${step.patient}”`));
  const inBed = step.bed ? ctx.directory.patientInBed(step.bed) : null;
  if (step.bed && !findPlace(ctx.ward, step.bed)) problems.push(problem('unknown_place', step.id, 'bed', `no bed "${step.bed}" on the ward map`, `病区没有床位“${step.bed}”`));
  else if (step.bed && !inBed) problems.push(problem('unknown_patient', step.id, 'bed', `nobody is in ${step.bed}`, `${step.bed} 没有患者`));
  if (meant && inBed && meant.recordNumber !== inBed.recordNumber) {
    problems.push(problem('patient_mismatch', step.id, 'bed', `patient ${meant.recordNumber} is in ${meant.bed ?? 'no bed'}, not ${step.bed}`, `患者 ${meant.recordNumber} 不在 ${step.bed}`));
  }
  const who = meant ?? inBed;
  if (step.category === 'medication_delivery') {
    const orders = (Array.isArray(d.orders) ? d.orders : []).map((id) => ctx.directory.order(String(id))).filter((o) => o !== null);
    for (const o of orders) {
      if (who && o.patient !== who.recordNumber) {
        problems.push(problem('patient_mismatch', step.id, 'description.orders', `order ${o.id} is for patient ${o.patient}, not for ${who.recordNumber}${step.bed ? ` in ${step.bed}` : ''}`, `医嘱 ${o.id} 属于患者 ${o.patient}，不是${step.bed ?? who.recordNumber}的患者`));
      }
    }
    for (const name of step.medications) {
      if (!orders.some((o) => medicationMatches(name, o.medication))) {
        const on = orders.map((o) => o.medication.display).join(', ') || 'none';
        problems.push(problem('medication_not_ordered', step.id, 'medications', `"${name}" is not on an active order in this delivery (its orders: ${on})`, `“${name}”不在本次配送的有效医嘱中（医嘱：${on}）`));
      }
    }
  } else if (step.medications.length) {
    problems.push(problem('medication_not_ordered', step.id, 'medications', `medication is delivered only by a medication_delivery step, not by ${step.category}`, `药品只能通过送药任务配送`));
  }
  if (step.category === 'health_education' && who) {
    const named = typeof d.patient === 'string' ? ctx.directory.patient(d.patient) : typeof d.bed === 'string' ? ctx.directory.patientInBed(d.bed) : null;
    if (named && named.recordNumber !== who.recordNumber) problems.push(problem('patient_mismatch', step.id, 'description', `the lesson is for ${named.recordNumber}, but the request meant ${who.recordNumber}`, '宣教对象与请求的患者不一致'));
  }
  if (step.category === 'ward_round' && step.bed && Array.isArray(d.beds) && !d.beds.includes(step.bed)) {
    problems.push(problem('patient_mismatch', step.id, 'description.beds', `the round does not visit ${step.bed}, the bed the request named`, `查房不包括请求中的 ${step.bed}`));
  }
}

/**
 * DESIGN.md's first safety rule, as an order of steps: before a drawer is unlocked for a patient, the
 * robot went to that patient's bed, read the wristband, heard name and birth date ('identity'
 * question), and then a nurse signed in, with no other trip in between. Steps in another branch of
 * a fallback may not have run and count for nothing.
 */
function checkDrawers(placed: Placed[], ctx: ValidationContext, problems: PlanProblem[]): void {
  for (const p of placed) {
    const s = p.step;
    if (s.kind !== 'skill' || s.skill !== snakeCase('drawerControl') || (s.goal as { command?: unknown }).command !== DrawerCommand.UNLOCK) continue;
    const drawer = String((s.goal as { drawer?: unknown }).drawer);
    const patient = s.patient ? ctx.directory.patient(s.patient) : null;
    const refuse = (code: PlanProblemCode, field: string | null, en: string, zh: string) => problems.push(problem(code, s.id, field, `drawer ${drawer} stays locked: ${en}`, `${drawer}号药格不能打开：${zh}`));
    if (!s.patient) refuse('drawer_order', 'patient', 'the step does not say which patient the drawer is for', '未指明患者');
    if (!s.order) refuse('medication_not_ordered', 'order', 'the step names no medication order: no medication leaves a drawer without an active order', '未指明医嘱，没有有效医嘱不能发药');
    else {
      const order = ctx.directory.order(s.order);
      if (!order) refuse('unknown_order', 'order', `no medication order "${s.order}" in the ward records`, `没有医嘱“${s.order}”`);
      else if (order.status !== 'active') refuse('order_not_active', 'order', `order ${order.id} is ${order.status}, not active`, `医嘱 ${order.id} 不是有效状态`);
      else if (s.patient && order.patient !== s.patient) refuse('patient_mismatch', 'order', `order ${order.id} is for patient ${order.patient}, not ${s.patient}`, `医嘱 ${order.id} 不属于该患者`);
    }
    if (!patient) continue;
    const before = placed.filter((q) => q.index < p.index && q.branches.every((b, i) => p.branches[i] === b)).map((q) => q.step);
    const skillAt = (name: string) => before.map((q, i) => ({ q, i })).filter(({ q }) => q.kind === 'skill' && q.skill === name);
    const trips = skillAt('navigate_to_place');
    const lastTrip = trips[trips.length - 1];
    const atBed = lastTrip && (lastTrip.q as SkillStep).goal.place_name === patient.bed;
    if (!atBed) refuse('drawer_order', null, `the robot's last trip before it is not to ${patient.bed ?? 'the patient\'s bed'}`, `开药格前机器人最后到达的不是患者床旁（${patient.bed ?? '无床位'}）`);
    const after = (i: number) => !lastTrip || i > lastTrip.i;
    const forPatient = (q: PlanStep) => q.kind === 'skill' && q.patient === patient.recordNumber;
    const band = skillAt('read_wristband').filter(({ q, i }) => after(i) && forPatient(q));
    const asked = skillAt('ask_question').filter(({ q, i }) => after(i) && forPatient(q) && (q as SkillStep).goal.question_id === 'identity');
    if (band.length === 0) refuse('drawer_order', null, 'the patient\'s wristband is not read at the bed before it', '开药格前没有在床旁扫描患者腕带');
    if (asked.length === 0) refuse('drawer_order', null, 'the patient is not asked for name and birth date (question "identity") at the bed before it', '开药格前没有核对患者姓名和出生日期');
    const identifiedAt = Math.max(band[0]?.i ?? Infinity, asked[0]?.i ?? Infinity);
    const nurse = skillAt('authenticate_staff').filter(({ i }) => i > identifiedAt && after(i));
    if (nurse.length === 0) refuse('drawer_order', null, 'no nurse signs in at the robot after the patient is identified', '患者身份核对后没有护士在机器人上登录');
  }
}
