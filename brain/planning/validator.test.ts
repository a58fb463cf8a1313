import { beforeAll, describe, expect, it } from '@jest/globals';
import { DrawerCommand } from '../../robot/index.js';
import type { Plan, PlanNode, SkillStep, TaskStep } from './plan-types.js';
import { planningFixture, NURSE, type PlanningFixture } from './planning-fixture.js';
import { validatePlan } from './validator.js';

let f: PlanningFixture;
beforeAll(async () => { f = await planningFixture(); });

const plan = (root: PlanNode): Plan => ({ root, summary: 'test', source: 'model', language: 'en' });
let n = 0;
const skill = (name: string, goal: Record<string, unknown>, extra: Partial<SkillStep> = {}): SkillStep =>
  ({ kind: 'skill', id: `k${++n}`, skill: name, goal, patient: null, order: null, why: 'because', ...extra });
const task = (category: string, description: Record<string, unknown>, extra: Partial<TaskStep> = {}): TaskStep =>
  ({ kind: 'task', id: `t${++n}`, category, description, startAfter: null, priority: 'normal', patient: null, bed: null, medications: [], why: 'because', ...extra });
const seq = (...steps: PlanNode[]): PlanNode => ({ kind: 'sequence', id: `q${++n}`, steps });
const nav = (place: string, max_speed = 0) => skill('navigate_to_place', { place_name: place, max_speed });
const t = (sec: number) => ({ sec, nanosec: 0 });
const P1 = 'MRN-200001';
const handover = (extra: { drawerFirst?: boolean; noNurse?: boolean; noIdentity?: boolean; order?: string } = {}) => {
  const unlock = skill('drawer_control', { drawer: 1, command: DrawerCommand.UNLOCK, authorization: '' }, { patient: P1, order: extra.order ?? 'MR-2001' });
  const steps: PlanNode[] = [
    nav('bed_1'),
    skill('read_wristband', { timeout: t(20) }, { patient: P1 }),
    ...(extra.noIdentity ? [] : [skill('ask_question', { question_id: 'identity', text: 'Name and birth date?', language: 'zh-CN', kind: 0, choices: [], timeout: t(30) }, { patient: P1 })]),
    ...(extra.noNurse ? [] : [skill('authenticate_staff', { purpose: 'receive', language: 'zh-CN', timeout: t(120) }, { patient: P1 })]),
  ];
  return extra.drawerFirst ? seq(steps[0]!, unlock, ...steps.slice(1)) : seq(...steps, unlock);
};
const reasons = (p: Plan, over = {}) => {
  const v = validatePlan(p, f.context(over));
  return v.ok ? [] : v.problems.map((x) => `${x.code}: ${x.en}`);
};

