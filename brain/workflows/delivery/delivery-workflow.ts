// medication_delivery: pharmacy → load and lock one drawer per patient → each bed: see the patient,
// read the wristband, hear name and birth date, have a nurse sign in at the robot → the drawer guard
// opens that patient's drawer → hand-off recorded as a MedicationDispense. Anything that goes wrong
// at a bed leaves the drawer locked, alerts staff, and the medication goes back to the pharmacy.
import { findPlace, type Language, type MedicationOrder, type Patient, type Place } from '../../../robot/index.js';
import { DrawerRefused } from '../../custody/drawer-guard.js';
import type { JsonObject } from '../../store/types.js';
import { checkIdentity } from '../dialogue/identity.js';
import { PHRASES, say } from '../dialogue/phrases.js';
import { CANCELED_BY_STAFF, WorkflowCanceled, WorkflowFailed } from '../engine/errors.js';
import type { InputProblem, StaffInput, WorkflowContext, WorkflowEnd } from '../engine/types.js';
import type { WorkflowServices } from '../services.js';
import { assignDrawers, type DrawerLoad } from './delivery-plan.js';

type BedOutcome = 'delivered' | 'patient_absent' | 'wristband_mismatch' | 'identity_not_confirmed' | 'nurse_not_coming' | 'drawer_refused';

interface DeliveryState extends JsonObject {
  phase: 'to_pharmacy' | 'loading' | 'delivering' | 'returning' | 'unloading';
  drawers: DrawerLoad[];
  /** Outcome per drawer once its bed was visited. */
  outcomes: Record<string, BedOutcome>;
}

const OUTCOME_TEXT: Record<Exclude<BedOutcome, 'delivered'>, string> = {
  patient_absent: 'patient not at the bedside',
  wristband_mismatch: 'wristband did not match the order',
  identity_not_confirmed: 'name and birth date not confirmed',
  nurse_not_coming: 'no nurse signed in at the robot in time',
  drawer_refused: 'the drawer guard refused to open the drawer',
};

export async function runDelivery(ctx: WorkflowContext, services: WorkflowServices): Promise<WorkflowEnd> {
  try {
    return await deliver(ctx, services);
  } catch (err) {
    if (err instanceof WorkflowCanceled && err.why === CANCELED_BY_STAFF) await handBackCarried(ctx, services);
    throw err;
  }
}

/**
 * Canceled with medication on board: the robot stops at once (the cancel is not delayed), the
 * drawers stay locked, and a return to the pharmacy is queued for this same robot.
 */
async function handBackCarried(ctx: WorkflowContext, services: WorkflowServices): Promise<void> {
  const carried = services.custody.carried(ctx.taskId);
  if (carried.length === 0) return;
  for (const c of carried) {
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: c.drawer, orderId: c.orderId, patient: c.patient,
      kind: 'not_delivered', actor: 'system', data: { reason: 'canceled' },
    }, 'delivery canceled with the medication on board');
  }
  const returnTask = await services.followUp({
    category: 'medication_return', description: { delivery: ctx.taskId, robot: ctx.robot }, priority: { type: 'binary', value: 1 },
    requester: 'system', labels: [`return_of:${ctx.taskId}`], earliestStartMs: null,
  });
  const drawers = [...new Set(carried.map((c) => c.drawer))].sort().join(', ');
  services.alerts.raise({
    kind: 'medication_returned', severity: 'high', taskId: ctx.taskId, robot: ctx.robot,
    text: {
      en: `Delivery canceled: ${ctx.robot} still holds medication in drawer(s) ${drawers}, locked. It takes it back to the pharmacy (task ${returnTask}); a pharmacist must unload it.`,
      'zh-CN': `配送已取消：${ctx.robot} 的 ${drawers} 号药格中仍有药品（已锁定），将送回药房（任务 ${returnTask}），请药师取出。`,
    },
    data: { orders: carried.map((c) => c.orderId), return_task: returnTask },
  });
}

