import { describe, it, expect } from '@jest/globals';
import { gradeTeachBack, loadLibrary, planSession, sectionsToRepeat, type EducationLibrary, type SessionStep, type Topic } from './index.js';

const library = loadLibrary();
const hypertension = library.topic('hypertension');
const diabetes = library.topic('diabetes');

/** "teach:<section>" and "check:<question>" per step, easy to read in an assertion. */
function outline(steps: readonly SessionStep[]): string[] {
  return steps.map((s) => (s.kind === 'teach' ? `${s.topic} teach:${s.section}` : `${s.topic} check:${s.question.id}`));
}

describe('planSession, first time', () => {
  it('teaches every section of each topic, then asks its teach-back questions, topic by topic', () => {
    expect(outline(planSession(library, ['hypertension', 'diabetes'], 'en'))).toEqual([
      'hypertension teach:what_it_is',
      'hypertension teach:medicines',
      'hypertension teach:lifestyle',
      'hypertension teach:when_to_call',
      'hypertension check:when_to_call_nurse',
      'hypertension check:taking_medicines',
      'hypertension check:lower_it_every_day',
      'diabetes teach:what_it_is',
      'diabetes teach:low_sugar',
      'diabetes teach:daily_care',
      'diabetes teach:when_to_call',
      'diabetes check:low_sugar_signs',
      'diabetes check:low_sugar_action',
      'diabetes check:foot_check',
    ]);
  });

  it('speaks the chosen language and carries the library version', () => {
    const [first, ...rest] = planSession(library, ['hypertension'], 'zh-CN');
    expect(first).toEqual({
      kind: 'teach', topic: 'hypertension', version: hypertension.version, section: 'what_it_is',
      title: hypertension.sections[0]?.title['zh-CN'], text: hypertension.sections[0]?.text['zh-CN'],
    });
    const check = rest.find((s) => s.kind === 'check');
    expect(check).toMatchObject({ version: '1.0.0', prompt: '血压方面，出现什么情况您要马上叫护士？' });
  });

  it('teaches a condition listed twice only once, and nothing for no conditions', () => {
    expect(planSession(library, ['diabetes', 'diabetes'], 'en')).toHaveLength(7);
    expect(planSession(library, [], 'en')).toEqual([]);
  });

  it('refuses an unknown language or condition, naming it', () => {
    expect(() => planSession(library, ['diabetes'], 'fr' as never)).toThrow(/language: must be one of zh-CN, en, got "fr"/);
    expect(() => planSession(library, ['gout' as never], 'en')).toThrow(/no education topic "gout"/);
  });
});

describe('planSession, a repeat visit', () => {
  it('re-teaches only the sections not understood, then asks only their questions', () => {
    const steps = planSession(library, ['hypertension', 'diabetes'], 'en', {
      previous: [
        { topic: 'hypertension', version: '1.0.0', sectionsNotUnderstood: ['when_to_call'] },
        { topic: 'diabetes', version: '1.0.0', sectionsNotUnderstood: [] },
      ],
    });
    expect(outline(steps)).toEqual(['hypertension teach:when_to_call', 'hypertension check:when_to_call_nurse']);
  });

  it('keeps the topic order of sections and questions whatever order they were recorded in', () => {
    const steps = planSession(library, ['diabetes'], 'en', {
      previous: [{ topic: 'diabetes', version: '1.0.0', sectionsNotUnderstood: ['daily_care', 'low_sugar'] }],
    });
    expect(outline(steps)).toEqual([
      'diabetes teach:low_sugar', 'diabetes teach:daily_care',
      'diabetes check:low_sugar_signs', 'diabetes check:low_sugar_action', 'diabetes check:foot_check',
    ]);
  });

  it('teaches the whole topic again when the library version changed since', () => {
    const steps = planSession(library, ['hypertension'], 'en', {
      previous: [{ topic: 'hypertension', version: '0.9.0', sectionsNotUnderstood: [] }],
    });
    expect(outline(steps)).toEqual(outline(planSession(library, ['hypertension'], 'en')));
  });

  it('teaches the whole topic again when the record names a section the topic does not have', () => {
    const steps = planSession(library, ['hypertension'], 'en', {
      previous: [{ topic: 'hypertension', version: '1.0.0', sectionsNotUnderstood: ['salt'] }],
    });
    expect(steps).toHaveLength(7);
  });

  it('uses the latest record of a topic and ignores records of topics not planned now', () => {
    const steps = planSession(library, ['hypertension'], 'en', {
      previous: [
        { topic: 'hypertension', version: '1.0.0', sectionsNotUnderstood: ['medicines', 'lifestyle'] },
        { topic: 'hypertension', version: '1.0.0', sectionsNotUnderstood: ['lifestyle'] },
        { topic: 'insulin_use', version: '1.0.0', sectionsNotUnderstood: ['rotate_sites'] },
      ],
    });
    expect(outline(steps)).toEqual(['hypertension teach:lifestyle', 'hypertension check:lower_it_every_day']);
  });
});

