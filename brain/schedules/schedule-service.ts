// Recurring tasks: keeps schedules, and at each occurrence on the brain's clock dispatches the
// schedule's task request, exactly once, recording what happened. One timer is armed at a time, for
// the earliest next occurrence of any enabled schedule; after it fires the due work is done in order
// and the timer is armed again.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BrainClock } from '../clock.js';
import { nextOccurrences } from './recurrence.js';
import { readScheduleInput, readSchedulePatch, ScheduleValidationError, type SchedulePatch } from './schedule-input.js';
import { ScheduleStore, type OccurrenceRecord, type ScheduleRecord } from './schedule-store.js';
import { dispatchRequestFor, type ScheduledDispatchRequest, type TaskTemplate } from './task-template.js';
import { timeZoneProblem } from './zoned-time.js';

export type Schedule = ScheduleRecord;
export type Occurrence = OccurrenceRecord;

export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

/** Plain JSON data, so that the audit part's own sink (which hashes canonical JSON) can be passed as is. */
export interface ScheduleAuditEntry {
  actor: { kind: 'staff' | 'system'; id: string };
  action: string;
  subject: { type: string; id: string };
  reason?: string;
  data?: { [key: string]: AuditJson };
}

function asJson(value: object): { [key: string]: AuditJson } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: AuditJson };
}

export type DispatchScheduled = (request: ScheduledDispatchRequest, meta: { scheduleId: string; occurrenceMs: number }) => Promise<{ taskId: string }>;

export interface ScheduleServiceOptions {
  clock: BrainClock;
  /** IANA zone the recurrences' dates and times are read in, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  dispatch: DispatchScheduled;
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>;
  audit?: { append(entry: ScheduleAuditEntry): unknown };
  /** Problems with a task request beyond its shape (unknown category, unknown place), each naming its field. */
  checkTemplate?: (request: TaskTemplate) => string[];
  /** An occurrence found due later than this is recorded as missed, not dispatched. Default 30 min. */
  graceMs?: number;
}

export class ScheduleNotFound extends Error {
  override readonly name = 'ScheduleNotFound';
  constructor(readonly id: string) {
    super(`no schedule with id "${id}"`);
  }
}

export const DEFAULT_GRACE_MS = 30 * 60_000;
/** Dispatches later than this get a note saying so; a timer is always a little late. */
const LATE_NOTE_MS = 60_000;
/** Node timers overflow past 2^31 ms; a far occurrence is reached by waking up once a day. */
const MAX_TIMER_MS = 24 * 3_600_000;
const MISSED_BATCH = 500;
const SYSTEM = { kind: 'system', id: 'schedules' } as const;

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)} s`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h ${m} min` : `${m} min`;
}

export class ScheduleService {
  private readonly store: ScheduleStore;
  private readonly clock: BrainClock;
  /** The IANA zone recurrences are read in. */
  readonly timeZone: string;
  private readonly graceMs: number;
  private readonly checkTemplate: (request: TaskTemplate) => string[];
  private running = false;
  private cancelTimer: (() => void) | null = null;
  /** Due work and re-arming, one after another, so an occurrence is never handled by two turns at once. */
  private work: Promise<void> = Promise.resolve();

  constructor(private readonly db: Database.Database, private readonly opts: ScheduleServiceOptions) {
    const zoneProblem = timeZoneProblem(opts.timeZone, 'timeZone');
    if (zoneProblem) throw new RangeError(zoneProblem);
    const grace = opts.graceMs ?? DEFAULT_GRACE_MS;
    if (!Number.isFinite(grace) || grace < 0) throw new RangeError(`graceMs: ${String(grace)} must be a number of milliseconds >= 0`);
    this.store = new ScheduleStore(db);
    this.clock = opts.clock;
    this.timeZone = opts.timeZone;
    this.graceMs = grace;
    this.checkTemplate = opts.checkTemplate ?? (() => []);
  }

  /** Catches up on what came due while the brain was down, then keeps the timer armed. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.kick();
  }

  /** Disarms the timer; resolves when a dispatch under way has been recorded. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer?.();
    this.cancelTimer = null;
    await this.work;
  }

  /** Resolves when the work started so far (due dispatches, re-arming) is done. */
  idle(): Promise<void> {
    return this.work;
  }

