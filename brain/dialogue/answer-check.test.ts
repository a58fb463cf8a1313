import { describe, expect, it } from '@jest/globals';
import { checkModelAnswer } from './answer-check.js';
import { LIBRARY, ORDERS } from './dialogue-fakes.js';
import { libraryPassages, orderPassage } from './sources.js';

const lowSugar = libraryPassages(LIBRARY).find((p) => p.id === 'education:diabetes@1.0.0#low_sugar')!;
const dailyCare = libraryPassages(LIBRARY).find((p) => p.id === 'education:diabetes@1.0.0#daily_care')!;
const metformin = orderPassage(ORDERS[0]!);
const given = [lowSugar, dailyCare, metformin];
const LOW = '[education:diabetes@1.0.0#low_sugar]';
const MET = '[record:order:MR-2001]';

describe('checkModelAnswer', () => {
  it('accepts an answer that cites its sources, and strips the citations for speaking', () => {
    expect(checkModelAnswer(`Low blood sugar can make you shaky or sweaty ${LOW}. Press the call button and tell a nurse ${LOW}.`, given)).toEqual({
      ok: true, text: 'Low blood sugar can make you shaky or sweaty. Press the call button and tell a nurse.', cited: ['education:diabetes@1.0.0#low_sugar'],
    });
    expect(checkModelAnswer(`血糖低时可能会手抖、出汗${LOW}。请按呼叫铃告诉护士。`, given)).toMatchObject({ ok: true, text: '血糖低时可能会手抖、出汗。请按呼叫铃告诉护士。' });
  });

  it('accepts a dose that its sources state (the record), in any spacing or case', () => {
    expect(checkModelAnswer(`Your record lists metformin 500 mg at 08:00 and 18:00 ${MET}.`, given)).toMatchObject({ ok: true });
    expect(checkModelAnswer(`Your record lists metformin 500mg ${MET}.`, given)).toMatchObject({ ok: true });
  });

  it('refuses an answer without a citation, or citing a source it was not given', () => {
    expect(checkModelAnswer('Low blood sugar can make you shaky.', given)).toEqual({ ok: false, reason: 'no source cited' });
    expect(checkModelAnswer('Take care [education:cancer@9.9.9#cure].', given)).toEqual({ ok: false, reason: 'cites a source it was not given (education:cancer@9.9.9#cure)' });
    expect(checkModelAnswer(`${LOW}`, given)).toEqual({ ok: false, reason: 'nothing left to say after the citations' });
    expect(checkModelAnswer(null, given)).toEqual({ ok: false, reason: 'empty answer' });
  });

  it('refuses a dose its sources do not state, in English or Chinese', () => {
    expect(checkModelAnswer(`You can take 1000 mg of metformin ${MET}.`, given)).toEqual({ ok: false, reason: 'states a dose not in its sources ("1000 mg")' });
    expect(checkModelAnswer(`Take 2 tablets with food ${MET}.`, given)).toMatchObject({ ok: false, reason: expect.stringMatching(/dose not in its sources/) });
    expect(checkModelAnswer(`您可以吃两片${MET}。`, given)).toMatchObject({ ok: false, reason: expect.stringMatching(/两片/) });
  });

  it('refuses telling the patient to change a treatment, but not a warning against it', () => {
    expect(checkModelAnswer(`You could skip the evening dose ${MET}.`, given)).toMatchObject({ ok: false, reason: expect.stringMatching(/change a treatment \("skip"\)/) });
    expect(checkModelAnswer(`Double your metformin if your sugar is high ${MET}.`, given)).toMatchObject({ ok: false });
    expect(checkModelAnswer(`血糖高的话可以加量${MET}。`, given)).toMatchObject({ ok: false, reason: expect.stringMatching(/加量/) });
    expect(checkModelAnswer(`Do not skip or change your diabetes medicines yourself ${'[education:diabetes@1.0.0#daily_care]'}.`, given)).toMatchObject({ ok: true });
    expect(checkModelAnswer(`不要自己漏用或改量，也不要自己停药${'[education:diabetes@1.0.0#daily_care]'}。`, given)).toMatchObject({ ok: true });
  });

  it('refuses a diagnosis', () => {
    expect(checkModelAnswer(`You probably have low blood sugar ${LOW}.`, given)).toMatchObject({ ok: false, reason: expect.stringMatching(/diagnosis/) });
    expect(checkModelAnswer(`It sounds like you have an infection ${LOW}.`, given)).toMatchObject({ ok: false });
    expect(checkModelAnswer(`您可能得了糖尿病并发症${LOW}。`, given)).toMatchObject({ ok: false });
    expect(checkModelAnswer(`If you have chest pain, call a nurse ${LOW}.`, given)).toMatchObject({ ok: true });
  });

  it('refuses an answer too long to say', () => {
    const long = `${'Eat regular meals with vegetables and whole grains. '.repeat(12)}${LOW}`;
    expect(checkModelAnswer(long, given)).toMatchObject({ ok: false, reason: expect.stringMatching(/too long/) });
  });
});
