// Tasks from request to end: stores them, keeps the queue, hands each to the nearest free robot
// the moment there is one, and tells listeners about every change (task_state, task_log).
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Place, WardMap } from '../../robot/index.js';
import { deadline, wallClock, type BrainClock } from '../clock.js';
import { isFree, pickRobot, type NoRobotReason } from '../fleet/allocator.js';
import type { Fleet } from '../fleet/fleet.js';
import type { RobotState } from '../fleet/robot-state.js';
import type { RobotLink } from '../link/types.js';
import {
  FINISHED_STATUSES, StoreConflictError,
  type NewTaskEvent, type TaskEventRecord, type TaskPatch, type TaskQuery, type TaskRecord, type TaskStatus, type TaskStore,
} from '../store/types.js';
import { Throttle } from '../util/throttle.js';
import { findCategory } from './categories/registry.js';
import type { CheckContext, TaskStep } from './categories/types.js';
import { WorkflowRun, type InputAnswer } from '../workflows/engine/workflow-run.js';
import type { WorkflowStateStore } from '../workflows/engine/state-store.js';
import type { StaffUser, WorkflowDefinition } from '../workflows/engine/types.js';
import type { JsonObject } from '../store/types.js';
import type { AuditAppend } from '../custody/custody-ledger.js';
import type { DispatchRequest } from './dispatch-request.js';
import { TaskRun } from './task-run.js';
import { toLogEntry, toTaskState, type LogEntry, type TaskState } from './task-state.js';

export interface TaskServiceOptions {
  store: TaskStore;
  fleet: Fleet;
  link: RobotLink;
  ward: WardMap;
  logger: Logger;
  minBatteryPct: number;
  taskTimeoutSec: number;
  /** The brain's clock; the wall clock unless the brain runs on simulated time. */
  clock?: BrainClock;
  /** Ward workflows by category name (ward_round, health_education, medication_delivery). */
  workflows?: ReadonlyMap<string, WorkflowDefinition>;
  /** Where workflows keep their progress; needed to resume after a restart. */
  states?: WorkflowStateStore;
  /** How long a restarted brain waits for a resumed task's robot to come back before failing the task. */
  resumeWaitMs?: number;
  /** A free robot below this battery percentage is sent to the nearest free charger; 0 turns that off. */
  chargeBelowPct?: number;
  /** The audit log: every task state change and every goal sent to a robot is written there too. */
  audit?: AuditAppend;
}

/** Task log kinds that are state changes or actuations, and so belong in the audit log as well. */
const AUDITED_KINDS = new Set(['created', 'dispatched', 'resumed', 'goal_sent', 'cancel_requested', 'input_accepted', 'input_refused', 'completed', 'failed', 'canceled']);

export interface TaskServiceEvents {
  task_state: [state: TaskState];
  task_log: [entry: { task_id: string; entry: LogEntry }];
}

export class TaskNotFound extends Error {
  override readonly name = 'TaskNotFound';
  constructor(readonly taskId: string) {
    super(`no task with id "${taskId}"`);
  }
}
export class TaskNotWaiting extends Error {
  override readonly name = 'TaskNotWaiting';
  constructor(readonly taskId: string, input: string, waiting: string[]) {
    super(`task "${taskId}" is not waiting for ${input} now${waiting.length ? ` (it waits for: ${waiting.join(', ')})` : ''}`);
  }
}
export class TaskAlreadyFinished extends Error {
  override readonly name = 'TaskAlreadyFinished';
  constructor(readonly state: TaskState) {
    super(`task "${state.booking.id}" already ended ${state.status}; there is nothing to cancel`);
  }
}

/** Live progress goes out at most this often per task; the database gets it at most once a second. */
const LIVE_PROGRESS_MS = 200;
const STORED_PROGRESS_MS = 1_000;