/** medication_return: the robot named takes a canceled delivery's medication back and a pharmacist unloads it. */
export async function runReturn(ctx: WorkflowContext, services: WorkflowServices): Promise<WorkflowEnd> {
  const delivery = String(ctx.description.delivery ?? '');
  const carried = services.custody.carried(delivery);
  if (carried.length === 0) return { message: `nothing of ${delivery} is in ${ctx.robot}'s drawers any more` };
  if (carried.some((c) => !services.custody.entries({ taskId: delivery }).some((e) => e.kind === 'loaded' && e.orderId === c.orderId && e.robot === ctx.robot))) {
    throw new WorkflowFailed('not_delivered', `the medication of ${delivery} was loaded into another robot than ${ctx.robot}`);
  }
  for (const d of [...new Set(carried.map((c) => c.drawer))]) await ctx.skills.lockDrawer(d, `return:${delivery}`);
  await returnToPharmacy(ctx, services, pharmacyOf(services), null, delivery);
  const left = services.custody.carried(delivery);
  if (left.length > 0) throw new WorkflowFailed('not_delivered', `back at the pharmacy, but nobody unloaded ${left.length} order(s); drawers stay locked`);
  return { message: `returned and unloaded ${carried.length} order(s) of ${delivery}` };
}

async function deliver(ctx: WorkflowContext, services: WorkflowServices): Promise<WorkflowEnd> {
  const pharmacy = pharmacyOf(services);
  if (ctx.resumed) return resumeAfterRestart(ctx, services, pharmacy);

  const orders = orderIds(ctx.description).map((id) => {
    const order = services.directory.order(id);
    if (!order) throw new WorkflowFailed('not_delivered', `order ${id} is no longer in the ward records`);
    if (order.status !== 'active') throw new WorkflowFailed('not_delivered', `order ${id} is ${order.status}, not active`);
    return order;
  });
  const state: DeliveryState = {
    phase: 'to_pharmacy',
    drawers: assignDrawers(orders, (mrn) => services.directory.patient(mrn), services.ward, pharmacy),
    outcomes: {},
  };
  ctx.save(state);
  ctx.note('plan', `drawers: ${state.drawers.map((d) => `${d.drawer} → ${d.bed} (${d.orders.join(', ')})`).join('; ')}`, { drawers: state.drawers.map((d) => ({ drawer: d.drawer, bed: d.bed, orders: d.orders, controlled: d.controlled })) });

  await ctx.skills.navigate(pharmacy);
  state.phase = 'loading';
  ctx.save(state);
  await load(ctx, services, state, orders);

  state.phase = 'delivering';
  ctx.save(state);
  for (const load of state.drawers) {
    state.outcomes[String(load.drawer)] = await deliverToBed(ctx, services, load, orders);
    ctx.save(state);
  }

  const failed = state.drawers.filter((d) => state.outcomes[String(d.drawer)] !== 'delivered');
  const delivered = state.drawers.length - failed.length;
  if (failed.length === 0) {
    return { message: `delivered ${orders.length} order(s) to ${delivered} patient(s); every hand-off recorded`, data: { outcomes: state.outcomes } };
  }
  state.phase = 'returning';
  ctx.save(state);
  await returnToPharmacy(ctx, services, pharmacy, state);
  const why = failed.map((d) => `${d.bed}: ${OUTCOME_TEXT[state.outcomes[String(d.drawer)] as Exclude<BedOutcome, 'delivered'>]}`).join('; ');
  throw new WorkflowFailed('not_delivered', `delivered to ${delivered} of ${state.drawers.length} patient(s); returned to the pharmacy: ${why}`);
}

