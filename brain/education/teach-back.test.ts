import { describe, it, expect } from '@jest/globals';
import { gradeTeachBack, loadLibrary, MAX_ANSWER_CHARS, normaliseSpeech, type TeachBackQuestion } from './index.js';

const library = loadLibrary();

function question(topic: Parameters<typeof library.topic>[0], id: string): TeachBackQuestion {
  const found = library.topic(topic).teachBack.find((q) => q.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
}

const bpCall = question('hypertension', 'when_to_call_nurse'); // warning_symptoms + very_high_reading, pass 2
const inhalerSteps = question('inhaler_use', 'inhaler_steps'); // five steps, pass 3
const hfRedFlags = question('heart_failure', 'heart_failure_red_flags');
const afterFall = question('fall_prevention', 'after_a_fall');

describe('normaliseSpeech', () => {
  it('lower-cases, turns full width into half width, drops punctuation and collapses spaces', () => {
    expect(normaliseSpeech('  Ｉ  DON’T   know!!  ')).toBe('i dont know');
    expect(normaliseSpeech('血压１８０，头很痛。')).toBe('血压180 头很痛');
  });

  it('joins Chinese that the recogniser spaced out, but keeps punctuation as a boundary', () => {
    expect(normaliseSpeech('胸 痛 要 叫 护士')).toBe('胸痛要叫护士');
    expect(normaliseSpeech('不，胸痛')).toBe('不 胸痛');
  });
});

describe('gradeTeachBack in English', () => {
  it('a full answer is understood', () => {
    expect(gradeTeachBack(bpCall, 'If I get a really bad headache or chest pain, or the reading is over 180.', 'en'))
      .toEqual({ understood: true, matched: ['warning_symptoms', 'very_high_reading'], missing: [] });
  });

  it('a partly correct answer is not understood, and says what is missing', () => {
    expect(gradeTeachBack(bpCall, 'When my vision goes blurry, I think.', 'en'))
      .toEqual({ understood: false, matched: ['warning_symptoms'], missing: ['very_high_reading'] });
  });

  it('plurals and apostrophes in what the recogniser wrote still match', () => {
    const grade = gradeTeachBack(inhalerSteps, "Shake it, breathe out, then press it and breathe in slowly, and hold my breath for ten seconds.", 'en');
    expect(grade.understood).toBe(true);
    expect(grade.missing).toEqual([]);
  });

  it('"I don\'t know" is not understood, even with a key word in it', () => {
    expect(gradeTeachBack(bpCall, "I don't know.", 'en').understood).toBe(false);
    const unsure = gradeTeachBack(bpCall, "Not sure... chest pain? Maybe if it's 180?", 'en');
    expect(unsure.matched).toEqual(['warning_symptoms', 'very_high_reading']);
    expect(unsure.understood).toBe(false);
  });

  it('a keyword right after not / no / never does not count', () => {
    const grade = gradeTeachBack(hfRedFlags, 'Not dizzy. Never chest pain. I have no swelling.', 'en');
    expect(grade.matched).toEqual([]);
    expect(grade.understood).toBe(false);
  });

  it('a keyword further from the negation still counts (the rule is deliberately simple)', () => {
    expect(gradeTeachBack(hfRedFlags, 'If I do not feel well: chest pain, or my ankles get swollen.', 'en'))
      .toEqual({ understood: true, matched: ['chest_pain', 'more_swelling'], missing: ['worse_breathing', 'faint'] });
  });

  it('a phrase whose words are a denial counts when it is the keyword itself', () => {
    expect(gradeTeachBack(afterFall, "Don't get up, press the call button.", 'en').understood).toBe(true);
    expect(gradeTeachBack(afterFall, 'Get up and press the call button.', 'en'))
      .toEqual({ understood: false, matched: ['call_for_help'], missing: ['stay_down'] });
  });

  it('"cannot breathe" is a red flag, not a denial of one', () => {
    expect(gradeTeachBack(hfRedFlags, "When I can't breathe lying flat, or I feel faint.", 'en').understood).toBe(true);
  });
});

describe('gradeTeachBack in Chinese', () => {
  it('a full answer is understood', () => {
    expect(gradeTeachBack(bpCall, '头疼得厉害、看东西模糊，或者血压到一百八的时候，要马上叫护士。', 'zh-CN'))
      .toEqual({ understood: true, matched: ['warning_symptoms', 'very_high_reading'], missing: [] });
  });

  it('a partly correct answer is not understood', () => {
    expect(gradeTeachBack(bpCall, '胸口疼的时候叫护士。', 'zh-CN'))
      .toEqual({ understood: false, matched: ['warning_symptoms'], missing: ['very_high_reading'] });
  });

  it('不知道 / 不清楚 are not understood', () => {
    expect(gradeTeachBack(bpCall, '我不知道。', 'zh-CN').understood).toBe(false);
    expect(gradeTeachBack(bpCall, '这个不清楚，可能是头痛，血压很高？', 'zh-CN').understood).toBe(false);
  });

  it('不 / 没 directly before a keyword does not count it; 特别 is not a negation', () => {
    const lowSugar = question('diabetes', 'low_sugar_signs');
    expect(gradeTeachBack(lowSugar, '不头晕，也没出汗。', 'zh-CN').matched).toEqual([]);
    expect(gradeTeachBack(lowSugar, '会特别饿，还会出冷汗。', 'zh-CN'))
      .toEqual({ understood: true, matched: ['sweaty', 'hungry'], missing: ['shaky', 'dizzy_or_confused', 'racing_heart'] });
  });

  it('Chinese spaced out by the recogniser and full-width digits still match', () => {
    expect(gradeTeachBack(bpCall, '头 痛 ， 血压 １８０', 'zh-CN').understood).toBe(true);
  });
});

describe('gradeTeachBack with mixed languages', () => {
  it('an English word inside a Chinese answer counts', () => {
    const grade = gradeTeachBack(inhalerSteps, '先shake一下，然后呼气，按一下同时深吸气，再憋气十秒。', 'zh-CN');
    expect(grade.understood).toBe(true);
    expect(grade.matched).toEqual(['shake', 'breathe_out_first', 'press_while_breathing_in', 'slow_deep_breath_in', 'hold_breath']);
  });

  it('a Chinese phrase inside an English answer counts', () => {
    expect(gradeTeachBack(bpCall, 'When I have 头痛, or the number is very high.', 'en').understood).toBe(true);
  });
});

describe('gradeTeachBack on hostile or odd input never throws', () => {
  const odd: unknown[] = [
    '', '   ', '\u0000\u0007\u001b[31m', '😀🩺💊'.repeat(1000), 'a'.repeat(100_000), '胸痛'.repeat(50_000),
    '\uD800 lone surrogate', '<script>alert(1)</script>', 'ＮＯＴ ＳＵＲＥ', null, undefined, 42, { toString: () => 'chest pain' },
  ];

  it.each(odd.map((input, i) => [i, input]))('input #%i gives a grade', (_i, input) => {
    const grade = gradeTeachBack(bpCall, input as string, 'en');
    expect(grade.matched.length + grade.missing.length).toBe(2);
    expect(typeof grade.understood).toBe('boolean');
  });

  it('empty and non-text answers are not understood', () => {
    for (const input of ['', '   ', '😀', null, 42]) expect(gradeTeachBack(bpCall, input as string, 'en').understood).toBe(false);
  });

  it('only the first MAX_ANSWER_CHARS characters are read', () => {
    const padding = 'x'.repeat(MAX_ANSWER_CHARS);
    expect(gradeTeachBack(bpCall, `chest pain, 180 ${padding}`, 'en').understood).toBe(true);
    expect(gradeTeachBack(bpCall, `${padding} chest pain, 180`, 'en').understood).toBe(false);
  });

  it('regular-expression characters in the answer are plain text', () => {
    expect(gradeTeachBack(bpCall, '.*(chest pain)+[180]?', 'en').understood).toBe(true);
  });
});
