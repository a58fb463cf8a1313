import { describe, it, expect } from '@jest/globals';
import { ScriptedPatient, checkScript, DEFAULT_ANSWER_DELAY_S } from './patient-script.js';
import type { PatientScript } from './types.js';

describe('patient scripts', () => {
  it('defaults: present, talking, own wristband, default delay', () => {
    const p = new ScriptedPatient();
    expect([p.present, p.silent, p.wristband, p.answerDelayS]).toEqual([true, false, undefined, DEFAULT_ANSWER_DELAY_S]);
    expect(p.nextAnswer('pain')).toBeUndefined();
  });

  it('array answers go in turn and the last repeats; a later script merges field by field and restarts its questions', () => {
    const p = new ScriptedPatient();
    p.merge(checkScript('bed_1', { answers: { pain: ['mumble', '7'], identity: 'Wang Fang' }, answerDelayS: 3 }));
    expect([p.nextAnswer('pain'), p.nextAnswer('pain'), p.nextAnswer('pain'), p.nextAnswer('identity')]).toEqual(['mumble', '7', '7', 'Wang Fang']);
    p.merge(checkScript('bed_1', { present: false, answers: { pain: ['8', '9'] } }));
    expect([p.present, p.answerDelayS, p.nextAnswer('pain'), p.nextAnswer('identity')]).toEqual([false, 3, '8', 'Wang Fang']);
  });

  it('rejects bad scripts naming the field', () => {
    const bad = (s: unknown) => () => checkScript('MRN-1', s as PatientScript);
    expect(bad({ present: 'yes' })).toThrow(/MRN-1\): present: must be true or false/);
    expect(bad({ answerDelayS: -1 })).toThrow(/answerDelayS: must be a non-negative/);
    expect(bad({ answers: { pain: [] } })).toThrow(/answers\.pain: must be a string or a non-empty array/);
    expect(bad({ answers: { pain: 3 } })).toThrow(/answers\.pain/);
    expect(bad({ wristband: 5 })).toThrow(/wristband: must be a string/);
    expect(bad({ silence: true })).toThrow(/silence: unknown field/);
  });
});