/** A pharmacist at the robot loads each drawer; controlled drugs need a second member of staff. */
async function load(ctx: WorkflowContext, services: WorkflowServices, state: DeliveryState, orders: MedicationOrder[]): Promise<void> {
  const controlled = orders.filter((o) => o.controlled).map((o) => o.id);
  const alert = services.alerts.raise({
    kind: 'loading_needed', severity: 'normal', taskId: ctx.taskId, robot: ctx.robot,
    text: {
      en: `${ctx.robot} is at the pharmacy to be loaded: ${state.drawers.map((d) => `drawer ${d.drawer} for ${d.bed}`).join(', ')}${controlled.length ? ' (controlled drugs: two staff needed)' : ''}`,
      'zh-CN': `${ctx.robot} 已到药房等待装药：${state.drawers.map((d) => `${d.drawer}号药格（${d.bed}）`).join('，')}${controlled.length ? '（含管制药品，需两名工作人员）' : ''}`,
    },
  });
  const input = await ctx.waitForInput('load', services.timing.loadS * 1000, (i) => checkLoader(i, services, controlled));
  if (!input) {
    throw new WorkflowFailed('not_loaded', `no pharmacist loaded ${ctx.robot} within ${Math.round(services.timing.loadS / 60)} min (alert ${alert.id})`);
  }
  const witness = typeof input.body.witness === 'object' && input.body.witness ? String((input.body.witness as JsonObject).username) : null;
  for (const d of state.drawers) {
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: d.drawer, orderId: null, patient: d.patient,
      kind: 'load_authorized', actor: input.user.username, data: { purpose: 'load', controlled: d.controlled, ...(witness ? { witness } : {}) },
    }, 'pharmacist accepted at the pharmacy');
    await services.guard.unlockAtPharmacy(ctx.skills, { taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: d.drawer }, 'load');
    // The drawer closes and locks when the pharmacist pushes it shut; the LOCK goal ends then.
    await ctx.skills.lockDrawer(d.drawer, `load:${ctx.taskId}`);
    for (const id of d.orders) {
      services.custody.record({
        taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: d.drawer, orderId: id, patient: d.patient,
        kind: 'loaded', actor: input.user.username, data: { ...(witness ? { witness } : {}), controlled: orders.find((o) => o.id === id)?.controlled ?? false },
      });
    }
  }
  ctx.note('loaded', `${input.user.username} loaded ${state.drawers.length} drawer(s)${witness ? `, witnessed by ${witness}` : ''}; all locked`, { by: input.user.username, witness });
}

async function checkLoader(input: StaffInput, services: WorkflowServices, controlled: string[]): Promise<InputProblem[]> {
  if (!input.user.roles.includes('pharmacist')) {
    return [{ kind: 'forbidden', detail: `only a pharmacist may load a drawer; ${input.user.username} has roles ${input.user.roles.join(', ') || '(none)'}` }];
  }
  if (controlled.length === 0) return [];
  const w = input.body.witness;
  if (!w || typeof w !== 'object') {
    return [{ kind: 'forbidden', field: 'witness', detail: `${controlled.join(', ')} ${controlled.length > 1 ? 'are controlled drugs' : 'is a controlled drug'}: a second member of staff must witness the loading (witness.username and witness.password)` }];
  }
  const { username, password } = w as JsonObject;
  if (typeof username !== 'string' || typeof password !== 'string') return [{ kind: 'invalid', field: 'witness', detail: 'witness needs username and password' }];
  if (username === input.user.username) return [{ kind: 'forbidden', field: 'witness.username', detail: 'the witness must be a different person from the pharmacist loading' }];
  const witness = await services.staff.verifyPassword(username, password);
  if (!witness) return [{ kind: 'forbidden', field: 'witness', detail: `the witness ${username} could not be signed in (wrong username or password, or account disabled)` }];
  if (!witness.roles.some((r) => r === 'pharmacist' || r === 'nurse')) return [{ kind: 'forbidden', field: 'witness', detail: `the witness must be a pharmacist or a nurse; ${username} is ${witness.roles.join(', ')}` }];
  return [];
}

