// One running goal of a ward skill: its sim-time timers, wall-capped feedback, and an ending that
// happens exactly once and clears everything the goal set up (timers, listeners).
import type { GoalHandle } from '../../rosbridge/index.js';
import type { CancelTimer } from '../../world/index.js';
import { RateGate } from '../rate-gate.js';
import type { SkillContext } from './skill-context.js';

/** Feedback goes at most this often in wall time, so a world at 'max' speed does not flood clients. */
export const FEEDBACK_MIN_WALL_MS = 50;

type Status = 'succeeded' | 'aborted' | 'canceled';

export class SkillGoal<G, F, R> {
  readonly startMs: number;
  private cleanups: (() => void)[] = [];
  private done = false;
  private readonly gate: RateGate;

  constructor(private readonly ctx: SkillContext, readonly handle: GoalHandle<G, F, R>, readonly action: string) {
    this.startMs = ctx.timers.now();
    this.gate = new RateGate(0, FEEDBACK_MIN_WALL_MS, ctx.wallNow);
  }

  get active(): boolean { return !this.done && this.handle.isActive; }
  /** Sim seconds since the goal started. */
  get elapsedS(): number { return (this.ctx.timers.now() - this.startMs) / 1000; }

  after(seconds: number, fn: () => void): CancelTimer { return this.own(this.ctx.timers.after(seconds, () => this.active && fn())); }
  at(simMs: number, fn: () => void): CancelTimer { return this.own(this.ctx.timers.at(simMs, () => this.active && fn())); }
  every(seconds: number, fn: () => void): CancelTimer { return this.own(this.ctx.timers.every(seconds, () => this.active && fn())); }

  /** Runs `fn` when the goal ends, however it ends. */
  own(cleanup: () => void): () => void {
    this.cleanups.push(cleanup);
    return cleanup;
  }

  /** Feedback unless some went out less than FEEDBACK_MIN_WALL_MS ago; `force` for the ones that mark a change of state. */
  feedback(fb: Partial<F>, force = false): void {
    if (!this.active) return;
    if (force) this.gate.mark(this.ctx.timers.now());
    else if (!this.gate.due(this.ctx.timers.now())) return;
    this.handle.publishFeedback(fb);
  }

  succeed(result: Partial<R>, message?: string): void { this.end('succeeded', result, message); }
  abort(result: Partial<R>, message?: string): void { this.end('aborted', result, message); }
  canceled(result: Partial<R>, message?: string): void { this.end('canceled', result, message); }

  private end(status: Status, result: Partial<R>, message?: string): void {
    if (this.done) return;
    this.done = true;
    for (const c of this.cleanups.splice(0)) c();
    this.ctx.log.info({ action: this.action, goal: this.handle.id, status, message }, 'goal ended');
    if (status === 'succeeded') this.handle.succeed(result);
    else if (status === 'aborted') this.handle.abort(result);
    else this.handle.canceled(result);
  }
}

/** Refuses a goal in its handler; the reason goes to the log, as a ROS action server's would. */
export function rejectGoal<G, F, R>(ctx: SkillContext, handle: GoalHandle<G, F, R>, action: string, reason: string): void {
  const message = `${action}: ${reason}`;
  ctx.log.info({ action, goal: handle.id, reason: message }, 'goal rejected');
  handle.reject(message);
}

/** What Exclusive needs of a goal. */
interface Holder { readonly active: boolean; readonly handle: { readonly id: string }; own(cleanup: () => void): unknown }

/**
 * One device a robot has only one of (its voice, its badge reader): a newer goal takes it over and
 * the goal using it ends canceled, as a Nav2 navigator hands over to a newer goal.
 */
export class Exclusive {
  private holder: { goal: Holder; preempt: (by: string) => void } | undefined;

  constructor(readonly device: string) {}

  take(goal: Holder, preempted: (by: string) => void): void {
    const prev = this.holder;
    const entry = { goal, preempt: preempted };
    this.holder = entry;
    goal.own(() => {
      if (this.holder === entry) this.holder = undefined;
    });
    if (prev?.goal.active) prev.preempt(goal.handle.id);
  }
}
