import { describe, it, expect } from '@jest/globals';
import { AskKind } from '../../robot/index.js';
import { chineseIdentity, defaultAnswer, IDENTITY_QUESTION } from './default-answers.js';
import { LI, SMITH, WANG } from './test-people.js';

const q = (questionId: string, kind: number, choices: string[] = []) => ({ questionId, text: '?', language: 'en', kind, choices });

describe('default answers of an unscripted patient', () => {
  it('identity: name and birth date, in Chinese with the Chinese name for a zh-CN patient', () => {
    expect(defaultAnswer(SMITH, q(IDENTITY_QUESTION, AskKind.KIND_FREE_TEXT))).toEqual({ text: 'John Smith, born 1948-11-20', language: 'en' });
    expect(defaultAnswer(WANG, q(IDENTITY_QUESTION, AskKind.KIND_FREE_TEXT))).toEqual({ text: '我叫王芳，1956年3月2日出生', language: 'zh-CN' });
    // No other spelling on record: the wristband name.
    expect(chineseIdentity(LI)).toBe('我叫Li Lei，1970年1月9日出生');
  });

  it('scale 2, yes/no "no", first choice, free text "nothing else", each in the patient language', () => {
    expect(defaultAnswer(SMITH, q('pain', AskKind.KIND_SCALE))).toEqual({ text: '2', language: 'en' });
    expect(defaultAnswer(SMITH, q('dizzy', AskKind.KIND_YES_NO))).toEqual({ text: 'no', language: 'en' });
    expect(defaultAnswer(WANG, q('dizzy', AskKind.KIND_YES_NO))).toEqual({ text: '不是', language: 'zh-CN' });
    expect(defaultAnswer(WANG, q('meal', AskKind.KIND_CHOICE, ['米饭', '面条']))).toEqual({ text: '米饭', language: 'zh-CN' });
    expect(defaultAnswer(SMITH, q('else', AskKind.KIND_FREE_TEXT))).toEqual({ text: 'nothing else, thank you', language: 'en' });
    expect(defaultAnswer(WANG, q('else', AskKind.KIND_FREE_TEXT))).toEqual({ text: '没有了，谢谢', language: 'zh-CN' });
  });
});