async function deliverToBed(ctx: WorkflowContext, services: WorkflowServices, load: DrawerLoad, orders: MedicationOrder[]): Promise<BedOutcome> {
  const patient = services.directory.patient(load.patient);
  const bed = findPlace(services.ward, load.bed);
  if (!patient || !bed || patient.bed !== load.bed) {
    return notDelivered(ctx, services, load, patient, 'patient_absent', `patient ${load.patient} is no longer in ${load.bed}`);
  }
  const lang = patient.language;
  await ctx.skills.navigate(bed);
  const seen = await ctx.skills.detectPerson();
  if (!seen.found) return notDelivered(ctx, services, load, patient, 'patient_absent', `nobody at ${load.bed}`);

  await ctx.skills.speak(say(PHRASES.deliveryHello, lang), lang);
  const band = await ctx.skills.readWristband();
  if (band.code === null || band.code !== patient.wristband) {
    const read = band.code === null ? `no wristband read (${band.message})` : 'a different wristband';
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: null, patient: patient.recordNumber,
      kind: 'identity_failed', actor: `robot:${ctx.robot}`, data: { check: 'wristband', wristband_read: band.code ?? '' },
    }, read);
    await ctx.skills.speak(say(PHRASES.cannotHandOver, lang), lang);
    return notDelivered(ctx, services, load, patient, 'wristband_mismatch', `${read} at ${load.bed}`);
  }
  const confirmed = await askIdentity(ctx, services, patient, lang);
  if (!confirmed) {
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: null, patient: patient.recordNumber,
      kind: 'identity_failed', actor: `robot:${ctx.robot}`, data: { check: 'name_and_birth_date', wristband_read: band.code },
    });
    await ctx.skills.speak(say(PHRASES.cannotHandOver, lang), lang);
    return notDelivered(ctx, services, load, patient, 'identity_not_confirmed', `name and birth date not confirmed at ${load.bed}`);
  }
  services.custody.record({
    taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: null, patient: patient.recordNumber,
    kind: 'patient_identified', actor: `robot:${ctx.robot}`, data: { wristband_read: band.code, name_and_birth_date_confirmed: true },
  }, 'wristband matched and the patient confirmed name and birth date');
  await ctx.skills.speak(say(PHRASES.identityThanks, lang), lang);

  const nurse = await waitForNurse(ctx, services, load, patient);
  if (!nurse) return notDelivered(ctx, services, load, patient, 'nurse_not_coming', `no nurse signed in at ${ctx.robot} within ${Math.round(services.timing.nurseS / 60)} min`);

  try {
    await services.guard.unlockForHandover(ctx.skills, { taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, patient: patient.recordNumber });
  } catch (err) {
    if (!(err instanceof DrawerRefused)) throw err;
    ctx.note('drawer_refused', err.message, { drawer: load.drawer, reasons: err.reasons }, 'error');
    return notDelivered(ctx, services, load, patient, 'drawer_refused', err.message);
  }
  await ctx.skills.speak(say(PHRASES.nurseTakeDrawer, lang, load.drawer), lang);
  await ctx.skills.lockDrawer(load.drawer, `handover:${ctx.taskId}`);
  const when = new Date(ctx.clock.now()).toISOString();
  const loadedBy = services.custody.entries({ taskId: ctx.taskId }).filter((e) => e.kind === 'loaded');
  for (const id of load.orders) {
    const order = orders.find((o) => o.id === id)!;
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: id, patient: patient.recordNumber,
      kind: 'handed_over', actor: nurse, data: { receiver: nurse, when },
    }, `handed to ${nurse} at ${load.bed}`);
    services.custody.recordDispense({
      orderId: id, taskId: ctx.taskId, status: 'completed', timeMs: ctx.clock.now(),
      resource: services.medicationDispense({
        order, patient, robot: ctx.robot, receiver: nurse, pharmacist: loadedBy.find((e) => e.orderId === id)?.actor ?? 'unknown', whenHandedOver: when, status: 'completed',
      }),
    });
    try {
      services.directory.setOrderStatus(id, 'completed', 'active');
    } catch (err) {
      ctx.note('order_status', `order ${id} was handed over but its status could not be set to completed: ${(err as Error).message}`, { order: id }, 'warning');
    }
  }
  ctx.note('handed_over', `${load.bed}: ${load.orders.join(', ')} handed to ${nurse}`, { bed: load.bed, drawer: load.drawer, receiver: nurse, orders: load.orders });
  return 'delivered';
}

async function askIdentity(ctx: WorkflowContext, services: WorkflowServices, patient: Patient, lang: Language): Promise<boolean> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const answer = await ctx.skills.ask({ id: 'identity', text: say(PHRASES.askIdentity, lang), language: lang, kind: 'free_text', timeoutS: services.timing.answerS });
    if (!answer) continue;
    const check = checkIdentity(answer.text, patient);
    // What was said stays out of the log: it is the patient's name and birth date.
    ctx.note('identity_answer', `identity answer ${attempt}: name ${check.nameMatches ? 'matches' : 'does not match'}, birth date ${check.birthDateMatches ? 'matches' : 'does not match'}`,
      { bed: patient.bed, name_matches: check.nameMatches, birth_date_matches: check.birthDateMatches });
    if (check.nameMatches && check.birthDateMatches) return true;
  }
  return false;
}

