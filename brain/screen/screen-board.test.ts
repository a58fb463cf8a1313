import { describe, it, expect } from '@jest/globals';
import { screenBoard, ScreenBoard, type ScreenState } from './screen-board.js';

const PAIN = { id: 'round:pain', text: 'How much pain do you have now?', language: 'en' as const, kind: 'scale' as const };

describe('ScreenBoard', () => {
  it('shows what the robot says, and a question from its ask until it ends', () => {
    const board = new ScreenBoard();
    const seen: ScreenState[] = [];
    board.subscribe((s) => seen.push(s));
    expect(board.state('robot_1')).toEqual({ robot: 'robot_1', saying: null, question: null });

    board.spoke('robot_1', '早上好', 'zh-CN');
    expect(board.state('robot_1').saying).toEqual({ text: '早上好', language: 'zh-CN' });

    const open = board.asked('robot_1', PAIN);
    const asked = board.state('robot_1');
    expect(asked.saying).toEqual({ text: PAIN.text, language: 'en' });
    expect(asked.question).toMatchObject({ id: 'round:pain', kind: 'scale', choices: [], listening: false });
    open.listening();
    expect(board.state('robot_1').question?.listening).toBe(true);
    open.ended();
    expect(board.state('robot_1')).toEqual({ robot: 'robot_1', saying: { text: PAIN.text, language: 'en' }, question: null });
    // Each call takes effect once; the listener saw every change, robot named.
    open.listening();
    open.ended();
    expect(seen.map((s) => [s.robot, s.saying?.text ?? null, s.question?.listening ?? null])).toEqual([
      ['robot_1', '早上好', null], ['robot_1', PAIN.text, false], ['robot_1', PAIN.text, true], ['robot_1', PAIN.text, null],
    ]);
  });

  it('lets an old ask end without closing the question asked after it', () => {
    const board = new ScreenBoard();
    const first = board.asked('robot_1', PAIN);
    const second = board.asked('robot_1', { ...PAIN, id: 'round:sleep', kind: 'choice', choices: ['well', 'poorly'] });
    first.listening();
    first.ended();
    expect(board.state('robot_1').question).toMatchObject({ id: 'round:sleep', choices: ['well', 'poorly'], listening: false });
    expect(board.state('robot_1').question?.ask).toBeGreaterThan(0);
    second.listening();
    expect(board.state('robot_1').question?.listening).toBe(true);
  });

  it('keeps robots apart, clears a screen, and hands out copies', () => {
    const board = new ScreenBoard();
    board.spoke('robot_1', 'Hello', 'en');
    board.asked('robot_2', PAIN);
    board.clear('robot_1');
    expect(board.state('robot_1')).toEqual({ robot: 'robot_1', saying: null, question: null });
    expect(board.state('robot_2').question?.id).toBe('round:pain');
    const copy = board.state('robot_2');
    copy.question!.choices.push('x');
    copy.saying!.text = 'changed';
    expect(board.state('robot_2').question?.choices).toEqual([]);
    expect(board.state('robot_2').saying?.text).toBe(PAIN.text);
  });

  it('survives a failing listener and stops calling one that unsubscribed', () => {
    const board = new ScreenBoard();
    const calls: string[] = [];
    board.subscribe(() => { throw new Error('socket gone'); });
    const off = board.subscribe((s) => calls.push(s.saying?.text ?? ''));
    expect(() => board.spoke('robot_1', 'one', 'en')).not.toThrow();
    off();
    board.spoke('robot_1', 'two', 'en');
    expect(calls).toEqual(['one']);
  });

  it('is one board per link object, so two brains in one process never mix', () => {
    const linkA = {};
    const linkB = {};
    expect(screenBoard(linkA)).toBe(screenBoard(linkA));
    screenBoard(linkA).spoke('robot_1', 'for A', 'en');
    expect(screenBoard(linkB).state('robot_1').saying).toBeNull();
  });
});
