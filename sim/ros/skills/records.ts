// What a simulated robot did that tests and replays read back: everything it said, and every
// drawer actuation with the custody record it was given and where the robot stood.
import type { Language } from '../../../robot/index.js';

export interface SpokenLine {
  /** Sim time the robot started saying it, ms from the start of the simulation. */
  simTimeMs: number;
  /** The same moment as a date on the simulation's clock, epoch ms. */
  at: number;
  text: string;
  language: Language;
  /** `ask` for the question of an ask_question goal. */
  kind: 'speak' | 'ask';
  /** The question id for `ask`. */
  questionId?: string;
  /** False when the goal was canceled or preempted before the sentence ended. */
  completed: boolean;
}

export type DrawerStateName = 'LOCKED' | 'OPEN' | 'FAULT';

export interface DrawerActuation {
  simTimeMs: number;
  at: number;
  /** 1-based. */
  drawer: number;
  command: 'UNLOCK' | 'LOCK';
  /** The custody record id the brain sent with the goal, verbatim. */
  authorization: string;
  /** The place the robot stood at (within 1 m), or null between places. */
  place: string | null;
  stateAfter: DrawerStateName;
}

export class RobotRecords {
  readonly transcript: SpokenLine[] = [];
  readonly actuations: DrawerActuation[] = [];
}