/** Sign-ins at the robot until a nurse comes or time runs out; anyone else is refused and recorded. */
async function waitForNurse(ctx: WorkflowContext, services: WorkflowServices, load: DrawerLoad, patient: Patient): Promise<string | null> {
  const deadline = ctx.clock.now() + services.timing.nurseS * 1000;
  const lang = patient.language;
  while (ctx.clock.now() < deadline) {
    const left = Math.max(1, Math.round((deadline - ctx.clock.now()) / 1000));
    const cred = await ctx.skills.authenticateStaff(say(PHRASES.signInPurpose, lang, load.bed), lang, left);
    if (!cred) return null;
    const check = await services.staff.verifyBadge(cred.badge, cred.pin, ctx.robot);
    const who = check.ok ? check.user.username : `badge ${cred.badge}`;
    if (check.ok && check.user.roles.includes('nurse')) {
      services.custody.record({
        taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: null, patient: patient.recordNumber,
        kind: 'staff_authenticated', actor: check.user.username, data: { badge: cred.badge, roles: check.user.roles },
      }, 'nurse signed in at the robot with badge and PIN');
      return check.user.username;
    }
    const reason = check.ok ? `${who} is not a nurse (${check.user.roles.join(', ')})` : `sign-in refused: ${check.reason}`;
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: null, patient: patient.recordNumber,
      kind: 'staff_refused', actor: check.ok ? check.user.username : 'system', data: { badge: cred.badge, reason },
    }, reason);
    services.alerts.raise({
      kind: 'staff_refused', severity: 'high', bed: load.bed, patient: patient.recordNumber, taskId: ctx.taskId, robot: ctx.robot,
      text: { en: `At ${load.bed}, ${ctx.robot} refused a sign-in to receive medication: ${reason}`, 'zh-CN': `${load.bed}：${ctx.robot} 拒绝了一次领药登录（${reason}）` },
    });
    await ctx.skills.speak(say(PHRASES.onlyNurse, lang), lang);
  }
  return null;
}

const ALERTS: Record<Exclude<BedOutcome, 'delivered'>, { kind: 'patient_absent' | 'wristband_mismatch' | 'identity_not_confirmed' | 'nurse_not_coming' | 'robot_fault'; severity: 'critical' | 'high' | 'normal'; zh: string }> = {
  patient_absent: { kind: 'patient_absent', severity: 'normal', zh: '患者不在床旁' },
  wristband_mismatch: { kind: 'wristband_mismatch', severity: 'critical', zh: '腕带与医嘱不符' },
  identity_not_confirmed: { kind: 'identity_not_confirmed', severity: 'high', zh: '未能确认姓名和出生日期' },
  nurse_not_coming: { kind: 'nurse_not_coming', severity: 'high', zh: '护士未按时到机器人处登录' },
  drawer_refused: { kind: 'robot_fault', severity: 'high', zh: '药格安全检查未通过' },
};

function notDelivered(ctx: WorkflowContext, services: WorkflowServices, load: DrawerLoad, patient: Patient | null, outcome: Exclude<BedOutcome, 'delivered'>, detail: string): BedOutcome {
  for (const id of load.orders) {
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: load.drawer, orderId: id, patient: load.patient,
      kind: 'not_delivered', actor: `robot:${ctx.robot}`, data: { reason: outcome, detail },
    }, detail);
  }
  const a = ALERTS[outcome];
  services.alerts.raise({
    kind: a.kind, severity: a.severity, bed: load.bed, patient: load.patient, taskId: ctx.taskId, robot: ctx.robot,
    text: {
      en: `${load.bed}: medication not handed over (${OUTCOME_TEXT[outcome]}). Drawer ${load.drawer} stays locked; ${ctx.robot} takes it back to the pharmacy.`,
      'zh-CN': `${load.bed}：药品未交付（${a.zh}）。${load.drawer}号药格保持锁定，${ctx.robot} 将把药送回药房。`,
    },
    data: { orders: load.orders, drawer: load.drawer, detail, patient_known: patient !== null },
  });
  ctx.note('not_delivered', `${load.bed}: ${OUTCOME_TEXT[outcome]} — ${detail}; drawer ${load.drawer} stays locked`, { bed: load.bed, drawer: load.drawer, reason: outcome }, 'warning');
  return outcome;
}

