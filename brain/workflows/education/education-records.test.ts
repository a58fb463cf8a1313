import { describe, expect, it } from '@jest/globals';
import { planSession } from '../../education/index.js';
import { openTestDatabase } from '../../store/module-schema.js';
import { EducationRecords } from './education-records.js';
import { TEST_LIBRARY } from './education-test-library.js';

const check = (questionId: string, section: string, understood: boolean) => ({
  questionId, section, rawAnswer: understood ? 'it matters' : 'no idea', understood, matched: understood ? ['matters'] : [], missing: understood ? [] : ['matters'],
});

describe('EducationRecords', () => {
  it('keeps sessions with their checks and gives planSession what was not understood', async () => {
    const records = new EducationRecords(await openTestDatabase());
    records.record({ taskId: 't1', patient: 'MRN002', topic: 'hypertension', version: '1.0.0', language: 'en', sectionsTaught: ['what', 'do'],
      checks: [check('hypertension_why', 'what', true), check('hypertension_do', 'do', false)], timeMs: 1 });
    records.record({ taskId: 't1', patient: 'MRN002', topic: 'fall_prevention', version: '1.0.0', language: 'en', sectionsTaught: ['what', 'do'],
      checks: [check('fall_prevention_why', 'what', true), check('fall_prevention_do', 'do', true)], timeMs: 2 });
    records.setRepeatTask('t1', ['hypertension'], 't9');

    const sessions = records.sessions('MRN002');
    expect(sessions.map((s) => [s.topic, s.repeatTaskId])).toEqual([['hypertension', 't9'], ['fall_prevention', null]]);
    expect(sessions[0]?.checks[1]).toEqual(check('hypertension_do', 'do', false));
    expect(records.previous('MRN002')).toEqual([
      { topic: 'hypertension', version: '1.0.0', sectionsNotUnderstood: ['do'] },
      { topic: 'fall_prevention', version: '1.0.0', sectionsNotUnderstood: [] },
    ]);
    const plan = planSession(TEST_LIBRARY, ['hypertension'], 'en', { previous: records.previous('MRN002') });
    expect(plan.map((s) => (s.kind === 'teach' ? s.section : s.question.id))).toEqual(['do', 'hypertension_do']);
  });

  it('replaces a topic recorded again by the same task, and keeps a later repeat as the latest', async () => {
    const records = new EducationRecords(await openTestDatabase());
    const base = { patient: 'MRN001', topic: 'hypertension' as const, version: '1.0.0', language: 'zh-CN' as const, sectionsTaught: ['do'] };
    records.record({ ...base, taskId: 't1', checks: [check('hypertension_do', 'do', false)], timeMs: 1 });
    records.record({ ...base, taskId: 't1', checks: [check('hypertension_do', 'do', false), check('hypertension_why', 'what', false)], timeMs: 1 });
    records.record({ ...base, taskId: 't2', checks: [check('hypertension_do', 'do', true)], timeMs: 5 });
    expect(records.sessionsOfTask('t1')).toHaveLength(1);
    expect(records.sessionsOfTask('t1')[0]?.checks).toHaveLength(2);
    expect(records.previous('MRN001').at(-1)).toEqual({ topic: 'hypertension', version: '1.0.0', sectionsNotUnderstood: [] });
    expect(records.sessions('MRN404')).toEqual([]);
  });
});