  create(input: unknown, username: string): Schedule {
    checkUsername(username);
    const v = readScheduleInput(input, this.checkTemplate);
    const now = this.clock.now();
    const schedule: Schedule = {
      id: `schedule-${randomUUID()}`, name: v.name, enabled: v.enabled ?? true, recurrence: v.recurrence, taskRequest: v.task_request,
      countsFromMs: now, createdBy: username, createdMs: now, updatedBy: username, updatedMs: now,
    };
    this.db.transaction(() => {
      this.store.insert(schedule);
      this.staffAudit(username, 'schedule.create', schedule.id, { name: schedule.name, enabled: schedule.enabled, recurrence: schedule.recurrence, task_request: schedule.taskRequest });
    })();
    this.kick();
    return schedule;
  }

  update(id: string, patch: unknown, username: string): Schedule {
    checkUsername(username);
    const before = this.require(id);
    const p: SchedulePatch = readSchedulePatch(patch, this.checkTemplate);
    const now = this.clock.now();
    const recurrenceChanged = p.recurrence !== undefined && JSON.stringify(p.recurrence) !== JSON.stringify(before.recurrence);
    const reEnabled = p.enabled === true && !before.enabled;
    const after: Schedule = {
      ...before,
      name: p.name ?? before.name,
      enabled: p.enabled ?? before.enabled,
      recurrence: p.recurrence ?? before.recurrence,
      taskRequest: p.task_request ?? before.taskRequest,
      // A new recurrence, or a schedule switched back on, starts from now rather than catching up on the past.
      countsFromMs: recurrenceChanged || reEnabled ? now : before.countsFromMs,
      updatedBy: username,
      updatedMs: now,
    };
    this.db.transaction(() => {
      this.store.replace(after);
      this.staffAudit(username, 'schedule.update', id, { changes: { ...p } });
    })();
    this.kick();
    return after;
  }

  /** Soft delete: the schedule stops and disappears from lists; its history stays. */
  remove(id: string, username: string): void {
    checkUsername(username);
    const s = this.require(id);
    this.db.transaction(() => {
      this.store.markDeleted(id, username, this.clock.now());
      this.staffAudit(username, 'schedule.delete', id, { name: s.name });
    })();
    this.kick();
  }

  list(): Schedule[] {
    return this.store.list();
  }

  get(id: string): Schedule | null {
    return this.store.get(id);
  }