/** Back at the pharmacy with what was not delivered; a pharmacist takes it out of the robot. */
async function returnToPharmacy(ctx: WorkflowContext, services: WorkflowServices, pharmacy: Place, state: DeliveryState | null, custodyTask = ctx.taskId): Promise<void> {
  await ctx.skills.navigate(pharmacy);
  const carried = services.custody.carried(custodyTask);
  for (const c of carried) {
    services.custody.record({
      taskId: custodyTask, runId: ctx.runId, robot: ctx.robot, drawer: c.drawer, orderId: c.orderId, patient: c.patient,
      kind: 'returned', actor: `robot:${ctx.robot}`, data: {},
    }, 'back at the pharmacy undelivered');
  }
  const drawers = [...new Set(carried.map((c) => c.drawer))].sort();
  const alert = services.alerts.raise({
    kind: 'medication_returned', severity: 'high', taskId: ctx.taskId, robot: ctx.robot,
    text: {
      en: `${ctx.robot} is back at the pharmacy with undelivered medication in drawer(s) ${drawers.join(', ')}. A pharmacist must unload it.`,
      'zh-CN': `${ctx.robot} 已带着未交付的药品回到药房（${drawers.join('、')}号药格），请药师取出。`,
    },
    data: { orders: carried.map((c) => c.orderId) },
  });
  if (state) {
    state.phase = 'unloading';
    ctx.save(state);
  }
  const input = await ctx.waitForInput('unload', services.timing.unloadS * 1000, (i) =>
    i.user.roles.includes('pharmacist') ? [] : [{ kind: 'forbidden', detail: `only a pharmacist may unload returned medication; ${i.user.username} has roles ${i.user.roles.join(', ')}` }]);
  if (!input) {
    ctx.note('not_unloaded', `nobody unloaded ${ctx.robot} within ${Math.round(services.timing.unloadS / 60)} min; drawers stay locked (alert ${alert.id})`, { drawers }, 'warning');
    return;
  }
  for (const drawer of drawers) {
    services.custody.record({
      taskId: custodyTask, runId: ctx.runId, robot: ctx.robot, drawer, orderId: null, patient: null,
      kind: 'load_authorized', actor: input.user.username, data: { purpose: 'unload', controlled: false },
    });
    await services.guard.unlockAtPharmacy(ctx.skills, { taskId: custodyTask, runId: ctx.runId, robot: ctx.robot, drawer }, 'unload');
    await ctx.skills.lockDrawer(drawer, `unload:${custodyTask}`);
    for (const c of carried.filter((x) => x.drawer === drawer)) {
      services.custody.record({
        taskId: custodyTask, runId: ctx.runId, robot: ctx.robot, drawer, orderId: c.orderId, patient: c.patient,
        kind: 'unloaded', actor: input.user.username, data: {},
      }, 'returned medication taken back by the pharmacy');
    }
  }
  ctx.note('unloaded', `${input.user.username} unloaded drawer(s) ${drawers.join(', ')}`, { by: input.user.username, drawers });
}

/**
 * After a restart nothing from the earlier run is trusted: drawers are locked again, and anything
 * still in them goes back to the pharmacy. The hand-off is never resumed mid-way.
 */
async function resumeAfterRestart(ctx: WorkflowContext, services: WorkflowServices, pharmacy: Place): Promise<WorkflowEnd> {
  const saved = (ctx.state ?? {}) as Partial<DeliveryState>;
  const drawers = (saved.drawers ?? []).map((d) => d.drawer);
  for (const d of drawers) await ctx.skills.lockDrawer(d, `restart:${ctx.taskId}`);
  const carried = services.custody.carried(ctx.taskId);
  if (carried.length === 0) {
    throw new WorkflowFailed('brain_restarted', `the brain restarted during the ${saved.phase ?? 'delivery'}; ${ctx.robot} carried no medication of this task, drawers locked; request the delivery again`);
  }
  for (const c of carried) {
    services.custody.record({
      taskId: ctx.taskId, runId: ctx.runId, robot: ctx.robot, drawer: c.drawer, orderId: c.orderId, patient: c.patient,
      kind: 'not_delivered', actor: 'system', data: { reason: 'brain_restarted' },
    }, 'the brain restarted mid-delivery; nothing carried on from before the restart');
  }
  const state: DeliveryState = { phase: 'returning', drawers: saved.drawers ?? [], outcomes: saved.outcomes ?? {} };
  ctx.save(state);
  await returnToPharmacy(ctx, services, pharmacy, state);
  throw new WorkflowFailed('brain_restarted', `the brain restarted mid-delivery; ${carried.length} undelivered order(s) taken back to the pharmacy, drawers locked`);
}

export function orderIds(description: JsonObject): string[] {
  return Array.isArray(description.orders) ? description.orders.map(String) : [];
}

export function pharmacyOf(services: WorkflowServices): Place {
  const place = services.ward.places.find((p) => p.kind === 'pharmacy');
  if (!place) throw new WorkflowFailed('unknown_place', 'the ward has no place of kind pharmacy');
  return place;
}
