// Carries one workflow task out on its robot: marks it underway, gives the workflow its skills and
// context, and turns how the workflow ends (done, failed, canceled) into the task's final state.
// Every skill goal, staff input and checkpoint is written to the task's log as it happens.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BrainClock } from '../../clock.js';
import type { RobotLink } from '../../link/types.js';
import type { JsonObject, NewTaskEvent, TaskPatch, TaskRecord, TaskStatus } from '../../store/types.js';
import type { TaskFailureCode } from '../../tasks/failure-codes.js';
import { CANCELED_BY_STAFF, SHUTTING_DOWN, SkillFailed, WorkflowCanceled, WorkflowFailed } from './errors.js';
import { RobotSkills } from './skills.js';
import type { WorkflowStateStore } from './state-store.js';
import type { InputProblem, StaffInput, StaffUser, WorkflowContext, WorkflowDefinition, WorkflowEnd } from './types.js';

export interface WorkflowRunDeps {
  link: RobotLink;
  clock: BrainClock;
  log: Logger;
  states: WorkflowStateStore;
  write(taskId: string, patch: TaskPatch, events: NewTaskEvent[], onlyIf?: readonly TaskStatus[]): Promise<TaskRecord | null>;
  progress(taskId: string, progress: { distanceRemainingM: number; etaS: number }, estimateMs: number): void;
  batteryPct(robot: string): number;
  /** The run is over: the robot is free again. */
  done(taskId: string, robot: string): void;
}

interface InputWaiter {
  accept(input: StaffInput): InputProblem[] | Promise<InputProblem[]>;
  resolve(input: StaffInput | null): void;
}

export type InputAnswer = { accepted: true } | { accepted: false; problems: InputProblem[] };

export class WorkflowRun {
  readonly runId = randomUUID();
  private readonly abort = new AbortController();
  private readonly waiters = new Map<string, InputWaiter>();
  private ended = false;
  private canceled = false;

  constructor(
    readonly task: TaskRecord,
    readonly robot: string,
    private readonly workflow: WorkflowDefinition,
    private readonly deps: WorkflowRunDeps,
    private readonly resume: { state: JsonObject | null } | null = null,
  ) {}

  /** Marks the task underway (unless it already was, before a restart) and starts the workflow. */
  async start(): Promise<void> {
    const now = this.deps.clock.now();
    if (!this.resume) {
      const written = await this.deps.write(this.task.id, { status: 'underway', assignedRobot: this.robot, startTimeMs: now },
        [event(now, 'info', 'dispatched', `assigned to ${this.robot}`, { robot: this.robot, run: this.runId })], ['queued']);
      if (!written) {
        this.close();
        return;
      }
    } else {
      await this.deps.write(this.task.id, { assignedRobot: this.robot },
        [event(now, 'warning', 'resumed', `the brain restarted; ${this.robot} picks the task up again from its last saved step`, { robot: this.robot, run: this.runId })], ['underway']);
    }
    if (this.ended) return;
    void this.execute();
  }

  /** Staff asked to stop: the current goal is canceled at once and the task ends `canceled`. */
  cancel(): void {
    if (this.ended || this.canceled) return;
    this.canceled = true;
    this.abort.abort(CANCELED_BY_STAFF);
    for (const w of this.waiters.values()) w.resolve(null);
  }

  /** The brain is shutting down: write nothing more; the next start resumes or ends the task. */
  abandon(): void {
    this.ended = true;
    this.abort.abort(SHUTTING_DOWN);
    for (const w of this.waiters.values()) w.resolve(null);
  }

  /** What the task is waiting for from staff right now. */
  waitingFor(): string[] {
    return [...this.waiters.keys()];
  }

  /** A member of staff hands in `name`; accepted only while the workflow waits for it. */
  async input(name: string, user: StaffUser, body: JsonObject): Promise<InputAnswer | null> {
    const waiter = this.waiters.get(name);
    if (!waiter || this.ended) return null;
    const problems = await waiter.accept({ user, body });
    if (problems.length > 0) {
      this.note('input_refused', `${name} from ${user.username} refused: ${problems.map((p) => p.detail).join('; ')}`,
        { input: name, by: user.username, problems: problems.map((p) => ({ ...p })) }, 'warning');
      return { accepted: false, problems };
    }
    if (this.waiters.get(name) !== waiter) return null;
    this.waiters.delete(name);
    this.note('input_accepted', `${name} from ${user.username}`, { input: name, by: user.username });
    waiter.resolve({ user, body });
    return { accepted: true };
  }

