// Runs navigation goals of one robot for both of its action servers (navigate_to_place and
// navigate_to_pose). One robot drives to one goal: an accepted goal preempts the running one,
// which ends canceled, as a Nav2 navigator hands over to the newer goal.
import type { Logger } from 'pino';
import type { GoalHandle } from '../rosbridge/index.js';
import type { GoToResult, GoToTarget, NavFeedback, NavOutcome, SimRobot } from '../world/index.js';
import { RateGate } from './rate-gate.js';

/** Why a goal ended, from the world's outcome or from a goal the world refused up front. */
export interface Ending {
  status: NavOutcome['status'];
  code: NavOutcome['code'] | Exclude<GoToResult, { ok: true }>['code'] | 'TF_ERROR' | 'INVALID_GOAL';
  message: string;
}

/** How one action type turns the world's feedback and endings into its own messages. */
export interface GoalMapping<F, R> {
  feedback(fb: NavFeedback): Partial<F>;
  result(ending: Ending): Partial<R>;
}

/** Feedback is the world's (every 100 ms sim) but at most this often in wall time. */
const FEEDBACK_MIN_WALL_MS = 50;

interface Running { nav: { cancel(): void }; preempted: boolean }

export class Navigator {
  private running: Running | null = null;
  private lastMessage = '';

  constructor(
    private readonly robot: SimRobot,
    private readonly log: Logger,
    private readonly wallNow: () => number,
    private readonly onChange: () => void,
  ) {}

  /** A short account of the last thing that happened, for RobotStatus.message. */
  get message(): string { return this.running ? `navigating to ${this.robot.currentGoal() ?? '?'}` : this.lastMessage; }

  /**
   * Starts `target` for an action goal, inside its goal handler. A place the ward does not know
   * rejects the goal (the running goal goes on); any other refusal accepts the goal, preempts the
   * running one and aborts with the reason, as Nav2 does when planning fails.
   */
  run<G, F, R>(handle: GoalHandle<G, F, R>, target: GoToTarget, maxSpeed: number | undefined, mapping: GoalMapping<F, R>): void {
    const started = this.robot.goTo(target, maxSpeed === undefined ? {} : { maxSpeed });
    if (!started.ok) {
      if (started.code === 'UNKNOWN_PLACE') {
        this.log.info({ goal: handle.id, reason: started.message }, 'goal rejected');
        handle.reject(started.message);
        return;
      }
      this.preemptRunning();
      this.end(handle, mapping, { status: 'aborted', code: started.code, message: started.message });
      return;
    }
    // goTo has already preempted the world's previous goal; its own `done` reports PREEMPTED.
    const nav = started.handle;
    const run: Running = { nav, preempted: false };
    this.running = run;
    this.onChange();
    const gate = new RateGate(0, FEEDBACK_MIN_WALL_MS, this.wallNow);
    nav.onFeedback((fb) => {
      if (gate.due(fb.elapsedSec * 1000)) handle.publishFeedback(mapping.feedback(fb));
    });
    handle.onCancel(() => nav.cancel());
    void nav.done.then((outcome) => {
      if (this.running === run) this.running = null;
      const code = run.preempted && outcome.status === 'canceled' ? 'PREEMPTED' : outcome.code;
      this.end(handle, mapping, { ...outcome, code });
    });
  }

  /** Ends a goal the world never started (bad frame, bad coordinates). */
  refuse<G, F, R>(handle: GoalHandle<G, F, R>, mapping: GoalMapping<F, R>, ending: Ending): void {
    this.preemptRunning();
    this.end(handle, mapping, ending);
  }

  /** Stops the robot, as when its navigation stack shuts down. */
  stop(): void {
    this.running?.nav.cancel();
  }

  private preemptRunning(): void {
    if (!this.running) return;
    this.running.preempted = true;
    this.running.nav.cancel();
  }

  private end<G, F, R>(handle: GoalHandle<G, F, R>, mapping: GoalMapping<F, R>, ending: Ending): void {
    this.lastMessage = ending.message;
    const result = mapping.result(ending);
    this.log.info({ goal: handle.id, status: ending.status, code: ending.code, message: ending.message }, 'goal ended');
    if (ending.status === 'succeeded') handle.succeed(result);
    else if (ending.status === 'canceled') handle.canceled(result);
    else handle.abort(result);
    this.onChange();
  }
}
