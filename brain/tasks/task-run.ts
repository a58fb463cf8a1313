// Carries one dispatched task out on its robot: each step becomes an action goal over the
// RobotLink; feedback becomes progress; the goal's outcome, a cancel, a dropped link or the
// deadline ends the task. Every transition is written as a task event.
import type { Logger } from 'pino';
import { ACTION_TYPES, fromRosTime, NavigateToPlaceError, robotNames, type ActionResult } from '../../robot/index.js';
import type { GoalHandle, GoalOutcome, RobotLink } from '../link/types.js';
import type { NewTaskEvent, TaskPatch, TaskRecord, TaskStatus } from '../store/types.js';
import type { TaskStep } from './categories/types.js';
import type { TaskFailureCode } from './failure-codes.js';

/** Ward robots drive at 0.3–1 m/s; estimates use a cautious figure so deadlines err on the long side. */
export const NOMINAL_SPEED_MPS = 0.5;
/** No deadline is shorter than this, however close the goal (unless taskTimeoutSec says so). */
export const MIN_TIMEOUT_S = 30;
/** After a cancel, how long the robot has to confirm before the task fails with `timeout`. */
export const CANCEL_CONFIRM_S = 15;

type NavigateType = typeof ACTION_TYPES.navigateToPlace;

export interface RunDeps {
  link: RobotLink;
  log: Logger;
  now: () => number;
  /** A timer on the brain's clock (simulated time against the simulator). */
  after(ms: number, fn: () => void): () => void;
  /** Upper bound on a task's run time. */
  taskTimeoutSec: number;
  /** Writes a change; resolves null when the task was no longer in one of `onlyIf`. */
  write(taskId: string, patch: TaskPatch, events: NewTaskEvent[], onlyIf?: readonly TaskStatus[]): Promise<TaskRecord | null>;
  progress(taskId: string, progress: { distanceRemainingM: number; etaS: number }, estimateMs: number): void;
  /** The run is over: the robot is free again. */
  done(taskId: string, robot: string): void;
}

export class TaskRun {
  private handle: GoalHandle<NavigateType> | null = null;
  private cancelRequested = false;
  private ended = false;
  private startedAt = 0;
  private deadline = Infinity;
  private timer: (() => void) | null = null;

  constructor(
    readonly taskId: string,
    readonly robot: string,
    private readonly steps: readonly TaskStep[],
    /** Straight-line metres from the robot to the first step, for the first estimate. */
    private readonly distanceM: number,
    private readonly deps: RunDeps,
  ) {}

  /** Marks the task underway and sends its first goal; resolves once the goal frame has left. */
  async start(): Promise<void> {
    const now = this.deps.now();
    this.startedAt = now;
    const estimateS = this.distanceM / NOMINAL_SPEED_MPS;
    const first = this.steps[0];
    const written = await this.deps.write(this.taskId, {
      status: 'underway', assignedRobot: this.robot, startTimeMs: now, estimateMs: Math.round(estimateS * 1000),
    }, [event(now, 'info', 'dispatched', `assigned to ${this.robot}, ${this.distanceM.toFixed(1)} m from ${first ? describeStep(first) : 'its goal'}`,
      { robot: this.robot, distance_m: round(this.distanceM), estimate_s: round(estimateS) })], ['queued']);
    if (this.ended) return;
    if (!written) {
      // Canceled between allocation and this write: the cancel already finished the task.
      this.close();
      return;
    }
    this.arm(this.deps.now() + 1000 * Math.min(this.deps.taskTimeoutSec, Math.max(MIN_TIMEOUT_S, 3 * estimateS + MIN_TIMEOUT_S)));
    if (this.cancelRequested) {
      await this.finish('canceled', null, 'canceled before any goal was sent');
      return;
    }
    this.runStep(0);
  }

  /** Asks the robot to stop; the task ends `canceled` when the robot confirms. */
  cancel(): void {
    if (this.ended || this.cancelRequested) return;
    this.cancelRequested = true;
    this.arm(Math.min(this.deadline, this.deps.now() + CANCEL_CONFIRM_S * 1000));
    this.handle?.cancel();
  }

  /** The brain is shutting down: stop watching the clock, write nothing more. */
  abandon(): void {
    this.ended = true;
    this.timer?.();
    this.timer = null;
  }

  private runStep(index: number): void {
    const step = this.steps[index];
    if (!step) {
      void this.finish('completed', null, `${this.robot} finished every step`);
      return;
    }
    const names = robotNames(this.robot);
    const handle = this.deps.link.sendGoal(this.robot, names.navigateToPlace, ACTION_TYPES.navigateToPlace,
      { place_name: step.place.name, max_speed: 0 }, {
        onFeedback: (fb) => {
          if (this.ended) return;
          const etaS = fromRosTime(fb.estimated_time_remaining);
          const distance = typeof fb.distance_remaining === 'number' ? fb.distance_remaining : NaN;
          if (!Number.isFinite(distance) || !Number.isFinite(etaS)) return;
          this.deps.progress(this.taskId, { distanceRemainingM: round(distance), etaS: round(etaS) }, Math.round(etaS * 1000));
          // A robot that keeps reporting is given room to finish, up to the task's hard limit.
          if (!this.cancelRequested) this.arm(this.deps.now() + 1000 * Math.max(MIN_TIMEOUT_S, 2 * etaS));
        },
      });
    this.handle = handle;
    this.note(event(this.deps.now(), 'info', 'goal_sent',
      `sent ${names.navigateToPlace} to ${step.place.name}`, { goal_id: handle.id, action: names.navigateToPlace, place: step.place.name }));
    handle.result.then((outcome) => this.onOutcome(index, step, outcome)).catch((err: unknown) => {
      this.deps.log.error({ err, taskId: this.taskId }, 'task step failed unexpectedly');
      return this.fail('aborted', `the brain failed while handling ${this.robot}'s answer: ${(err as Error).message}`, null);
    });
  }