describe('sectionsToRepeat', () => {
  it('returns the sections of questions not understood, in topic order, each once', () => {
    expect(sectionsToRepeat(diabetes, [
      { questionId: 'foot_check', understood: false },
      { questionId: 'low_sugar_signs', understood: false },
      { questionId: 'low_sugar_action', understood: false },
    ])).toEqual(['low_sugar', 'daily_care']);
  });

  it('is empty when everything was understood, or nothing was asked', () => {
    expect(sectionsToRepeat(hypertension, hypertension.teachBack.map((q) => ({ questionId: q.id, understood: true })))).toEqual([]);
    expect(sectionsToRepeat(hypertension, [])).toEqual([]);
  });

  it('counts the latest answer when a question was asked twice', () => {
    expect(sectionsToRepeat(hypertension, [
      { questionId: 'taking_medicines', understood: false },
      { questionId: 'taking_medicines', understood: true },
      { questionId: 'lower_it_every_day', understood: true },
      { questionId: 'lower_it_every_day', understood: false },
    ])).toEqual(['lifestyle']);
  });

  it('refuses a question the topic does not have, naming it', () => {
    expect(() => sectionsToRepeat(hypertension, [{ questionId: 'low_sugar_signs', understood: false }]))
      .toThrow('results[0].questionId: no teach-back question "low_sugar_signs" in topic hypertension');
  });
});

describe('a whole cycle: teach, grade, repeat what was missed', () => {
  function run(lib: EducationLibrary, topic: Topic, answers: Record<string, string>, previous?: { topic: Topic['topic']; version: string; sectionsNotUnderstood: string[] }[]) {
    const steps = planSession(lib, [topic.topic], 'en', previous ? { previous } : {});
    const results = steps.flatMap((s) => (s.kind === 'check'
      ? [{ questionId: s.question.id, understood: gradeTeachBack(s.question, answers[s.question.id] ?? '', 'en').understood }]
      : []));
    return { steps, repeat: sectionsToRepeat(topic, results) };
  }

  it('ends with nothing left to teach once every answer is right', () => {
    const first = run(library, hypertension, {
      when_to_call_nurse: 'Severe headache, or a reading of 180.',
      taking_medicines: "I don't know.",
      lower_it_every_day: 'Less salt and more vegetables.',
    });
    expect(first.repeat).toEqual(['medicines']);

    const second = run(library, hypertension, { taking_medicines: 'Every day as the doctor prescribed, even when I feel well.' },
      [{ topic: 'hypertension', version: hypertension.version, sectionsNotUnderstood: first.repeat }]);
    expect(outline(second.steps)).toEqual(['hypertension teach:medicines', 'hypertension check:taking_medicines']);
    expect(second.repeat).toEqual([]);

    const third = planSession(library, ['hypertension'], 'en', {
      previous: [{ topic: 'hypertension', version: hypertension.version, sectionsNotUnderstood: second.repeat }],
    });
    expect(third).toEqual([]);
  });
});
