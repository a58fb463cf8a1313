// Action servers of the in-process graph and the goals they run, with the status transitions of
// ROS 2 actions: a goal is accepted or rejected at once, then ends succeeded, canceled or aborted.
import { GoalStatus, type Time } from '../../robot/index.js';
import type { RosNode } from './node.js';

/** How a goal ended, as its client learns it. Status 0 means it never ran: `error` says why. */
export type GoalOutcome<R = Record<string, unknown>> =
  | { status: typeof GoalStatus.SUCCEEDED | typeof GoalStatus.CANCELED | typeof GoalStatus.ABORTED; result: R }
  | { status: typeof GoalStatus.UNKNOWN; error: string };

export interface GoalClient<F = Record<string, unknown>, R = Record<string, unknown>> {
  onFeedback?(feedback: F): void;
  onResult(outcome: GoalOutcome<R>): void;
}

/**
 * Called for each new goal. Calling `handle.reject(reason)` before returning rejects it; otherwise
 * the goal is accepted and the server must end it with succeed, abort or canceled.
 */
export type GoalHandler<G = Record<string, unknown>, F = Record<string, unknown>, R = Record<string, unknown>> =
  (goal: G, handle: GoalHandle<G, F, R>) => void;

export interface GoalParts {
  /** Fill what a partial feedback or result leaves out. */
  completeFeedback(fb: unknown): Record<string, unknown>;
  completeResult(result: unknown): Record<string, unknown>;
}

type Phase = 'deciding' | 'active' | 'done';

export class GoalHandle<G = Record<string, unknown>, F = Record<string, unknown>, R = Record<string, unknown>> {
  private phase: Phase = 'deciding';
  private rejection: string | undefined;
  private cancelCallbacks: (() => void)[] = [];
  private cancelWanted = false;
  private statusCode: number = GoalStatus.ACCEPTED;

  constructor(
    readonly id: string,
    /** When the server took the goal, graph time. */
    readonly acceptedAt: Time,
    readonly goal: G,
    readonly server: ActionServer,
    private readonly client: GoalClient<F, R>,
    private readonly parts: GoalParts,
    private readonly finished: (h: GoalHandle<G, F, R>) => void,
  ) {}

  get status(): number { return this.statusCode; }
  get isActive(): boolean { return this.phase !== 'done'; }
  get isDeciding(): boolean { return this.phase === 'deciding'; }
  get cancelRequested(): boolean { return this.cancelWanted; }
  /** Why the handler rejected the goal, if it did. */
  get rejectedBecause(): string | undefined { return this.rejection; }

  /** Only while the goal handler runs: the goal is refused and never starts. */
  reject(reason: string): void {
    if (this.phase !== 'deciding') throw new Error(`goal ${this.id} was already accepted; abort it instead`);
    this.rejection = reason;
    this.phase = 'done';
  }

  /** Ends the decision phase; the graph calls it when the goal handler returns. */
  accepted(): boolean {
    if (this.phase !== 'deciding') return this.rejection === undefined;
    this.phase = 'active';
    this.statusCode = GoalStatus.EXECUTING;
    if (this.cancelWanted) this.runCancel();
    return true;
  }

  publishFeedback(feedback: Partial<F>): void {
    if (this.phase === 'done') return;
    this.client.onFeedback?.(this.parts.completeFeedback(feedback) as F);
  }

  succeed(result: Partial<R> = {}): void { this.end(GoalStatus.SUCCEEDED, result); }
  abort(result: Partial<R> = {}): void { this.end(GoalStatus.ABORTED, result); }
  canceled(result: Partial<R> = {}): void { this.end(GoalStatus.CANCELED, result); }

  /** Runs when a client asks to cancel; the server then ends the goal (usually with `canceled`). */
  onCancel(cb: () => void): void {
    this.cancelCallbacks.push(cb);
  }

  /** A client's cancel request. A goal whose server registered no cancel callback ends canceled at once. */
  requestCancel(): void {
    if (this.phase === 'done' || this.cancelWanted) return;
    this.cancelWanted = true;
    if (this.phase === 'active') this.runCancel();
  }

  private runCancel(): void {
    this.statusCode = GoalStatus.CANCELING;
    if (this.cancelCallbacks.length === 0) {
      this.canceled();
      return;
    }
    for (const cb of this.cancelCallbacks) cb();
  }

  private end(status: typeof GoalStatus.SUCCEEDED | typeof GoalStatus.CANCELED | typeof GoalStatus.ABORTED, result: Partial<R>): void {
    if (this.phase === 'done') return;
    this.phase = 'done';
    this.statusCode = status;
    this.finished(this);
    this.client.onResult({ status, result: this.parts.completeResult(result) as R });
  }
}

export class ActionServer<G = Record<string, unknown>, F = Record<string, unknown>, R = Record<string, unknown>> {
  readonly goals = new Map<string, GoalHandle<G, F, R>>();
  private destroyed = false;

  constructor(
    readonly node: RosNode,
    readonly name: string,
    readonly type: string,
    readonly handler: GoalHandler<G, F, R>,
    private readonly release: (s: ActionServer<G, F, R>) => void,
  ) {}

  /** Goals still running end aborted, as they do when an action server's process dies. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.release(this);
    for (const goal of [...this.goals.values()]) goal.abort();
  }
}
