// The ward skills a workflow may use, each one ROS action goal over the RobotLink, with a time
// limit on the brain's clock and an immediate cancel. Success is what the robot reports.
// Opening a drawer is deliberately missing: only the drawer guard (brain/custody) can send UNLOCK.
import {
  ACTION_TYPES, AskKind, DrawerCommand, fromRosTime, NavigateToPlaceError, robotNames, RosConstants, toRosTime,
  type ActionGoal, type ActionResult, type Language, type Place,
} from '../../../robot/index.js';
import { deadline, type BrainClock } from '../../clock.js';
import type { ActionType, GoalOutcome, RobotLink } from '../../link/types.js';
import type { TaskFailureCode } from '../../tasks/failure-codes.js';
import { SkillFailed, WorkflowCanceled } from './errors.js';
import { beginListening } from './listening.js';
import { screenBoard } from '../../screen/screen-board.js';

export interface SkillEvents {
  goalSent(skill: string, action: string, goalId: string, summary: string): void;
  navigationProgress(distanceRemainingM: number, etaS: number): void;
}

export type AskKindName = 'free_text' | 'scale' | 'yes_no' | 'choice';
const ASK_KINDS: Record<AskKindName, number> = {
  free_text: AskKind.KIND_FREE_TEXT, scale: AskKind.KIND_SCALE, yes_no: AskKind.KIND_YES_NO, choice: AskKind.KIND_CHOICE,
};
const ASK_LISTENING = RosConstants['ward_interfaces/action/AskQuestion_Feedback'].STATE_LISTENING;

export interface Question {
  id: string;
  text: string;
  language: Language;
  kind: AskKindName;
  choices?: string[];
  timeoutS: number;
}

/** Margin on top of a skill's own timeout for the robot to answer before the brain gives up. */
const ANSWER_MARGIN_S = 30;
/** After a cancel, how long the robot has to confirm before the brain stops waiting. */
const CANCEL_CONFIRM_MS = 15_000;
/** Navigation deadline: generous at first, then renewed from each feedback's ETA. */
const NAV_FIRST_LIMIT_S = 300;
const NAV_MIN_LIMIT_S = 60;

export class RobotSkills {
  constructor(
    readonly robot: string,
    private readonly link: RobotLink,
    private readonly clock: BrainClock,
    private readonly signal: AbortSignal,
    private readonly events: SkillEvents,
  ) {}

  async navigate(place: Place): Promise<void> {
    const names = robotNames(this.robot);
    const result = await this.run('navigate_to_place', names.navigateToPlace, ACTION_TYPES.navigateToPlace,
      { place_name: place.name, max_speed: 0 }, NAV_FIRST_LIMIT_S, place.name, (fb, extend) => {
        const eta = fromRosTime(fb.estimated_time_remaining);
        if (Number.isFinite(fb.distance_remaining) && Number.isFinite(eta)) {
          this.events.navigationProgress(fb.distance_remaining, eta);
          extend(Math.max(NAV_MIN_LIMIT_S, 2 * eta));
        }
      });
    if (!result.success) throw new SkillFailed('navigate_to_place', navFailure(result.error_code), `${this.robot} did not reach ${place.name}: ${result.message || `robot error ${result.error_code}`}`, result);
  }

  async speak(text: string, language: Language): Promise<void> {
    // The robot's screen shows what it says (brain/screen).
    screenBoard(this.link).spoke(this.robot, text, language);
    const result = await this.run('speak', robotNames(this.robot).speak, ACTION_TYPES.speak, { text, language },
      20 + text.length / 2, `"${clip(text)}"`);
    if (!result.success) throw new SkillFailed('speak', 'skill_failed', `${this.robot} could not speak: ${result.message}`, result);
  }

  /** Resolves with the patient's answer, or null when nobody answered in time. */
  async ask(q: Question): Promise<{ text: string; language: string; confidence: number } | null> {
    const goal: ActionGoal<typeof ACTION_TYPES.askQuestion> = {
      question_id: q.id, text: q.text, language: q.language, kind: ASK_KINDS[q.kind], choices: q.choices ?? [], timeout: toRosTime(q.timeoutS),
    };
    const done = beginListening(this.link, this.robot);
    // The robot's screen shows the question, and offers touch answers while the robot listens (brain/screen).
    const shown = screenBoard(this.link).asked(this.robot, { id: q.id, text: q.text, language: q.language, kind: q.kind, choices: q.choices ?? [] });
    let result: ActionResult<typeof ACTION_TYPES.askQuestion>;
    try {
      result = await this.run('ask_question', robotNames(this.robot).askQuestion, ACTION_TYPES.askQuestion, goal,
        q.timeoutS + 20 + q.text.length / 2, `${q.id}: "${clip(q.text)}"`, (fb) => { if (fb.state === ASK_LISTENING) shown.listening(); });
    } finally {
      done();
      shown.ended();
    }
    if (result.outcome !== 0) return null;
    return { text: result.answer_text, language: result.language, confidence: result.confidence };
  }

  async detectPerson(timeoutS = 10): Promise<{ found: boolean; confidence: number }> {
    const result = await this.run('detect_person', robotNames(this.robot).detectPerson, ACTION_TYPES.detectPerson,
      { timeout: toRosTime(timeoutS) }, timeoutS, 'looking for the patient');
    return { found: result.found, confidence: result.confidence };
  }

  /** The decoded wristband text, or null with the robot's reason when it read nothing. */
  async readWristband(timeoutS = 20): Promise<{ code: string } | { code: null; message: string }> {
    const result = await this.run('read_wristband', robotNames(this.robot).readWristband, ACTION_TYPES.readWristband,
      { timeout: toRosTime(timeoutS) }, timeoutS, 'reading the wristband', undefined, true);
    return result.success ? { code: result.code } : { code: null, message: result.message };
  }

