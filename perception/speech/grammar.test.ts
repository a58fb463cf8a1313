import { describe, it, expect } from '@jest/globals';
import { buildGrammar, choiceWords, expressionWords } from './grammar.js';
import { compileFsg, parseExpression, GrammarSyntaxError } from './fsg.js';
import { parseHypseg, spokenWords } from './hypseg.js';
import { PronunciationDictionary } from './pronunciations.js';
import { checkHint, hintFromAskGoal, normaliseHeard, speechLanguage, SpeechConfigError } from './recognizer.js';
import { WARD_RULES } from './ward-phrases.js';

const dictionary = PronunciationDictionary.load();

describe('the ward-round grammar', () => {
  it('uses only words the CMU dictionary knows', () => {
    const unknown = Object.values(WARD_RULES).flatMap(expressionWords).filter((w) => !dictionary.has(w));
    expect(unknown).toEqual([]);
  });

  it('builds an FSG for every kind of question, with the red flags and "I don\'t know" in each', () => {
    for (const hint of [{ kind: 'scale' }, { kind: 'yes_no' }, { kind: 'free_text' }, { kind: 'choice', choices: ['well', 'fairly well', 'poorly'] }] as const) {
      const g = buildGrammar(hint, dictionary);
      expect(g.fsg).toMatch(/^FSG_BEGIN answer\nNUM_STATES \d+\nSTART_STATE 0\nFINAL_STATE 1\n/);
      expect(g.fsg.trimEnd().endsWith('FSG_END')).toBe(true);
      for (const w of ['chest', 'breathe', 'nurse', "don't", 'know']) expect(g.words.has(w)).toBe(true);
      // Every transition is well formed: states in range, a probability in (0, 1], a known word or none.
      const states = Number(/NUM_STATES (\d+)/.exec(g.fsg)![1]);
      for (const line of g.fsg.split('\n').filter((l) => l.startsWith('TRANSITION'))) {
        const [, from, to, prob, word] = line.split(' ');
        expect(Number(from)).toBeLessThan(states);
        expect(Number(to)).toBeLessThan(states);
        expect(Number(prob)).toBeGreaterThan(0);
        expect(Number(prob)).toBeLessThanOrEqual(1);
        if (word) expect(g.words.has(word)).toBe(true);
      }
    }
    expect(buildGrammar({ kind: 'scale' }, dictionary).words.has('seven')).toBe(true);
    expect(buildGrammar({ kind: 'scale' }, dictionary).words.has('walker')).toBe(false);
  });

  it('adds the round\'s own answers to a question it knows by id', () => {
    const sleep = buildGrammar({ kind: 'choice', choices: ['well', 'fairly well', 'poorly'] }, dictionary, 'sleep');
    expect(sleep.words.has('slept')).toBe(true);
    const mobility = buildGrammar({ kind: 'choice', choices: ['on my own', 'with help', 'in bed'] }, dictionary, 'mobility');
    expect(mobility.words.has('walker')).toBe(true);
  });

  it('leaves out a choice with a word the dictionary lacks and names it; refuses a hint with none left', () => {
    const g = buildGrammar({ kind: 'choice', choices: ['the blue one', 'Xyzzyqx tablets', '2'] }, dictionary);
    expect(g.skipped).toEqual([{ choice: 'Xyzzyqx tablets', unknown: ['xyzzyqx'] }]);
    expect(g.words.has('blue')).toBe(true);
    expect(g.words.has('two')).toBe(true);
    expect(() => buildGrammar({ kind: 'choice', choices: ['Qwxzzy', 'Zzqxw'] }, dictionary)).toThrow(/hint\.choices: .*"Qwxzzy": qwxzzy.*not in the pronunciation dictionary/);
  });

  it('turns choices into dictionary words', () => {
    expect(choiceWords('So-so!')).toEqual(['so', 'so']);
    expect(choiceWords('Fairly well.')).toEqual(['fairly', 'well']);
    expect(choiceWords('I’m fine, 10 out of 10')).toEqual(["i'm", 'fine', 'ten', 'out', 'of', 'ten']);
  });
});

describe('the FSG compiler', () => {
  it('compiles alternatives, options and rule references with probabilities, and a something-else branch', () => {
    const fsg = compileFsg('<n> [please]', { n: 'one | two' }, { phones: ['AA', 'B'], prefix: 'other_', entry: 1e-6, perPhone: 0.3 });
    expect([...fsg.words].sort()).toEqual(['one', 'other_aa', 'other_b', 'please', 'two']);
    const lines = fsg.text.split('\n');
    // one | two: half each; [please]: taken or not, half each; the phone loop: entered at 1e-6, 0.3 a phone.
    expect(lines.filter((l) => / 0\.5$/.test(l))).toHaveLength(4);
    expect(lines).toContain('TRANSITION 0 6 0.000001 other_aa');
    expect(lines).toContain('TRANSITION 6 6 0.3 other_b');
    expect(lines).toContain('TRANSITION 6 1 1');
  });

  it('refuses what it cannot read, naming it', () => {
    expect(() => parseExpression('( one | two')).toThrow(GrammarSyntaxError);
    expect(() => parseExpression('one | | two')).toThrow(/empty alternative/);
    expect(() => parseExpression('one ; two')).toThrow(/cannot read ";/);
    expect(() => compileFsg('<a>', { a: 'x <a>' })).toThrow(/refers to itself/);
    expect(() => compileFsg('<missing>', {})).toThrow(/<missing> is not defined/);
  });
});

describe('hints, languages and results', () => {
  it('reads pocketsphinx_batch -hypseg lines', () => {
    const h = parseHypseg('u S 0 T -1742 A -1068 L -674 0 -125 -337 <sil> 28 -332 0 no 49 -406 0 pain(2) 94 -205 -337 <sil> 140\n')!;
    expect(h).toMatchObject({ total: -1742, acoustic: -1068, frames: 140 });
    expect(h.words.map((w) => [w.word, w.startFrame, w.endFrame])).toEqual([['<sil>', 0, 28], ['no', 28, 49], ['pain(2)', 49, 94], ['<sil>', 94, 140]]);
    expect(spokenWords(h)).toEqual(['no', 'pain']);
    expect(parseHypseg('garbage')).toBeNull();
  });

  it('checks hints and AskQuestion goals, naming the bad field', () => {
    expect(checkHint(undefined)).toEqual({ kind: 'free_text' });
    expect(() => checkHint({ kind: 'choice', choices: [] })).toThrow(/hint\.choices/);
    expect(() => checkHint({ kind: 'guess' })).toThrow(/hint\.kind: "guess"/);
    expect(hintFromAskGoal({ kind: 1, question_id: 'pain' })).toEqual({ hint: { kind: 'scale' }, questionId: 'pain' });
    expect(hintFromAskGoal({ kind: 3, choices: ['well', 'poorly'] })).toEqual({ hint: { kind: 'choice', choices: ['well', 'poorly'] } });
    expect(() => hintFromAskGoal({ kind: 9 })).toThrow(SpeechConfigError);
  });

  it('knows its languages by their usual tags', () => {
    expect(['en', 'en-GB', 'EN_us', 'zh', 'zh-CN', 'cmn', 'fr', 42].map(speechLanguage)).toEqual(['en', 'en', 'en', 'zh-CN', 'zh-CN', 'zh-CN', undefined, undefined]);
    expect(normaliseHeard("I don't know, really!")).toBe('i dont know really');
  });
});