  private async onOutcome(index: number, step: TaskStep, outcome: GoalOutcome<NavigateType>): Promise<void> {
    if (this.ended) return;
    const where = step.place.name;
    switch (outcome.status) {
      case 'succeeded': {
        if (!outcome.result.success) {
          await this.fail(failureCode(outcome.result), robotMessage(outcome.result, `${this.robot} did not reach ${where}`), outcome.result);
          return;
        }
        this.note(event(this.deps.now(), 'info', 'arrived', `${this.robot} reached ${where}`, { place: where }));
        if (this.cancelRequested) {
          await this.finish('completed', null, `${this.robot} reached ${where} before the cancel took effect`);
          return;
        }
        this.handle = null;
        this.runStep(index + 1);
        return;
      }
      case 'canceled':
      case 'aborted':
        if (this.cancelRequested) {
          await this.finish('canceled', null, `${this.robot} stopped: ${outcome.message || 'cancel confirmed'}`);
          return;
        }
        if (outcome.status === 'canceled') {
          await this.fail('aborted', `${this.robot} canceled the goal itself: ${outcome.message}`, outcome.result);
          return;
        }
        await this.fail(outcome.result ? failureCode(outcome.result) : 'aborted',
          outcome.result ? robotMessage(outcome.result, outcome.message) : outcome.message || `${this.robot} aborted the goal`, outcome.result);
        return;
      case 'rejected':
        await this.fail('goal_rejected', `${this.robot} rejected the goal to ${where}: ${outcome.message}`, null);
        return;
      case 'lost':
        await this.fail('link_lost', `${outcome.message}; ${this.robot} may still be moving`, null);
        return;
    }
  }

  /** Appends an event without waiting; a failed write is already logged by the service and must not stop the run. */
  private note(e: NewTaskEvent): void {
    this.deps.write(this.taskId, {}, [e]).catch(() => undefined);
  }

  private arm(deadline: number): void {
    this.deadline = Math.min(deadline, this.startedAt + this.deps.taskTimeoutSec * 1000);
    if (this.timer || this.ended) return;
    const check = () => {
      this.timer = null;
      if (this.ended) return;
      const left = this.deadline - this.deps.now();
      if (left > 0) {
        this.timer = this.deps.after(left, check);
        return;
      }
      this.handle?.cancel();
      const why = this.cancelRequested
        ? `${this.robot} did not confirm the cancel within ${CANCEL_CONFIRM_S} s`
        : `no result from ${this.robot} within ${Math.round((this.deps.now() - this.startedAt) / 1000)} s; goal canceled`;
      void this.fail('timeout', why, null);
    };
    this.timer = this.deps.after(Math.max(0, this.deadline - this.deps.now()), check);
  }

  private fail(code: TaskFailureCode, message: string, result: ActionResult<NavigateType> | null): Promise<void> {
    return this.finish('failed', { code, message }, message, result ? { robot_result: { ...result } } : {});
  }

  private async finish(
    status: 'completed' | 'failed' | 'canceled', reason: { code: TaskFailureCode; message: string } | null,
    text: string, data: Record<string, unknown> = {},
  ): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const now = this.deps.now();
    const patch: TaskPatch = { status, finishTimeMs: now, statusReason: reason };
    if (status === 'completed') {
      patch.progress = { distanceRemainingM: 0, etaS: 0 };
      patch.estimateMs = 0;
    }
    const tier = status === 'failed' ? 'error' : status === 'canceled' ? 'warning' : 'info';
    try {
      await this.deps.write(this.taskId, patch, [event(now, tier, status, text, { ...(reason ? { code: reason.code } : {}), ...data })], ['underway']);
    } catch (err) {
      this.deps.log.error({ err, taskId: this.taskId }, 'could not record the end of a task');
    }
    this.close();
  }

  private close(): void {
    this.ended = true;
    this.timer?.();
    this.timer = null;
    this.deps.done(this.taskId, this.robot);
  }
}

function failureCode(result: ActionResult<NavigateType>): TaskFailureCode {
  switch (result.error_code) {
    case NavigateToPlaceError.UNKNOWN_PLACE: return 'unknown_place';
    case NavigateToPlaceError.NO_ROUTE: return 'no_route';
    case NavigateToPlaceError.BLOCKED: return 'robot_unreachable';
    case NavigateToPlaceError.LOW_BATTERY: return 'low_battery';
    default: return 'aborted';
  }
}

function robotMessage(result: ActionResult<NavigateType>, fallback: string): string {
  return result.message ? `${result.message} (robot error ${result.error_code})` : fallback;
}

function describeStep(step: TaskStep): string {
  return step.place.name;
}

function event(unixMs: number, tier: NewTaskEvent['tier'], kind: string, text: string, data: Record<string, unknown> | null = null): NewTaskEvent {
  return { unixMs, tier, kind, text, data };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
