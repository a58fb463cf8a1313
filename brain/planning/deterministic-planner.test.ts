import { beforeAll, describe, expect, it } from '@jest/globals';
import { planFromText } from './deterministic-planner.js';
import { stepsOf, type TaskStep } from './plan-types.js';
import { planningFixture, type PlanningFixture } from './planning-fixture.js';
import { validatePlan } from './validator.js';

let f: PlanningFixture;
beforeAll(async () => { f = await planningFixture(); });
const plan = (text: string) => planFromText(text, f.ward, f.records.patients(), f.records.orders({ status: 'active' }));
const tasks = (text: string) => {
  const r = plan(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.en).join('; '));
  return stepsOf(r.plan.root) as TaskStep[];
};

describe('the rule planner (no model)', () => {
  it('reads "after lunch take bed 1\'s insulin and show him the new pen again" as a delivery then a lesson, after 13:00', () => {
    const steps = tasks('After lunch take bed 1\'s insulin and show him the new pen again');
    expect(steps.map((s) => s.category)).toEqual(['medication_delivery', 'health_education']);
    expect(steps[0]).toMatchObject({ description: { orders: ['MR-2001', 'MR-2002'] }, bed: 'bed_1', patient: 'MRN-200001', medications: ['insulin'], startAfter: '13:00' });
    expect(steps[1]).toMatchObject({ description: { patient: 'MRN-200001', topics: ['insulin_use'] }, startAfter: '13:00' });
    expect(steps[0]!.why).toMatch(/asked "take .*insulin"/i);
  });

  it('reads the same in Chinese', () => {
    const steps = tasks('午饭后给1床送胰岛素，再给他演示一下胰岛素笔');
    expect(steps.map((s) => s.category)).toEqual(['medication_delivery', 'health_education']);
    expect(steps[0]).toMatchObject({ bed: 'bed_1', startAfter: '13:00', medications: expect.arrayContaining(['胰岛素']) });
  });

  it('reads rounds, trips and clock times', () => {
    expect(tasks('ward round of beds 1 to 4 at 3pm')).toEqual([expect.objectContaining({ category: 'ward_round', description: { beds: ['bed_1', 'bed_2', 'bed_3', 'bed_4'] }, startAfter: '15:00' })]);
    expect(tasks('go to the pharmacy')).toEqual([expect.objectContaining({ category: 'go_to_place', description: { place: 'pharmacy' } })]);
    expect(tasks('下午3点去护士站')).toEqual([expect.objectContaining({ category: 'go_to_place', description: { place: 'nurse_station' }, startAfter: '15:00' })]);
  });

  it('finds a patient by name in either language', () => {
    expect(tasks('teach Wang Guoqiang about his diabetes')[0]).toMatchObject({ category: 'health_education', description: { patient: 'MRN-200001', topics: ['diabetes'] } });
    expect(tasks('给王国强讲解糖尿病')[0]).toMatchObject({ description: { patient: 'MRN-200001' } });
  });

  it('says what it could not understand, and how to say it', () => {
    const r = plan('please make the coffee stronger');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'not_understood', en: expect.stringMatching(/take bed 12's medication after lunch/) });
    const bed = plan('take bed 99 her medication');
    expect(!bed.ok && bed.problems[0]!.en).toMatch(/no bed 99/);
  });

  it('hands medication nobody ordered to the validator, which refuses it', () => {
    const steps = tasks('bring the morphine to bed 1');
    expect(steps[0]).toMatchObject({ category: 'medication_delivery', medications: ['morphine'] });
    const r = plan('bring the morphine to bed 1');
    const v = r.ok ? validatePlan(r.plan, f.context()) : null;
    expect(v?.ok).toBe(false);
    if (v && !v.ok) expect(v.problems.map((p) => p.en).join()).toMatch(/"morphine" is not on an active order in this delivery/);
  });
});