describe('validatePlan', () => {
  it('passes a plan of ward tasks, and asks for approval when it came from free text or touches medication', () => {
    const v = validatePlan(plan(seq(task('medication_delivery', { orders: ['MR-2001'] }, { patient: P1, bed: 'bed_1', medications: ['insulin'] }), task('health_education', { patient: P1, topics: ['insulin_use'] }))), f.context());
    expect(v).toMatchObject({ ok: true, needsApproval: true });
    if (v.ok) expect(v.approvalReasons.join(' ')).toMatch(/free text.*|touches medication/);
    const trip = validatePlan(plan(task('go_to_place', { place: 'pharmacy' })), f.context({ fromFreeText: false }));
    expect(trip).toMatchObject({ ok: true, needsApproval: false });
  });

  it('refuses a skill that is not on the allow-list, naming it', () => {
    expect(reasons(plan(skill('open_all_drawers', {})))).toEqual([expect.stringMatching(/^unknown_skill: "open_all_drawers" is not a ward skill/)]);
    expect(reasons(plan(task('medication_return', { delivery: 'x', robot: 'r' })))[0]).toMatch(/^unknown_skill: a plan may not dispatch "medication_return"/);
  });

  it('checks a skill\'s goal against its ROS action definition, field by field', () => {
    expect(reasons(plan(skill('speak', { text: 'hi', language: 'en', volume: 11 })))).toEqual([expect.stringMatching(/goal\.volume: is not a field/)]);
    expect(reasons(plan(skill('speak', { text: 'hi' }))).join()).toMatch(/goal\.language: is missing/);
  });

  it('refuses made-up places, patients and orders, and orders that are not active', () => {
    expect(reasons(plan(nav('bed_99'))).join()).toMatch(/unknown_place: no place "bed_99"/);
    expect(reasons(plan(task('health_education', { patient: 'MRN-999999' }))).join()).toMatch(/unknown_patient/);
    expect(reasons(plan(task('medication_delivery', { orders: ['MR-9999'] }))).join()).toMatch(/unknown_order: description\.orders\[0\]: no medication order "MR-9999"/);
    expect(reasons(plan(task('medication_delivery', { orders: ['MR-2006'] }))).join()).toMatch(/order_not_active: .*MR-2006 is on-hold/);
  });

  it('refuses a delivery whose order belongs to another patient than the bed named, or lacks the medication asked for', () => {
    expect(reasons(plan(task('medication_delivery', { orders: ['MR-2005'] }, { bed: 'bed_1' }))).join()).toMatch(/patient_mismatch: order MR-2005 is for patient MRN-200003, not for MRN-200001 in bed_1/);
    expect(reasons(plan(task('medication_delivery', { orders: ['MR-2001'] }, { bed: 'bed_1', medications: ['morphine'] }))).join()).toMatch(/medication_not_ordered: "morphine" is not on an active order/);
    expect(reasons(plan(task('health_education', { patient: P1 }, { medications: ['insulin'] }))).join()).toMatch(/medication is delivered only by a medication_delivery step/);
  });

  it('keeps a drawer locked unless the patient was identified at the bed and a nurse signed in after, in that order', () => {
    expect(reasons(plan(handover()))).toEqual([]);
    expect(reasons(plan(handover({ drawerFirst: true }))).join('\n')).toMatch(/wristband is not read at the bed before it[\s\S]*not asked for name and birth date[\s\S]*no nurse signs in/);
    expect(reasons(plan(handover({ noNurse: true })))).toEqual([expect.stringMatching(/drawer_order: drawer 1 stays locked: no nurse signs in at the robot after the patient is identified/)]);
    expect(reasons(plan(handover({ noIdentity: true }))).join()).toMatch(/not asked for name and birth date/);
    expect(reasons(plan(handover({ order: 'MR-2005' }))).join()).toMatch(/order MR-2005 is for patient MRN-200003, not MRN-200001/);
    expect(reasons(plan(handover({ order: 'MR-2006' }))).join()).toMatch(/MR-2006 is on-hold/);
  });

  it('does not count identification in another branch of a fallback, nor before a later trip', () => {
    const p1 = P1;
    const unlock = skill('drawer_control', { drawer: 1, command: DrawerCommand.UNLOCK, authorization: '' }, { patient: p1, order: 'MR-2001' });
    const identify = seq(skill('read_wristband', { timeout: t(20) }, { patient: p1 }),
      skill('ask_question', { question_id: 'identity', text: 'x', language: 'en', kind: 0, choices: [], timeout: t(30) }, { patient: p1 }),
      skill('authenticate_staff', { purpose: 'x', language: 'en', timeout: t(60) }, { patient: p1 }));
    const inOtherBranch = seq(nav('bed_1'), { kind: 'fallback', id: 'fb', options: [identify, skill('speak', { text: 'sorry', language: 'en' })] }, unlock);
    expect(reasons(plan(inOtherBranch)).join()).toMatch(/wristband is not read/);
    const tripAfter = seq(nav('bed_1'), identify, nav('bed_3'), unlock);
    expect(reasons(plan(tripAfter)).join()).toMatch(/last trip before it is not to bed_1/);
  });

  it('never lets a plan write a drawer authorisation', () => {
    const forged = seq(nav('bed_1'), skill('drawer_control', { drawer: 1, command: DrawerCommand.LOCK, authorization: 'custody:1' }));
    expect(reasons(plan(forged)).join()).toMatch(/forbidden: a drawer authorisation is written by the drawer guard/);
  });

  it('holds plans to the speed, area, size and wait limits', () => {
    expect(reasons(plan(nav('pharmacy', 2.5))).join()).toMatch(/limit: speed 2.5 m\/s is above the ward limit of 1 m\/s/);
    expect(reasons(plan(nav('pharmacy')), { policy: { ...f.context().policy, placeKinds: ['bed'] } }).join()).toMatch(/may not send a robot to a pharmacy/);
    expect(reasons(plan(seq(...Array.from({ length: 30 }, () => nav('pharmacy'))))).join()).toMatch(/30 steps; at most 24/);
    expect(reasons(plan(skill('detect_person', { timeout: t(3600) }))).join()).toMatch(/waits 3600 s; at most 600 s/);
    expect(reasons(plan({ kind: 'retry', id: 'r', attempts: 50, step: nav('pharmacy') })).join()).toMatch(/retry may make 1 to 3 attempts/);
  });

  it('does not let a plan do what its requester may not', () => {
    const engineer = { username: 'eng.kim', roles: ['engineer'] };
    expect(reasons(plan(task('ward_round', {})), { requester: engineer }).join()).toMatch(/forbidden: ward_round tasks need one of the roles nurse, ward_manager; eng.kim has engineer/);
    expect(reasons(plan(task('go_to_place', { place: 'pharmacy' })), { requester: engineer })).toEqual([]);
    expect(NURSE.roles).toEqual(['nurse']);
  });

  it('gives every refusal in both languages', () => {
    const v = validatePlan(plan(nav('bed_99')), f.context());
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems[0]).toMatchObject({ step: expect.any(String), field: 'goal.place_name', en: expect.any(String), 'zh-CN': expect.stringMatching(/病区地图上没有地点/) });
  });
});
