// What each robot's own screen shows, as the brain knows it: what the robot is saying now (every
// Speak goal the brain sends, from a workflow or the patient dialogue) and the question it has open
// (an AskQuestion goal, until it is answered or ends). The senders report here; the screen service
// (screen-service.ts) listens and tells the paired tablet. Kept per link, like listening.ts, so two
// brains in one process (tests, benchmarks) never see each other's robots.
import type { Language } from '../../robot/index.js';

export type ScreenQuestionKind = 'free_text' | 'scale' | 'yes_no' | 'choice';
export const SCREEN_QUESTION_KINDS: readonly ScreenQuestionKind[] = ['free_text', 'scale', 'yes_no', 'choice'];

export interface ScreenSaying {
  text: string;
  language: Language;
}

export interface ScreenQuestion {
  /** The workflow's question id, e.g. `round:pain`. */
  id: string;
  text: string;
  language: Language;
  kind: ScreenQuestionKind;
  /** The answers offered, in the question's language (choice questions). */
  choices: string[];
  /** The robot has said the question and listens for the answer now (AskQuestion feedback STATE_LISTENING). */
  listening: boolean;
  /** This ask, among every ask on this board: a question asked again is a new ask. */
  ask: number;
}

export interface ScreenState {
  robot: string;
  saying: ScreenSaying | null;
  question: ScreenQuestion | null;
}

export interface AskedQuestion {
  id: string;
  text: string;
  language: Language;
  kind: ScreenQuestionKind;
  choices?: readonly string[];
}

/** The screen's side of one AskQuestion goal. Each call takes effect once, and only while this ask is the open one. */
export interface OpenQuestion {
  /** The robot has finished saying the question and listens for the answer. */
  listening(): void;
  /** Answered, unanswered, failed or canceled: the screen stops offering answers. */
  ended(): void;
}

export type ScreenListener = (state: ScreenState) => void;

export class ScreenBoard {
  private readonly states = new Map<string, ScreenState>();
  private readonly listeners = new Set<ScreenListener>();
  private asks = 0;

  /** What `robot`'s screen shows now (a copy). */
  state(robot: string): ScreenState {
    const s = this.states.get(robot);
    return {
      robot,
      saying: s?.saying ? { ...s.saying } : null,
      question: s?.question ? { ...s.question, choices: [...s.question.choices] } : null,
    };
  }

  /** The robot was asked to say `text`. An open question stays open (the robot may speak around it). */
  spoke(robot: string, text: string, language: Language): void {
    this.set(robot, { ...this.state(robot), saying: { text, language } });
  }

  /** The robot was asked `q`: it says the question, then listens. */
  asked(robot: string, q: AskedQuestion): OpenQuestion {
    const ask = ++this.asks;
    const question: ScreenQuestion = {
      id: q.id, text: q.text, language: q.language, kind: q.kind, choices: [...(q.choices ?? [])], listening: false, ask,
    };
    this.set(robot, { robot, saying: { text: q.text, language: q.language }, question });
    const isOpen = () => this.states.get(robot)?.question?.ask === ask;
    let listened = false;
    let ended = false;
    return {
      listening: () => {
        if (listened || ended || !isOpen()) return;
        listened = true;
        const s = this.state(robot);
        this.set(robot, { ...s, question: { ...s.question!, listening: true } });
      },
      ended: () => {
        if (ended) return;
        ended = true;
        if (isOpen()) this.set(robot, { ...this.state(robot), question: null });
      },
    };
  }

  /** The screen goes blank: the robot has moved on, and what it said there is not for the next bedside. */
  clear(robot: string): void {
    const s = this.states.get(robot);
    if (!s || (!s.saying && !s.question)) return;
    this.set(robot, { robot, saying: null, question: null });
  }

  /** Calls `fn` with a robot's new state after every change; returns a function that stops it. */
  subscribe(fn: ScreenListener): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  private set(robot: string, state: ScreenState): void {
    this.states.set(robot, state);
    for (const fn of [...this.listeners]) {
      // The reports come from inside a robot's workflow: nothing a listener does may break it.
      try { fn(this.state(robot)); } catch { /* the listener logs its own failures */ }
    }
  }
}

const boards = new WeakMap<object, ScreenBoard>();

/** The board of the robots behind `link` (the RobotLink object): made on first use. */
export function screenBoard(link: object): ScreenBoard {
  let board = boards.get(link);
  if (!board) {
    board = new ScreenBoard();
    boards.set(link, board);
  }
  return board;
}
