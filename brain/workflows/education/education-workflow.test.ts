import { describe, expect, it } from '@jest/globals';
import { openTestDatabase } from '../../store/module-schema.js';
import { PHRASES } from '../dialogue/phrases.js';
import { fakeContext, fakeServices, scriptedSkills, WARD, type BedScript } from '../round/workflow-fakes.js';
import { healthEducationCategory } from './education-category.js';
import { EducationRecords } from './education-records.js';
import { TEST_LIBRARY } from './education-test-library.js';
import { REPEAT_AFTER_MS, runHealthEducation } from './education-workflow.js';

async function setup() {
  const records = new EducationRecords(await openTestDatabase());
  const fakes = fakeServices();
  return { records, ...fakes, deps: { services: fakes.services, records, library: TEST_LIBRARY } };
}

const john = (answers: BedScript['answers']): Record<string, BedScript> => ({ bed_2: { present: true, answers } });

describe('runHealthEducation', () => {
  it('teaches the patient\'s conditions and queues a repeat of the topic not understood only', async () => {
    const { records, deps, followUps } = await setup();
    const { skills, calls } = scriptedSkills(john({
      'teach_back:hypertension_why': ['because it matters'], 'teach_back:hypertension_do': ['take my tablets every day'],
      'teach_back:fall_prevention_why': ['it is important'], 'teach_back:fall_prevention_do': ["I don't know"],
    }));
    const { ctx, clock, saved } = fakeContext(skills, { description: { patient: 'MRN002' } });
    const end = await runHealthEducation(ctx, deps);

    expect(calls[0]).toEqual({ skill: 'navigate', arg: 'bed_2' });
    const spoken = calls.filter((c) => c.skill === 'speak').map((c) => c.arg);
    expect(spoken[0]).toBe(PHRASES.educationHello.en('John Smith', 'High blood pressure and Preventing falls'));
    expect(spoken).toContain('About High blood pressure. High blood pressure matters.');
    expect(spoken.slice(-2)).toEqual([PHRASES.educationRepeat.en(), PHRASES.educationDone.en()]);
    expect(followUps).toEqual([{
      category: 'health_education', description: { patient: 'MRN002', topics: ['fall_prevention'] }, priority: null,
      requester: 'robot:tinybot_1', labels: ['repeat_of:task-1'], earliestStartMs: clock.now() + REPEAT_AFTER_MS,
    }]);
    expect(end.message).toBe('taught 2 topic(s); 1 of 4 check(s) not understood; repeat queued for 2025-03-04 09:00 UTC (task task-follow-1)');
    expect(saved).toEqual([{ done: ['hypertension'] }, { done: ['hypertension', 'fall_prevention'] }]);
    const falls = records.sessions('MRN002').find((s) => s.topic === 'fall_prevention');
    expect(falls).toMatchObject({ version: '1.0.0', repeatTaskId: 'task-follow-1', sectionsTaught: ['what', 'do'] });
    expect(falls?.checks[1]).toMatchObject({ questionId: 'fall_prevention_do', rawAnswer: "I don't know", understood: false, missing: ['do'] });
  });

  it('re-teaches only the sections not understood last time, and queues nothing once understood', async () => {
    const { records, deps, followUps } = await setup();
    records.record({ taskId: 'task-0', patient: 'MRN002', topic: 'fall_prevention', version: '1.0.0', language: 'en', sectionsTaught: ['what', 'do'], timeMs: 0,
      checks: [{ questionId: 'fall_prevention_do', section: 'do', rawAnswer: '', understood: false, matched: [], missing: ['do'] }] });
    const { skills, calls } = scriptedSkills(john({ 'teach_back:fall_prevention_do': ['I will call for help first'] }));
    const { ctx } = fakeContext(skills, { description: { bed: 'bed_2', topics: ['fall_prevention'] } });
    const end = await runHealthEducation(ctx, deps);
    expect(calls.filter((c) => c.skill === 'ask').map((c) => c.arg)).toEqual(['teach_back:fall_prevention_do']);
    expect(followUps).toEqual([]);
    expect(end.message).toBe('taught 1 topic(s); 0 of 1 check(s) not understood');
  });

  it('alerts a nurse on red-flag words in a teach-back answer, in the patient\'s language', async () => {
    const { deps, alerts } = await setup();
    const { skills, calls } = scriptedSkills({ bed_1: { present: true, answers: { 'teach_back:fall_prevention_do': ['我昨天摔倒了', '按铃'] } } });
    const { ctx } = fakeContext(skills, { description: { patient: 'MRN001' } });
    await runHealthEducation(ctx, deps);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'red_flag', severity: 'high', bed: 'bed_1', patient: 'MRN001' })]);
    expect(calls.filter((c) => c.skill === 'speak').map((c) => c.arg)).toContain(PHRASES.nurseInformed['zh-CN']());
    expect(calls.find((c) => c.skill === 'speak')?.arg).toBe(PHRASES.educationHello['zh-CN']('王芳', '预防跌倒'));
  });

  it('fails with nothing_done and alerts when the patient is absent', async () => {
    const { deps, alerts } = await setup();
    const { skills } = scriptedSkills({});
    const { ctx } = fakeContext(skills, { description: { patient: 'MRN002' } });
    await expect(runHealthEducation(ctx, deps)).rejects.toMatchObject({ code: 'nothing_done', message: expect.stringContaining('absent') });
    expect(alerts).toEqual([expect.objectContaining({ kind: 'patient_absent', severity: 'normal', bed: 'bed_2' })]);
  });

  it('on resume skips the topics already taught', async () => {
    const { records, deps, followUps } = await setup();
    records.record({ taskId: 'task-1', patient: 'MRN002', topic: 'hypertension', version: '1.0.0', language: 'en', sectionsTaught: ['what', 'do'], timeMs: 0,
      checks: [{ questionId: 'hypertension_do', section: 'do', rawAnswer: 'no idea', understood: false, matched: [], missing: ['do'] }] });
    const { skills, calls } = scriptedSkills(john({ 'teach_back:fall_prevention_why': ['important'], 'teach_back:fall_prevention_do': ['call for help'] }));
    const { ctx } = fakeContext(skills, { description: { patient: 'MRN002' }, resumed: true, state: { done: ['hypertension'] } });
    const end = await runHealthEducation(ctx, deps);
    expect(calls.filter((c) => c.skill === 'ask').map((c) => c.arg)).toEqual(['teach_back:fall_prevention_why', 'teach_back:fall_prevention_do']);
    expect(followUps[0]?.description).toEqual({ patient: 'MRN002', topics: ['hypertension'] });
    expect(end.message).toContain('taught 2 topic(s); 1 of 3 check(s) not understood');
  });
});

