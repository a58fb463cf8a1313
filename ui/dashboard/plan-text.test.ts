import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { PLAN_STATUSES, type PlanStepWire } from './api-types.js';
import { toPlan, toPlannerMode } from './api-wire.js';
import { en } from './i18n/en.js';
import { setLang } from './i18n.js';
import { approvalReasonText, plannerText, problemText, problemWhere, stepLine, type PlanNames } from './plan-text.js';

const names: PlanNames = {
  place: (n) => ({ bed_1: 'Bed 1', bed_2: 'Bed 2', pharmacy: 'Pharmacy' })[n] ?? n,
  patient: (rn) => (rn === 'MRN-1' ? 'Wang Fang' : rn),
  order: (id) => (id === 'MR-1' ? 'MR-1 (insulin)' : id),
};

const step = (over: Partial<PlanStepWire>): PlanStepWire => ({
  id: 's1', kind: 'task', category: null, description: null, skill: null, goal: null, start_after: null, priority: null,
  patient: null, bed: null, medications: [], order: null, why: '', ...over,
});

describe('plans in the dashboard', () => {
  beforeAll(() => {
    // setLang marks the page's language; a stand-in page for node.
    (globalThis as { document?: unknown }).document ??= { documentElement: {} };
    setLang('en');
  });
  afterAll(() => setLang('en'));

  it('has a word for every plan status the brain sends', () => {
    for (const status of PLAN_STATUSES) expect(Object.keys(en)).toContain(`pstatus.${status}`);
  });

  it('says which planner runs, where, and why a configured model is not used', () => {
    expect(plannerText(toPlannerMode({ mode: 'deterministic', model: null, site: null, edge_only: false, reason: null }))).toBe('Planner: rules (no model)');
    expect(plannerText(toPlannerMode({ mode: 'model', model: 'qwen2.5', site: 'on_site', edge_only: false, reason: null }))).toBe('Planner: model qwen2.5 (on site)');
    expect(plannerText(toPlannerMode({ mode: 'model', model: 'qwen2.5', site: null, edge_only: false, reason: null }))).toBe('Planner: model qwen2.5');
    expect(plannerText(toPlannerMode({ mode: 'deterministic', model: 'gpt-4o', site: 'off_site', edge_only: true, reason: 'edge only: off site' })))
      .toBe('Planner: rules (model gpt-4o not used: edge only: off site)');
    expect(plannerText(toPlannerMode({ mode: 'deterministic', model: null, site: null, edge_only: true, reason: 'no base URL' })))
      .toBe('Planner: rules (the configured model is not used: no base URL)');
    // Anything the dashboard cannot read is the rules, never a model it made up.
    expect(toPlannerMode(null)).toEqual({ mode: 'deterministic', model: null, site: null, edge_only: false, reason: null });
  });

  it('reads each kind of step as one line', () => {
    expect(stepLine(step({ category: 'medication_delivery', description: { orders: ['MR-1'] }, bed: 'bed_1', patient: 'MRN-1', medications: ['insulin'], start_after: '13:00' }), names))
      .toBe('Medication delivery · Bed 1 · Wang Fang · orders: MR-1 (insulin) · medication asked for: insulin · not before 13:00');
    expect(stepLine(step({ category: 'ward_round', description: { beds: ['bed_1', 'bed_2'] }, priority: 'high' }), names))
      .toBe('Ward round · beds: Bed 1, Bed 2 · urgent');
    expect(stepLine(step({ category: 'ward_round', description: {} }), names)).toBe('Ward round · whole ward');
    expect(stepLine(step({ category: 'health_education', description: { patient: 'MRN-1' }, patient: 'MRN-1' }), names))
      .toBe('Health education · Wang Fang · topics: the patient’s recorded conditions');
    expect(stepLine(step({ category: 'go_to_place', description: { place: 'pharmacy' } }), names)).toBe('Send a robot to a place · to Pharmacy');
    expect(stepLine(step({ category: 'disinfect', description: { room: 'sluice', minutes: 5 } }), names)).toBe('disinfect · room: sluice, minutes: 5');
    expect(stepLine(step({ kind: 'skill', skill: 'speak', goal: { text: 'Hello, I have your medication.', language: 'en' }, patient: 'MRN-1' }), names))
      .toBe('Robot action: speak · Wang Fang · “Hello, I have your medication.” · language: en');
    expect(stepLine(step({ kind: 'skill', skill: 'drawer_control', goal: { drawer: 1, command: 'UNLOCK' }, order: 'MR-1' }), names))
      .toBe('Robot action: drawer_control · order MR-1 (insulin) · drawer: 1, command: UNLOCK');
  });

  it('names why a plan needs a nurse, and keeps a reason it does not know as the brain wrote it', () => {
    expect(approvalReasonText('touches medication')).toBe('touches medication');
    expect(approvalReasonText('planned from free text by a language model')).toBe('was planned from free text by a language model');
    expect(approvalReasonText('planned from free text by the deterministic rules')).toBe('was planned from free text by the rules');
    expect(approvalReasonText('leaves the ward')).toBe('leaves the ward');
    setLang('zh-CN');
    expect(approvalReasonText('touches medication')).toBe('涉及药品');
    setLang('en');
  });

  it('reads a refused plan: each reason with its step, in the page’s language', () => {
    const plan = toPlan({
      id: 'plan-1', created_ms: 1, requester: 'nurse.li', text: 'bring the morphine to bed 1', planner: 'deterministic', status: 'refused',
      steps: [{ id: 's1', kind: 'task', category: 'medication_delivery', description: { orders: ['MR-1'] }, why: 'asked' }],
      problems: [
        { step: 's1', field: 'medications', code: 'medication_not_ordered', en: '"morphine" is not on an active order', zh_cn: '“morphine”不在有效医嘱中' },
        { step: null, field: 'text', code: 'not_understood', en: 'could not tell' },
      ],
      approval_reasons: [], model: { model: 'm', turns: 2, rejected_calls: [{ tool: 'open_drawer', reason: 'unknown tool' }, 'junk'] },
      task_ids: ['t1', 7],
    })!;
    expect(plan.steps[0]).toMatchObject({ id: 's1', kind: 'task', medications: [], start_after: null, skill: null });
    expect(plan.model?.rejected_calls).toEqual([{ tool: 'open_drawer', reason: 'unknown tool' }, { tool: '', reason: '' }]);
    expect(plan.task_ids).toEqual(['t1']);
    expect(plan.problems.map((p) => problemWhere(p, plan))).toEqual(['Step 1 · Medication delivery', 'The request']);
    expect(problemText(plan.problems[0]!)).toBe('"morphine" is not on an active order');
    setLang('zh-CN');
    expect(problemText(plan.problems[0]!)).toBe('“morphine”不在有效医嘱中');
    // A reason the brain gave in English only is still shown.
    expect(problemText(plan.problems[1]!)).toBe('could not tell');
    expect(problemWhere(plan.problems[0]!, plan)).toBe('第1步 · 送药');
    setLang('en');
    // A status the dashboard does not know is never one that can be approved.
    expect(toPlan({ id: 'p', status: 'teleported' })?.status).toBe('refused');
    expect(toPlan({ status: 'refused' })).toBeNull();
  });
});
