// Tasks from request to end: stores them, keeps the queue, hands each to the nearest free robot
// the moment there is one, and tells listeners about every change (task_state, task_log).
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WardMap } from '../../robot/index.js';
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
import type { TaskStep } from './categories/types.js';
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
  now?: () => number;
}

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
  private readonly runs = new Map<string, TaskRun>();
  /** Latest record of each underway task, with progress fresher than the database's. */
  private readonly live = new Map<string, TaskRecord>();
  private readonly progressThrottles = new Map<string, { live: Throttle<[]>; stored: Throttle<[]> }>();
  /** Per-task write chains keep one task's writes in order whatever the store does underneath. */
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly waitingWhy = new Map<string, string>();
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private startTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly onRobotChanged = (robot: RobotState) => {
    if (this.queue.length > 0 && isFree(robot)) this.kick();
  };

  constructor(opts: TaskServiceOptions) {
    super();
    this.opts = opts;
    this.store = opts.store;
    this.fleet = opts.fleet;
    this.ward = opts.ward;
    this.log = opts.logger.child({ part: 'tasks' });
    this.now = opts.now ?? Date.now;
  }

  /**
   * Picks up where a previous brain left off. An underway task cannot be resumed: rosbridge ties a
   * goal to the socket that sent it, so a new brain can neither follow nor cancel it. Such tasks
   * fail with `brain_restarted`; queued tasks simply wait for a robot again.
   */
  async start(): Promise<void> {
    for (const task of await this.store.listTasks({ status: ['underway'] })) {
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
    if (this.startTimer) clearTimeout(this.startTimer);
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
      let steps: TaskStep[];
      try {
        const category = findCategory(task.category);
        if (!category) throw new Error(`category "${task.category}" is not known to this brain`);
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
      const run = new TaskRun(task.id, robot, steps, pick && 'distanceM' in pick ? pick.distanceM : 0, {
        link: this.opts.link,
        log: this.log,
        now: this.now,
        taskTimeoutSec: this.opts.taskTimeoutSec,
        write: (id, patch, events, onlyIf) => this.write(id, patch, events, onlyIf),
        progress: (id, progress, estimateMs) => this.onProgress(id, progress, estimateMs),
        done: (id, r) => this.onRunDone(id, r),
      });
      this.runs.set(task.id, run);
      try {
        await run.start();
      } catch (err) {
        // The store refused the dispatch: free the robot; the task stays queued in the database and
        // is picked up again at the next start. The caller (a POST) gets the error.
        run.abandon();
        this.runs.delete(task.id);
        this.fleet.release(robot, task.id);
        throw err;
      }
    }
    if (this.startTimer) clearTimeout(this.startTimer);
    this.startTimer = null;
    if (Number.isFinite(nextStart) && !this.closed) {
      this.startTimer = setTimeout(() => this.kick(), Math.max(0, nextStart - this.now()));
      this.startTimer.unref();
    }
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
    this.kick();
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
    for (const e of events) this.emit('task_log', { task_id: task.id, entry: toLogEntry(e) });
  }
}

/** RMF "binary" priority: value 1 goes ahead of 0; anything else counts as 0. */
function priorityRank(task: TaskRecord): number {
  const value = task.priority?.value;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