describe('health_education category', () => {
  it('checks patient, bed and topics, naming the field', async () => {
    const { deps } = await setup();
    const category = healthEducationCategory(deps);
    expect(category.check({ patient: 'MRN404' }, WARD)).toEqual([{ code: 'unknown_patient', field: 'patient', detail: 'no patient MRN404 in the ward records' }]);
    expect(category.check({ bed: 'nurse_station' }, WARD)[0]).toMatchObject({ code: 'unknown_place', field: 'bed' });
    expect(category.check({ patient: 'MRN003' }, WARD)).toEqual([expect.objectContaining({ code: 'unknown_topic', field: 'topics' })]);
    expect(category.check({ patient: 'MRN002', topics: ['hypertension', 'diabetes'] }, WARD)).toEqual([expect.objectContaining({ code: 'unknown_topic', field: 'topics[1]' })]);
    expect(category.check({ bed: 'bed_2' }, WARD)).toEqual([]);
    expect(category.workflow.beds({ patient: 'MRN001' })).toEqual(['bed_1']);
    expect(category.workflow.firstPlace({ bed: 'bed_2' }, WARD)?.name).toBe('bed_2');
  });

  it('refuses a patient without a bed', async () => {
    const fakes = fakeServices([{ recordNumber: 'MRN9', name: 'X', otherNames: [], birthDate: '1950-01-01', language: 'en', conditions: ['hypertension'], allergies: [], wristband: 'W', bed: null }]);
    const records = new EducationRecords(await openTestDatabase());
    const category = healthEducationCategory({ services: fakes.services, records, library: TEST_LIBRARY });
    expect(category.check({ patient: 'MRN9' }, WARD)).toEqual([{ code: 'patient_without_bed', field: 'patient', detail: 'patient MRN9 is not in a bed' }]);
  });
});