  /** Who signed in at the robot (badge and PIN, unverified), or null when nobody did in time. */
  async authenticateStaff(purpose: string, language: Language, timeoutS: number): Promise<{ badge: string; pin: string } | null> {
    const result = await this.run('authenticate_staff', robotNames(this.robot).authenticateStaff, ACTION_TYPES.authenticateStaff,
      { purpose, language, timeout: toRosTime(timeoutS) }, timeoutS, purpose, undefined, true);
    return result.success ? { badge: result.badge_id, pin: result.pin } : null;
  }

  /** Closes and locks a drawer: always safe, so any workflow may ask for it. */
  async lockDrawer(drawer: number, authorization: string): Promise<void> {
    await this.drawerCommand(drawer, DrawerCommand.LOCK, authorization);
  }

  /**
   * For the drawer guard only (brain/custody/drawer-guard.ts), which checks custody before calling;
   * workflows never get the guard's key to this door.
   */
  async drawerCommand(drawer: number, command: number, authorization: string): Promise<void> {
    const verb = command === DrawerCommand.UNLOCK ? 'unlock' : 'lock';
    const result = await this.run('drawer_control', robotNames(this.robot).drawerControl, ACTION_TYPES.drawerControl,
      { drawer, command, authorization }, 60, `${verb} drawer ${drawer}`);
    if (!result.success) throw new SkillFailed('drawer_control', 'skill_failed', `${this.robot} could not ${verb} drawer ${drawer}: ${result.message}`, result);
  }

  /** Sends one goal and waits for its end, the cancel signal, or `limitS` on the brain's clock. */
  private run<A extends ActionType>(
    skill: string, actionName: string, type: A, goal: ActionGoal<A>, limitS: number, summary: string,
    onFeedback?: (fb: import('../../../robot/index.js').ActionFeedback<A>, extend: (s: number) => void) => void,
    /**
     * An observation that found nothing (no wristband read, nobody signed in) may come back as an
     * aborted goal with a result saying so; that is an answer, not a broken robot.
     */
    abortedIsAnswer = false,
  ): Promise<ActionResult<A>> {
    if (this.signal.aborted) return Promise.reject(new WorkflowCanceled(String(this.signal.reason ?? 'canceled')));
    return new Promise<ActionResult<A>>((resolve, reject) => {
      let cancelTimer: (() => void) | null = null;
      let limitTimer: (() => void) | null = null;
      let stopReason: Error | null = null;
      const stop = (why: Error) => {
        if (stopReason) return;
        stopReason = why;
        handle.cancel();
        // The robot confirms a cancel with a result; if it never does, stop waiting anyway.
        cancelTimer = this.clock.after(CANCEL_CONFIRM_MS, () => finish(() => reject(why)));
      };
      const arm = (seconds: number) => {
        limitTimer?.();
        limitTimer = deadline(this.clock, (seconds + ANSWER_MARGIN_S) * 1000, () =>
          stop(new SkillFailed(skill, 'timeout', `${this.robot} gave no result for ${skill} (${summary}) within ${Math.round(seconds + ANSWER_MARGIN_S)} s; goal canceled`)));
      };
      const onAbort = () => stop(new WorkflowCanceled(String(this.signal.reason ?? 'canceled')));
      let done = false;
      const finish = (settle: () => void) => {
        if (done) return;
        done = true;
        limitTimer?.();
        cancelTimer?.();
        this.signal.removeEventListener('abort', onAbort);
        settle();
      };
      const handle = this.link.sendGoal(this.robot, actionName, type, goal, {
        onFeedback: onFeedback ? (fb) => { if (!stopReason) onFeedback(fb, arm); } : undefined,
      });
      this.events.goalSent(skill, actionName, handle.id, summary);
      arm(limitS);
      this.signal.addEventListener('abort', onAbort, { once: true });
      handle.result.then((outcome: GoalOutcome<A>) => finish(() => {
        if (stopReason) return reject(stopReason);
        if (outcome.status === 'succeeded') return resolve(outcome.result);
        if (abortedIsAnswer && outcome.status === 'aborted' && outcome.result) return resolve(outcome.result);
        reject(outcomeError(skill, this.robot, summary, outcome));
      }), (err: unknown) => finish(() => reject(err)));
    });
  }
}

function outcomeError<A extends ActionType>(skill: string, robot: string, summary: string, outcome: Exclude<GoalOutcome<A>, { status: 'succeeded' }>): SkillFailed {
  const code: TaskFailureCode = outcome.status === 'lost' ? 'link_lost' : outcome.status === 'rejected' ? 'goal_rejected' : 'aborted';
  const result = 'result' in outcome ? outcome.result : null;
  if (skill === 'navigate_to_place' && result && typeof (result as { error_code?: unknown }).error_code === 'number') {
    return new SkillFailed(skill, navFailure((result as { error_code: number }).error_code), `${robot} ${outcome.status} ${skill} (${summary}): ${outcome.message}`, result);
  }
  return new SkillFailed(skill, code, `${robot} ${outcome.status} ${skill} (${summary}): ${outcome.message}`, result);
}

function navFailure(errorCode: number): TaskFailureCode {
  switch (errorCode) {
    case NavigateToPlaceError.UNKNOWN_PLACE: return 'unknown_place';
    case NavigateToPlaceError.NO_ROUTE: return 'no_route';
    case NavigateToPlaceError.BLOCKED: return 'robot_unreachable';
    case NavigateToPlaceError.LOW_BATTERY: return 'low_battery';
    default: return 'aborted';
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