export class TaskService extends EventEmitter<TaskServiceEvents> {
  private readonly store: TaskStore;
  private readonly fleet: Fleet;
  private readonly ward: WardMap;
  private readonly log: Logger;
  private readonly opts: TaskServiceOptions;
  private readonly now: () => number;
  /** Queued tasks in dispatch order (priority, then request time). */
  private queue: TaskRecord[] = [];
  private readonly runs = new Map<string, TaskRun | WorkflowRun>();
  /** Underway tasks a previous brain left, waiting for their robot to be heard from again. */
  private readonly pendingResume = new Map<string, { task: TaskRecord; robot: string; state: JsonObject; giveUp: () => void }>();
  private readonly clock: BrainClock;
  /** Latest record of each underway task, with progress fresher than the database's. */
  private readonly live = new Map<string, TaskRecord>();
  private readonly progressThrottles = new Map<string, { live: Throttle<[]>; stored: Throttle<[]> }>();
  /** Per-task write chains keep one task's writes in order whatever the store does underneath. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly waitingWhy = new Map<string, string>();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private startTimer: (() => void) | null = null;
  private closed = false;
  /** Robots on their way to a charger, with the charger they were given. */
  private readonly charging = new Map<string, string>();
  private readonly onRobotChanged = (robot: RobotState) => {
    if (this.pendingResume.size > 0) this.resumeFor(robot);
    this.maybeCharge(robot);
    if (this.queue.length > 0 && isFree(robot)) this.kick();
  };

  constructor(opts: TaskServiceOptions) {
    super();
    this.opts = opts;
    this.store = opts.store;
    this.fleet = opts.fleet;
    this.ward = opts.ward;
    this.log = opts.logger.child({ part: 'tasks' });
    this.clock = opts.clock ?? wallClock;
    this.now = () => this.clock.now();
  }

  /** What request checks may consult: the ward records and the orders open deliveries hold. */
  checkContext(directory: CheckContext['directory']): CheckContext {
    return {
      directory,
      ordersInOpenTasks: () => {
        const ids = new Set<string>();
        for (const t of [...this.queue, ...this.live.values()]) {
          if (t.category === 'medication_delivery' && Array.isArray(t.description.orders)) for (const o of t.description.orders) ids.add(String(o));
        }
        return ids;
      },
    };
  }

  /** A member of staff hands an underway task what it waits for (a pharmacist loading, …). */
  async input(id: string, name: string, user: StaffUser, body: JsonObject): Promise<InputAnswer> {
    const run = this.runs.get(id);
    if (!run) {
      const task = this.live.get(id) ?? (await this.store.getTask(id));
      if (!task) throw new TaskNotFound(id);
      if (FINISHED_STATUSES.includes(task.status)) throw new TaskAlreadyFinished(toTaskState(task));
      throw new TaskNotWaiting(id, name, []);
    }
    if (!(run instanceof WorkflowRun)) throw new TaskNotWaiting(id, name, []);
    const answer = await run.input(name, user, body);
    if (!answer) throw new TaskNotWaiting(id, name, run.waitingFor());
    return answer;
  }