  private async execute(): Promise<void> {
    const skills = new RobotSkills(this.robot, this.deps.link, this.deps.clock, this.abort.signal, {
      goalSent: (skill, action, goalId, summary) => this.note('goal_sent', `${skill}: ${summary}`, { skill, action, goal_id: goalId }),
      navigationProgress: (distance, eta) => this.deps.progress(this.task.id, { distanceRemainingM: round(distance), etaS: round(eta) }, Math.round(eta * 1000)),
    });
    const ctx: WorkflowContext = {
      taskId: this.task.id,
      robot: this.robot,
      runId: this.runId,
      description: this.task.description,
      requester: this.task.requester,
      skills,
      clock: this.deps.clock,
      log: this.deps.log.child({ taskId: this.task.id, robot: this.robot }),
      signal: this.abort.signal,
      resumed: this.resume !== null,
      state: this.resume?.state ?? null,
      save: (state) => this.deps.states.save(this.task.id, this.robot, state),
      note: (kind, text, data = null, tier = 'info') => this.note(kind, text, data, tier),
      waitForInput: (name, timeoutMs, accept) => this.waitForInput(name, timeoutMs, accept),
      batteryPct: () => this.deps.batteryPct(this.robot),
    };
    let outcome: { status: 'completed'; end: WorkflowEnd } | { status: 'failed'; code: TaskFailureCode; message: string; data?: JsonObject } | { status: 'canceled'; message: string };
    try {
      outcome = { status: 'completed', end: await this.workflow.run(ctx) };
    } catch (err) {
      if (err instanceof WorkflowCanceled || (this.canceled && !(err instanceof WorkflowFailed))) {
        outcome = { status: 'canceled', message: `${this.robot} stopped: ${err instanceof Error ? err.message : String(err)}` };
      } else if (err instanceof WorkflowFailed) {
        outcome = { status: 'failed', code: err.code, message: err.message };
      } else if (err instanceof SkillFailed) {
        outcome = { status: 'failed', code: err.code, message: err.message, data: err.robotResult ? { robot_result: err.robotResult as JsonObject } : {} };
      } else {
        this.deps.log.error({ err, taskId: this.task.id }, 'workflow failed unexpectedly');
        outcome = { status: 'failed', code: 'aborted', message: `the brain failed while running the task: ${(err as Error).message}` };
      }
    }
    await this.finish(outcome);
  }

  private waitForInput(name: string, timeoutMs: number, accept: InputWaiter['accept']): Promise<StaffInput | null> {
    if (this.abort.signal.aborted) return Promise.reject(new WorkflowCanceled(String(this.abort.signal.reason)));
    return new Promise<StaffInput | null>((resolve, reject) => {
      const cancelTimer = this.deps.clock.after(timeoutMs, () => {
        if (this.waiters.get(name) !== waiter) return;
        this.waiters.delete(name);
        resolve(null);
      });
      const waiter: InputWaiter = {
        accept,
        resolve: (input) => {
          cancelTimer();
          this.waiters.delete(name);
          if (input === null && this.abort.signal.aborted) reject(new WorkflowCanceled(String(this.abort.signal.reason)));
          else resolve(input);
        },
      };
      this.waiters.set(name, waiter);
      this.note('waiting_for_staff', `waiting for ${name}`, { input: name, timeout_s: Math.round(timeoutMs / 1000) });
    });
  }

  private note(kind: string, text: string, data: JsonObject | null = null, tier: NewTaskEvent['tier'] = 'info'): void {
    if (this.ended) return;
    this.deps.write(this.task.id, {}, [event(this.deps.clock.now(), tier, kind, text, data)]).catch(() => undefined);
  }

  private async finish(outcome:
    | { status: 'completed'; end: WorkflowEnd }
    | { status: 'failed'; code: TaskFailureCode; message: string; data?: JsonObject }
    | { status: 'canceled'; message: string }): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const now = this.deps.clock.now();
    const patch: TaskPatch = { status: outcome.status, finishTimeMs: now, statusReason: outcome.status === 'failed' ? { code: outcome.code, message: outcome.message } : null };
    if (outcome.status === 'completed') {
      patch.progress = { distanceRemainingM: 0, etaS: 0 };
      patch.estimateMs = 0;
    }
    const text = outcome.status === 'completed' ? outcome.end.message : outcome.message;
    const data = outcome.status === 'completed' ? outcome.end.data ?? {} : outcome.status === 'failed' ? { code: outcome.code, ...(outcome.data ?? {}) } : {};
    const tier = outcome.status === 'failed' ? 'error' : outcome.status === 'canceled' ? 'warning' : 'info';
    try {
      await this.deps.write(this.task.id, patch, [event(now, tier, outcome.status, text, data)], ['underway']);
      this.deps.states.clear(this.task.id);
    } catch (err) {
      this.deps.log.error({ err, taskId: this.task.id }, 'could not record the end of a task');
    }
    this.close();
  }

  private close(): void {
    this.ended = true;
    this.deps.done(this.task.id, this.robot);
  }
}

function event(unixMs: number, tier: NewTaskEvent['tier'], kind: string, text: string, data: JsonObject | null = null): NewTaskEvent {
  return { unixMs, tier, kind, text, data };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
