import { describe, it, expect } from '@jest/globals';
import { answerOptions, pairingFromHash, toScreenState, type ScreenQuestion } from './answers.js';
import { WORDS } from './words.js';

const q = (over: Partial<ScreenQuestion>): ScreenQuestion => ({ id: 'q', text: 'Q?', language: 'en', kind: 'free_text', choices: [], listening: true, ...over });

describe('patient screen answers', () => {
  it('offers a 0–10 scale as eleven buttons sending the number', () => {
    const options = answerOptions(q({ kind: 'scale', language: 'zh-CN' }));
    expect(options.map((o) => [o.send, o.role])).toEqual(Array.from({ length: 11 }, (_, n) => [String(n), 'scale']));
    expect(options[7]?.label).toEqual({ text: '7', lang: 'zh-CN' });
  });

  it('sends yes and no in the question’s language, as the brain reads speech', () => {
    expect(answerOptions(q({ kind: 'yes_no', language: 'zh-CN' })).map((o) => o.send)).toEqual(['是', '否']);
    expect(answerOptions(q({ kind: 'yes_no', language: 'en' })).map((o) => [o.send, o.label])).toEqual([['yes', { bilingual: WORDS.yes }], ['no', { bilingual: WORDS.no }]]);
  });

  it('offers a choice question’s own choices in its language', () => {
    const options = answerOptions(q({ kind: 'choice', language: 'zh-CN', choices: ['好', '一般', '不好'] }));
    expect(options.map((o) => [o.send, o.role])).toEqual([['好', 'choice'], ['一般', 'choice'], ['不好', 'choice']]);
    expect(options[0]?.label).toEqual({ text: '好', lang: 'zh-CN' });
  });

  it('offers "nothing more" for free text, in the question’s language (the text box is beside it)', () => {
    expect(answerOptions(q({ kind: 'free_text' })).map((o) => o.send)).toEqual(['Nothing more']);
    expect(answerOptions(q({ kind: 'free_text', language: 'zh-CN' })).map((o) => o.send)).toEqual(['没有了']);
  });

  it('reads the robot and token from the URL fragment', () => {
    expect(pairingFromHash('#robot=robot_1&token=abc_-1')).toEqual({ robot: 'robot_1', token: 'abc_-1' });
    expect(pairingFromHash('#robot=robot_1')).toBeNull();
    expect(pairingFromHash('')).toBeNull();
  });

  it('takes only a well-formed screen state from the brain', () => {
    const good = { robot: 'robot_1', saying: { text: 'Hello', language: 'en' }, question: { id: 'round:pain', text: 'Pain?', language: 'en', kind: 'scale', choices: [], listening: false }, nurse_called: false };
    expect(toScreenState(good)).toEqual(good);
    expect(toScreenState({ ...good, saying: null, question: null })).toEqual({ ...good, saying: null, question: null });
    expect(toScreenState({ ...good, question: { ...good.question, kind: 'drawer' } })).toBeNull();
    expect(toScreenState({ ...good, saying: { text: 'x', language: 'fr' } })).toBeNull();
    expect(toScreenState({ ...good, nurse_called: 'yes' })).toBeNull();
    expect(toScreenState(null)).toBeNull();
  });

  it('has every screen text in both languages', () => {
    for (const words of Object.values(WORDS)) {
      expect(words['zh-CN'].trim()).not.toBe('');
      expect(words.en.trim()).not.toBe('');
      expect(/[\u4e00-\u9fff]/.test(words['zh-CN'])).toBe(true);
    }
  });
});