  /** Recorded occurrences, newest first. */
  occurrences(id: string, limit = 20): Occurrence[] {
    this.require(id);
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit: ${String(limit)} must be a whole number >= 1`);
    return this.store.occurrences(id, limit);
  }

  /** The next `n` instants the schedule will fire; none while it is disabled. */
  upcoming(id: string, n = 5): number[] {
    const s = this.require(id);
    if (!s.enabled) return [];
    return nextOccurrences(s.recurrence, Math.max(this.cursor(s), this.clock.now()), this.timeZone, n);
  }

  private require(id: string): Schedule {
    const s = this.store.get(id);
    if (!s) throw new ScheduleNotFound(id);
    return s;
  }

  /** Occurrences at or before this are settled (recorded) or not this schedule's business. */
  private cursor(s: Schedule): number {
    return Math.max(s.countsFromMs, this.store.lastOccurrenceMs(s.id) ?? -Infinity);
  }

  private kick(): void {
    if (!this.running) return;
    this.work = this.work
      .then(() => this.runDue())
      .catch((err: unknown) => this.opts.logger?.error({ err }, 'schedules: running due occurrences failed'))
      .then(() => this.arm());
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (!this.running) return;
    let earliest = Infinity;
    for (const s of this.store.list(true)) {
      const next = nextOccurrences(s.recurrence, this.cursor(s), this.timeZone, 1)[0];
      if (next !== undefined && next < earliest) earliest = next;
    }
    if (earliest === Infinity) return;
    const delay = Math.min(Math.max(0, earliest - this.clock.now()), MAX_TIMER_MS);
    this.cancelTimer = this.clock.after(delay, () => {
      this.cancelTimer = null;
      this.kick();
    });
  }

  private async runDue(): Promise<void> {
    for (const { id } of this.store.list(true)) {
      for (;;) {
        if (!this.running) return;
        const s = this.store.get(id);
        if (!s?.enabled) break;
        const now = this.clock.now();
        const cursor = this.cursor(s);
        const next = nextOccurrences(s.recurrence, cursor, this.timeZone, 1)[0];
        if (next === undefined || next > now) break;
        if (now - next <= this.graceMs) {
          await this.dispatchOne(s, next);
          continue;
        }
        // Occurrences come in time order, so the too-late ones are all before the still-useful ones.
        const missed = nextOccurrences(s.recurrence, cursor, this.timeZone, MISSED_BATCH).filter((t) => now - t > this.graceMs);
        this.recordMissed(s, missed, now);
      }
    }
  }

  private recordMissed(s: Schedule, missed: number[], now: number): void {
    const detail = (t: number): string => `due ${duration(now - t)} ago, more than the ${duration(this.graceMs)} grace; not dispatched (the brain was not running or its clock jumped)`;
    let recorded = 0;
    this.db.transaction(() => {
      for (const t of missed) {
        if (this.store.claim({ scheduleId: s.id, occurrenceMs: t, outcome: 'missed', taskId: null, dispatchedMs: null, detail: detail(t) })) recorded++;
      }
    })();
    if (!recorded) return;
    const data = { count: recorded, first_occurrence_ms: missed[0] ?? null, last_occurrence_ms: missed[missed.length - 1] ?? null };
    this.opts.logger?.warn({ scheduleId: s.id, ...data }, 'schedules: occurrences missed');
    this.systemAudit('schedule.missed', s.id, data, `more than ${duration(this.graceMs)} late`);
  }

  private async dispatchOne(s: Schedule, occurrenceMs: number): Promise<void> {
    const attemptMs = this.clock.now();
    const lateMs = attemptMs - occurrenceMs;
    const lateNote = lateMs > LATE_NOTE_MS ? `dispatched ${duration(lateMs)} late (the brain was not running or its clock jumped)` : null;
    // Claimed before dispatching: if the brain dies mid-dispatch the occurrence stays "failed" with this
    // detail rather than being sent again on restart; a duplicate delivery is worse than a visible gap.
    const claimed = this.store.claim({
      scheduleId: s.id, occurrenceMs, outcome: 'failed', taskId: null, dispatchedMs: attemptMs,
      detail: 'the brain stopped while dispatching; whether the task was created is unknown',
    });
    if (!claimed) return;
    const request = dispatchRequestFor(s.taskRequest, s.id, s.createdBy, occurrenceMs);
    try {
      const result = await this.opts.dispatch(request, { scheduleId: s.id, occurrenceMs });
      const taskId: unknown = result?.taskId;
      if (typeof taskId !== 'string' || taskId === '') throw new Error(`dispatch answered without a taskId (${JSON.stringify(result)})`);
      this.store.settle({ scheduleId: s.id, occurrenceMs, outcome: 'dispatched', taskId, dispatchedMs: attemptMs, detail: lateNote });
      this.opts.logger?.info({ scheduleId: s.id, occurrenceMs, taskId }, 'schedules: task dispatched');
      this.systemAudit('schedule.dispatch', s.id, { occurrence_ms: occurrenceMs, task_id: taskId, late_ms: Math.max(0, lateMs) }, lateNote ?? undefined);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.store.settle({ scheduleId: s.id, occurrenceMs, outcome: 'failed', taskId: null, dispatchedMs: attemptMs, detail: lateNote ? `${reason}; ${lateNote}` : reason });
      this.opts.logger?.warn({ scheduleId: s.id, occurrenceMs, reason }, 'schedules: dispatch failed');
      this.systemAudit('schedule.dispatch_failed', s.id, { occurrence_ms: occurrenceMs }, reason);
    }
  }

  /** Inside the change's transaction: if the audit log refuses, the change does not happen. */
  private staffAudit(username: string, action: string, id: string, data: object): void {
    this.opts.audit?.append({ actor: { kind: 'staff', id: username }, action, subject: { type: 'schedule', id }, data: asJson(data) });
  }

  /** What already happened is recorded; a failing audit log is reported, not allowed to stop the schedule. */
  private systemAudit(action: string, id: string, data: object, reason?: string): void {
    try {
      this.opts.audit?.append({ actor: SYSTEM, action, subject: { type: 'schedule', id }, ...(reason ? { reason } : {}), data: asJson(data) });
    } catch (err) {
      this.opts.logger?.error({ err, action, scheduleId: id }, 'schedules: audit append failed');
    }
  }
}

function checkUsername(username: unknown): void {
  if (typeof username !== 'string' || username.trim() === '') throw new ScheduleValidationError(['username: must name the signed-in staff member']);
}
