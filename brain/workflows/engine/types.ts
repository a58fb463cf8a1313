// What a ward workflow is given to do its work, and what the task service needs to know about one.
import type { Logger } from 'pino';
import type { Language, Place, WardMap } from '../../../robot/index.js';
import type { BrainClock } from '../../clock.js';
import type { SignedInUser } from '../../auth/index.js';
import type { JsonObject } from '../../store/types.js';
import type { RobotSkills } from './skills.js';

/** A signed-in member of staff, as the auth module resolves them. */
export type StaffUser = SignedInUser;

/** Something a member of staff hands the task through the API (loading a drawer, unloading it …). */
export interface StaffInput {
  user: StaffUser;
  body: JsonObject;
}

/** Why a staff input was refused: `forbidden` (role, person) or `invalid` (content). */
export interface InputProblem {
  kind: 'forbidden' | 'invalid';
  field?: string;
  detail: string;
}

export interface WorkflowContext {
  readonly taskId: string;
  readonly robot: string;
  /** Changes at every (re)start of the task; custody facts from an earlier run never open a drawer. */
  readonly runId: string;
  readonly description: JsonObject;
  readonly requester: string | null;
  readonly skills: RobotSkills;
  readonly clock: BrainClock;
  readonly log: Logger;
  readonly signal: AbortSignal;
  /** True when the brain restarted while this task was underway and this run picks it up. */
  readonly resumed: boolean;
  /** The last state `save` stored, when resumed. */
  readonly state: JsonObject | null;
  /** Stores the workflow's progress so that a restarted brain can carry on or clean up. */
  save(state: JsonObject): void;
  /** One line in the task's log. */
  note(kind: string, text: string, data?: JsonObject | null, tier?: 'info' | 'warning' | 'error'): void;
  /**
   * Waits until staff hand in input `name` through the API and `accept` finds nothing wrong with it;
   * a refused input is answered to its sender and the wait goes on. Null when the time ran out.
   */
  waitForInput(name: string, timeoutMs: number, accept: (input: StaffInput) => InputProblem[] | Promise<InputProblem[]>): Promise<StaffInput | null>;
  /** The robot's battery in percent, as last reported. */
  batteryPct(): number;
}

/** How a workflow ends when it did its job; a failure is thrown (WorkflowFailed, SkillFailed). */
export interface WorkflowEnd {
  message: string;
  data?: JsonObject;
}

export interface WorkflowDefinition {
  run(ctx: WorkflowContext): Promise<WorkflowEnd>;
  /** Where the robot goes first, for choosing the nearest robot. */
  firstPlace(description: JsonObject, ward: WardMap): Place | null;
  /** Beds the task visits: two robots never work at the same bed at once. */
  beds(description: JsonObject): string[];
  /** The one robot that may do the task (it carries what the task is about), or null for any. */
  robot?(description: JsonObject): string | null;
}

export type { Language };