  /** What each underway workflow task waits for from staff, by task id. */
  waitingInputs(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [id, run] of this.runs) if (run instanceof WorkflowRun && run.waitingFor().length) out[id] = run.waitingFor();
    return out;
  }

  /**
   * Picks up where a previous brain left off. A simple underway task cannot be resumed: rosbridge
   * ties a goal to the socket that sent it, so a new brain can neither follow nor cancel it. Such
   * tasks fail with `brain_restarted`. A ward workflow with saved progress waits for its robot and
   * then resumes from its last safe step (its own resume logic decides what is safe: a delivery
   * locks its drawers and takes its medication back); queued tasks simply wait for a robot again.
   */
  async start(): Promise<void> {
    for (const task of await this.store.listTasks({ status: ['underway'] })) {
      const saved = this.opts.states?.load(task.id);
      if (saved && this.opts.workflows?.has(task.category)) {
        this.holdForResume(task, saved.robot, saved.state);
        continue;
      }
      const message = `the brain restarted while this task was underway${task.assignedRobot ? `; ${task.assignedRobot} may still be moving` : ''}`;
      await this.write(task.id, {
        status: 'failed', finishTimeMs: this.now(), statusReason: { code: 'brain_restarted', message },
      }, [{ unixMs: this.now(), tier: 'error', kind: 'failed', text: message, data: { code: 'brain_restarted' } }], ['underway']);
    }
    this.queue = await this.store.listTasks({ status: ['queued'], oldestFirst: true });
    this.sortQueue();
    this.fleet.on('changed', this.onRobotChanged);
    if (this.queue.length) this.log.info({ queued: this.queue.length }, 'queued tasks wait for robots again');
    this.kick();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.fleet.off('changed', this.onRobotChanged);
    for (const run of this.runs.values()) run.abandon();
    for (const p of this.pendingResume.values()) p.giveUp();
    this.pendingResume.clear();
    this.startTimer?.();
    for (const t of this.progressThrottles.values()) { t.live.cancel(); t.stored.cancel(); }
    await this.pumping;
    await Promise.allSettled([...this.chains.values()]);
  }

  /** Stores a validated request and, if a robot is free, dispatches it before returning. */
  async create(req: DispatchRequest): Promise<TaskState> {
    const now = this.now();
    const id = `task-${randomUUID()}`;
    const change = await this.store.createTask({
      id, category: req.category, description: req.description, priority: req.priority, requester: req.requester,
      labels: req.labels, status: 'queued', assignedRobot: null, requestTimeMs: now, earliestStartMs: req.earliestStartMs,
      startTimeMs: null, finishTimeMs: null, estimateMs: null, progress: null, statusReason: null, cancellation: null,
    }, [{ unixMs: now, tier: 'info', kind: 'created', text: `${req.category} requested${req.requester ? ` by ${req.requester}` : ''}`, data: { description: req.description } }]);
    this.announce(change.task, change.events, null);
    this.queue.push(change.task);
    this.sortQueue();
    await this.pump();
    return this.state(id);
  }

  async cancel(id: string, labels: string[]): Promise<TaskState> {
    const task = this.live.get(id) ?? (await this.store.getTask(id));
    if (!task) throw new TaskNotFound(id);
    if (FINISHED_STATUSES.includes(task.status)) throw new TaskAlreadyFinished(toTaskState(task));
    if (task.cancellation) return this.state(id);
    const now = this.now();
    const cancellation = { requestTimeMs: now, labels };
    const queued = this.queue.findIndex((t) => t.id === id);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.waitingWhy.delete(id);
      const done = await this.write(id, { status: 'canceled', finishTimeMs: now, cancellation },
        [{ unixMs: now, tier: 'warning', kind: 'canceled', text: 'canceled while queued', data: { labels } }], ['queued']);
      if (done) return toTaskState(done);
    }
    await this.write(id, { cancellation }, [{
      unixMs: now, tier: 'warning', kind: 'cancel_requested', text: 'cancel requested; waiting for the robot to stop', data: { labels },
    }], ['underway']);
    // Every underway task has its run in this process: start() failed the ones a previous brain left.
    this.runs.get(id)?.cancel();
    return this.state(id);
  }

  async get(id: string): Promise<TaskState | null> {
    const live = this.live.get(id);
    if (live) return toTaskState(live);
    const task = await this.store.getTask(id);
    return task ? toTaskState(task) : null;
  }

  async list(query: TaskQuery): Promise<TaskState[]> {
    const tasks = await this.store.listTasks(query);
    return tasks.map((t) => toTaskState(this.live.get(t.id) ?? t));
  }

  async logOf(id: string): Promise<LogEntry[] | null> {
    if (!this.live.has(id) && !(await this.store.getTask(id))) return null;
    return (await this.store.listEvents(id)).map(toLogEntry);
  }

  /** What a dashboard needs on connect: every unfinished task, plus the latest `recent` of all, newest first. */
  async snapshot(recent = 50): Promise<TaskState[]> {
    const open = await this.list({ status: ['queued', 'underway'] });
    const latest = await this.list({ limit: recent });
    const seen = new Set(open.map((t) => t.booking.id));
    return [...open, ...latest.filter((t) => !seen.has(t.booking.id))]
      .sort((a, b) => b.booking.unix_millis_request_time - a.booking.unix_millis_request_time);
  }

  private async state(id: string): Promise<TaskState> {
    const s = await this.get(id);
    if (!s) throw new TaskNotFound(id);
    return s;
  }

  private sortQueue(): void {
    this.queue.sort((a, b) => priorityRank(b) - priorityRank(a) || a.requestTimeMs - b.requestTimeMs);
  }

  /** Dispatches in the background; nobody waits, so a failure is logged here. */
  private kick(): void {
    this.pump().catch((err: unknown) => this.log.error({ err }, 'dispatching queued tasks failed'));
  }

  /** Hands queued tasks to free robots until one of the two runs out. */
  private pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      do {
        this.pumpAgain = false;
        await this.pumpOnce();
      } while (this.pumpAgain && !this.closed);
    })().finally(() => { this.pumping = null; });
    return this.pumping;
  }

  private async pumpOnce(): Promise<void> {
    const now = this.now();
    let nextStart = Infinity;
    for (const task of [...this.queue]) {
      if (this.closed) return;
      if (task.earliestStartMs !== null && task.earliestStartMs > now) {
        nextStart = Math.min(nextStart, task.earliestStartMs);
        continue;
      }
      const workflow = this.opts.workflows?.get(task.category);
      if (workflow) {
        if (await this.dispatchWorkflow(task, workflow)) continue;
        break;
      }
      let steps: TaskStep[];
      try {
        const category = findCategory(task.category);
        if (!category?.plan) throw new Error(`category "${task.category}" is not known to this brain`);
        steps = category.plan(task.description, this.ward);
      } catch (err) {
        this.dequeue(task.id);
        await this.write(task.id, { status: 'failed', finishTimeMs: now, statusReason: { code: 'unknown_place', message: (err as Error).message } },
          [{ unixMs: now, tier: 'error', kind: 'failed', text: (err as Error).message, data: { code: 'unknown_place' } }], ['queued']);
        continue;
      }
      const first = steps[0];
      const target = first ? first.place : null;
      const pick = target ? pickRobot(this.fleet.list(), target, this.opts.minBatteryPct) : null;
      if (pick && !pick.robot) {
        await this.noteWaiting(task, pick.reason, pick.why);
        // Every queued task sees the same robots; if none fits this one, none fits the rest.
        break;
      }
      this.dequeue(task.id);
      const robot = pick?.robot?.name;
      if (!robot || !target) continue;
      this.fleet.assign(robot, task.id);
      await this.startRun(this.stepRun(task.id, robot, steps, pick && 'distanceM' in pick ? pick.distanceM : 0), task.id, robot);
    }
    this.startTimer?.();
    this.startTimer = null;
    if (Number.isFinite(nextStart) && !this.closed) {
      this.startTimer = this.clock.after(Math.max(0, nextStart - this.now()), () => this.kick());
    }
  }

  /**
   * Hands a workflow task to the best free robot. False when no robot fits (the caller stops
   * looking: later tasks see the same robots); true when it was dispatched or must wait for a bed.
   */
  private async dispatchWorkflow(task: TaskRecord, workflow: WorkflowDefinition): Promise<boolean> {
    const busy = this.busyBeds();
    const clash = workflow.beds(task.description).find((b) => busy.has(b));
    if (clash) {
      await this.noteWaitingText(task, `bed:${clash}`, `${clash} is being visited by task ${busy.get(clash)}; no two robots work at one bed`);
      return true;
    }
    let target: Place | null;
    try {
      target = workflow.firstPlace(task.description, this.ward);
    } catch (err) {
      target = null;
      this.log.warn({ err, taskId: task.id }, 'workflow has no first place');
    }
    const pinned = workflow.robot?.(task.description) ?? null;
    const candidates = this.fleet.list().filter((r) => pinned === null || r.name === pinned);
    // A pinned task goes to its robot whatever its battery: it carries what the task is about.
    const pick = pickRobot(candidates, target, pinned ? 0 : this.opts.minBatteryPct, (name) => this.fleet.assignedCount(name));
    if (!pick.robot) {
      await this.noteWaiting(task, pick.reason, pick.why);
      return false;
    }
    this.dequeue(task.id);
    const robot = pick.robot.name;
    this.fleet.assign(robot, task.id);
    await this.startRun(this.workflowRun(task, robot, workflow, null), task.id, robot);
    return true;
  }

  /**
   * Starts a run the caller has registered. If the store refuses the dispatch, the robot is freed;
   * the task stays queued in the database and is picked up again at the next start, and the caller
   * (a POST) gets the error.
   */
  private async startRun(run: TaskRun | WorkflowRun, taskId: string, robot: string): Promise<void> {
    try {
      await run.start();
    } catch (err) {
      run.abandon();
      this.runs.delete(taskId);
      this.fleet.release(robot, taskId);
      throw err;
    }
  }

  /** A run of simple navigation steps (go_to_place, a trip to the charger), registered under the task id. */
  private stepRun(taskId: string, robot: string, steps: TaskStep[], distanceM: number, onDone: () => void = () => undefined): TaskRun {
    const run = new TaskRun(taskId, robot, steps, distanceM, {
      link: this.opts.link,
      log: this.log,
      now: this.now,
      after: (ms, fn) => deadline(this.clock, ms, fn),
      taskTimeoutSec: this.opts.taskTimeoutSec,
      write: (id, patch, events, onlyIf) => this.write(id, patch, events, onlyIf),
      progress: (id, progress, estimateMs) => this.onProgress(id, progress, estimateMs),
      done: (id, r) => {
        onDone();
        this.onRunDone(id, r);
      },
    });
    this.runs.set(taskId, run);
    return run;
  }

  private workflowRun(task: TaskRecord, robot: string, workflow: WorkflowDefinition, resume: { state: JsonObject } | null): WorkflowRun {
    const states = this.opts.states;
    if (!states) throw new Error('workflow tasks need a workflow state store (TaskServiceOptions.states)');
    const run = new WorkflowRun(task, robot, workflow, {
      link: this.opts.link,
      clock: this.clock,
      log: this.log,
      states,
      write: (id, patch, events, onlyIf) => this.write(id, patch, events, onlyIf),
      progress: (id, progress, estimateMs) => this.onProgress(id, progress, estimateMs),
      batteryPct: (name) => this.fleet.get(name)?.battery.percentage ?? 0,
      done: (id, r) => this.onRunDone(id, r),
    }, resume);
    this.runs.set(task.id, run);
    return run;
  }

  /** Beds that underway workflow tasks visit, with the task that holds each. */
  private busyBeds(): Map<string, string> {
    const beds = new Map<string, string>();
    for (const [id, run] of this.runs) {
      if (!(run instanceof WorkflowRun)) continue;
      const workflow = this.opts.workflows?.get(run.task.category);
      for (const b of workflow?.beds(run.task.description) ?? []) beds.set(b, id);
    }
    return beds;
  }

  private holdForResume(task: TaskRecord, robot: string, state: JsonObject): void {
    const waitMs = this.opts.resumeWaitMs ?? 10 * 60_000;
    const giveUp = this.clock.after(waitMs, () => {
      if (!this.pendingResume.delete(task.id)) return;
      const message = `the brain restarted while this task was underway and ${robot} was not heard from within ${Math.round(waitMs / 60_000)} min; check the robot (its drawers stay locked unless a pharmacist opens them)`;
      void this.write(task.id, { status: 'failed', finishTimeMs: this.now(), statusReason: { code: 'brain_restarted', message } },
        [{ unixMs: this.now(), tier: 'error', kind: 'failed', text: message, data: { code: 'brain_restarted' } }], ['underway'])
        .then(() => this.opts.states?.clear(task.id));
    });
    this.pendingResume.set(task.id, { task, robot, state, giveUp });
    this.fleet.assign(robot, task.id);
    this.log.warn({ taskId: task.id, robot }, 'underway task waits for its robot to resume');
    const known = this.fleet.get(robot);
    if (known) this.resumeFor(known);
  }

  private resumeFor(robot: RobotState): void {
    if (robot.status === 'offline') return;
    for (const [id, p] of this.pendingResume) {
      if (p.robot !== robot.name) continue;
      this.pendingResume.delete(id);
      p.giveUp();
      const workflow = this.opts.workflows?.get(p.task.category);
      if (!workflow) continue;
      this.fleet.assign(p.robot, id);
      const run = this.workflowRun(p.task, p.robot, workflow, { state: p.state });
      run.start().catch((err: unknown) => this.log.error({ err, taskId: id }, 'could not resume a task'));
    }
  }

  private async noteWaitingText(task: TaskRecord, key: string, why: string): Promise<void> {
    if (this.waitingWhy.get(task.id) === key) return;
    this.waitingWhy.set(task.id, key);
    await this.write(task.id, {}, [{ unixMs: this.now(), tier: 'info', kind: 'waiting', text: `waiting: ${why}`, data: { reason: key } }]);
  }

  private dequeue(id: string): void {
    this.queue = this.queue.filter((t) => t.id !== id);
    this.waitingWhy.delete(id);
  }

  /** One log entry per kind of wait, not one per robot message that keeps the task waiting. */
  private async noteWaiting(task: TaskRecord, reason: NoRobotReason, why: string): Promise<void> {
    if (this.waitingWhy.get(task.id) === reason) return;
    this.waitingWhy.set(task.id, reason);
    await this.write(task.id, {}, [{ unixMs: this.now(), tier: 'info', kind: 'waiting', text: `waiting for a robot: ${why}`, data: { reason } }]);
  }

  private onProgress(id: string, progress: { distanceRemainingM: number; etaS: number }, estimateMs: number): void {
    const task = this.live.get(id);
    if (!task || task.status !== 'underway') return;
    task.progress = progress;
    task.estimateMs = estimateMs;
    let t = this.progressThrottles.get(id);
    if (!t) {
      t = {
        live: new Throttle(LIVE_PROGRESS_MS, () => {
          const cur = this.live.get(id);
          if (cur) this.emit('task_state', toTaskState(cur));
        }),
        stored: new Throttle(STORED_PROGRESS_MS, () => {
          const cur = this.live.get(id);
          if (cur?.status === 'underway' && cur.progress) {
            // A lost progress write is logged by write() and superseded by the next one.
            this.write(id, { progress: cur.progress, estimateMs: cur.estimateMs }, [], ['underway'], { quiet: true }).catch(() => undefined);
          }
        }),
      };
      this.progressThrottles.set(id, t);
    }
    t.live.call();
    t.stored.call();
  }

  private onRunDone(id: string, robot: string): void {
    this.runs.delete(id);
    const t = this.progressThrottles.get(id);
    t?.live.cancel();
    t?.stored.cancel();
    this.progressThrottles.delete(id);
    this.fleet.release(robot, id);
    const state = this.fleet.get(robot);
    if (state) this.maybeCharge(state);
    this.kick();
  }

  /**
   * A free robot low on battery drives to the nearest charger nobody else is using, as a task of
   * its own (so it shows on the board and in the log). Queued work waits for a charged robot; the
   * allocator already passes over robots below minBatteryPct.
   */
  private maybeCharge(robot: RobotState): void {
    const below = this.opts.chargeBelowPct ?? 0;
    if (this.closed || below <= 0 || !isFree(robot) || robot.status === 'offline') return;
    if (robot.battery.charging || robot.battery.percentage >= below || this.charging.has(robot.name)) return;
    const others = this.fleet.list().filter((r) => r.name !== robot.name);
    const taken = new Set(this.charging.values());
    const charger = this.ward.places
      .filter((p) => p.kind === 'charger' && !taken.has(p.name))
      .filter((p) => !others.some((r) => r.level === p.level && Math.hypot(r.pose.x - p.x, r.pose.y - p.y) < 1))
      .map((p) => ({ p, d: (p.level === robot.level ? 0 : 1e6) + Math.hypot(p.x - robot.pose.x, p.y - robot.pose.y) }))
      .sort((a, b) => a.d - b.d)[0]?.p;
    if (!charger) return;
    if (Math.hypot(charger.x - robot.pose.x, charger.y - robot.pose.y) < 1 && charger.level === robot.level) return;
    this.charging.set(robot.name, charger.name);
    this.fleet.assign(robot.name, `charging:${robot.name}`);
    void this.sendToCharger(robot, charger).catch((err: unknown) => {
      this.log.error({ err, robot: robot.name }, 'could not send a robot to charge');
      this.charging.delete(robot.name);
      this.fleet.release(robot.name, `charging:${robot.name}`);
    });
  }

  private async sendToCharger(robot: RobotState, charger: Place): Promise<void> {
    const now = this.now();
    const id = `task-${randomUUID()}`;
    const why = `battery ${Math.round(robot.battery.percentage)}% is below ${this.opts.chargeBelowPct}%`;
    const change = await this.store.createTask({
      id, category: 'go_to_place', description: { place: charger.name }, priority: null, requester: 'system', labels: ['charging', `robot:${robot.name}`],
      status: 'queued', assignedRobot: null, requestTimeMs: now, earliestStartMs: null, startTimeMs: null, finishTimeMs: null,
      estimateMs: null, progress: null, statusReason: null, cancellation: null,
    }, [{ unixMs: now, tier: 'info', kind: 'created', text: `${robot.name} goes to charge at ${charger.name}: ${why}`, data: { robot: robot.name, battery_pct: robot.battery.percentage } }]);
    this.announce(change.task, change.events, null);
    this.fleet.release(robot.name, `charging:${robot.name}`);
    this.fleet.assign(robot.name, id);
    const run = this.stepRun(id, robot.name, [{ kind: 'navigate_to_place', place: charger }],
      Math.hypot(charger.x - robot.pose.x, charger.y - robot.pose.y), () => this.charging.delete(robot.name));
    await run.start();
  }

  /**
   * Writes one change (patch + events, one transaction) after the task's earlier writes, then
   * announces it. Resolves null when the task had already left `onlyIf` (someone else finished it).
   */
  private write(id: string, patch: TaskPatch, events: NewTaskEvent[], onlyIf?: readonly TaskStatus[], opts: { quiet?: boolean } = {}): Promise<TaskRecord | null> {
    // After close, whatever the runs still report (goals `lost` as the link shuts) is not written:
    // the next start fails those tasks with `brain_restarted`, which is what really happened.
    if (this.closed) return Promise.resolve(null);
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(async () => {
      try {
        const change = await this.store.updateTask(id, patch, events, onlyIf);
        if (!opts.quiet) this.announce(change.task, change.events, patch);
        return change.task;
      } catch (err) {
        if (err instanceof StoreConflictError) return null;
        this.log.error({ err, taskId: id }, 'task write failed');
        throw err;
      }
    });
    const settled = next.catch(() => null);
    this.chains.set(id, settled);
    void settled.then(() => { if (this.chains.get(id) === settled) this.chains.delete(id); });
    return next;
  }

  private announce(task: TaskRecord, events: readonly TaskEventRecord[], patch: TaskPatch | null): void {
    let shown = task;
    if (task.status === 'underway') {
      // Progress in memory is fresher than the database's, which is written once a second.
      const prev = this.live.get(task.id);
      if (prev && patch && patch.progress === undefined) shown = { ...task, progress: prev.progress, estimateMs: prev.estimateMs };
      this.live.set(task.id, shown);
    } else {
      this.live.delete(task.id);
    }
    if (!patch || Object.keys(patch).length > 0) this.emit('task_state', toTaskState(shown));
    for (const e of events) {
      this.emit('task_log', { task_id: task.id, entry: toLogEntry(e) });
      if (this.opts.audit && AUDITED_KINDS.has(e.kind)) this.auditEvent(task, e);
    }
  }

  private auditEvent(task: TaskRecord, e: TaskEventRecord): void {
    const by = e.kind === 'goal_sent' && task.assignedRobot ? { kind: 'robot' as const, id: task.assignedRobot }
      : (e.kind === 'created' || e.kind === 'cancel_requested') && task.requester && !task.requester.startsWith('robot:') && task.requester !== 'system'
        ? { kind: 'staff' as const, id: task.requester }
        : { kind: 'system' as const, id: 'brain' };
    try {
      this.opts.audit?.append({
        actor: by, action: `task.${e.kind}`, subject: { type: 'task', id: task.id }, reason: e.text.slice(0, 500),
        data: { category: task.category, seq: e.seq, ...(task.assignedRobot ? { robot: task.assignedRobot } : {}), ...(e.data?.code ? { code: String(e.data.code) } : {}), ...(e.data?.action ? { ros_action: String(e.data.action) } : {}) },
      });
    } catch (err) {
      this.log.error({ err, taskId: task.id }, 'could not write a task event to the audit log');
    }
  }
}

/** RMF "binary" priority: value 1 goes ahead of 0; anything else counts as 0. */
function priorityRank(task: TaskRecord): number {
  const value = task.priority?.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
