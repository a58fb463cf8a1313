// TaskStore on one SQLite file (better-sqlite3, WAL). Every public write is one transaction.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { checkEvent, checkNewTask, checkPatch } from './record-checks.js';
import {
  StoreConflictError, TaskNotFoundError,
  type JsonObject, type NewTask, type NewTaskEvent, type TaskChange, type TaskEventRecord,
  type TaskPatch, type TaskQuery, type TaskRecord, type TaskStatus, type TaskStore,
} from './types.js';

interface TaskRow {
  id: string;
  category: string;
  description: string;
  priority: string | null;
  requester: string | null;
  labels: string;
  status: TaskStatus;
  assigned_robot: string | null;
  request_time_ms: number;
  earliest_start_ms: number | null;
  start_time_ms: number | null;
  finish_time_ms: number | null;
  estimate_ms: number | null;
  distance_remaining_m: number | null;
  eta_s: number | null;
  reason_code: string | null;
  reason_message: string | null;
  cancel_request_time_ms: number | null;
  cancel_labels: string | null;
  updated_ms: number;
}

interface EventRow {
  task_id: string;
  seq: number;
  unix_ms: number;
  tier: TaskEventRecord['tier'];
  kind: string;
  text: string;
  data: string | null;
}

export class SchemaVersionError extends Error {
  override readonly name = 'SchemaVersionError';
}

export interface SqliteStoreOptions {
  /** Clock for `updatedMs`; tests pin it. */
  now?: () => number;
}

export class SqliteTaskStore implements TaskStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => number;

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  constructor(file: string, opts: SqliteStoreOptions = {}) {
    this.file = file;
    this.now = opts.now ?? Date.now;
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    try {
      this.db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the last commit.
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.migrate();
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  get journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }));
  }

  /** The open database, for the brain's other record keepers (see module-schema.ts); they share its file and WAL. */
  get database(): Database.Database {
    return this.db;
  }

  get schemaVersion(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION) {
      throw new SchemaVersionError(
        `${this.file}: database schema version ${current} is newer than this brain understands (${SCHEMA_VERSION}); run a newer brain or use another dbFile`,
      );
    }
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.db.pragma(`user_version = ${m.version}`);
      })();
    }
  }

  async createTask(task: NewTask, events: NewTaskEvent[]): Promise<TaskChange> {
    checkNewTask(task);
    events.forEach((e, i) => checkEvent(e, `events[${i}]`));
    const updated = this.now();
    const run = this.db.transaction((): TaskChange => {
      this.db.prepare(`
        INSERT INTO tasks (id, category, description, priority, requester, labels, status, assigned_robot,
          request_time_ms, earliest_start_ms, start_time_ms, finish_time_ms, estimate_ms,
          distance_remaining_m, eta_s, reason_code, reason_message, cancel_request_time_ms, cancel_labels, updated_ms)
        VALUES (@id, @category, @description, @priority, @requester, @labels, @status, @assigned_robot,
          @request_time_ms, @earliest_start_ms, @start_time_ms, @finish_time_ms, @estimate_ms,
          @distance_remaining_m, @eta_s, @reason_code, @reason_message, @cancel_request_time_ms, @cancel_labels, @updated_ms)
      `).run(toRow({ ...task, updatedMs: updated }));
      return { task: this.requireTask(task.id), events: this.appendEvents(task.id, events) };
    });
    return run();
  }

  async updateTask(id: string, patch: TaskPatch, events: NewTaskEvent[], onlyIf?: readonly TaskStatus[]): Promise<TaskChange> {
    checkPatch(patch);
    events.forEach((e, i) => checkEvent(e, `events[${i}]`));
    const run = this.db.transaction((): TaskChange => {
      const before = this.requireTask(id);
      if (onlyIf && !onlyIf.includes(before.status)) throw new StoreConflictError(id, before.status, onlyIf);
      const row = toRow({ ...before, ...patch, updatedMs: this.now() });
      this.db.prepare(`
        UPDATE tasks SET status = @status, assigned_robot = @assigned_robot, start_time_ms = @start_time_ms,
          finish_time_ms = @finish_time_ms, estimate_ms = @estimate_ms, distance_remaining_m = @distance_remaining_m,
          eta_s = @eta_s, reason_code = @reason_code, reason_message = @reason_message,
          cancel_request_time_ms = @cancel_request_time_ms, cancel_labels = @cancel_labels, updated_ms = @updated_ms
        WHERE id = @id
      `).run(row);
      return { task: this.requireTask(id), events: this.appendEvents(id, events) };
    });
    return run();
  }

  async getTask(id: string): Promise<TaskRecord | null> {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    return row ? fromRow(row) : null;
  }

  async listTasks(query: TaskQuery = {}): Promise<TaskRecord[]> {
    const where = query.status?.length ? `WHERE status IN (${query.status.map(() => '?').join(', ')})` : '';
    const order = query.oldestFirst ? 'ASC' : 'DESC';
    const rows = this.db.prepare(
      `SELECT * FROM tasks ${where} ORDER BY request_time_ms ${order}, rowid ${order} LIMIT ? OFFSET ?`,
    ).all(...(query.status ?? []), query.limit ?? -1, query.offset ?? 0) as TaskRow[];
    return rows.map(fromRow);
  }

  async listEvents(taskId: string): Promise<TaskEventRecord[]> {
    const rows = this.db.prepare('SELECT * FROM task_events WHERE task_id = ? ORDER BY seq').all(taskId) as EventRow[];
    return rows.map(fromEventRow);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private requireTask(id: string): TaskRecord {
    const row = this.db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    if (!row) throw new TaskNotFoundError(id);
    return fromRow(row);
  }

  private appendEvents(taskId: string, events: NewTaskEvent[]): TaskEventRecord[] {
    if (events.length === 0) return [];
    const last = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM task_events WHERE task_id = ?').get(taskId) as { seq: number };
    const insert = this.db.prepare(
      'INSERT INTO task_events (task_id, seq, unix_ms, tier, kind, text, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    return events.map((e, i) => {
      const rec: TaskEventRecord = { taskId, seq: last.seq + i + 1, ...e };
      insert.run(taskId, rec.seq, e.unixMs, e.tier, e.kind, e.text, e.data === null ? null : JSON.stringify(e.data));
      return rec;
    });
  }
}

function toRow(t: TaskRecord): TaskRow {
  return {
    id: t.id,
    category: t.category,
    description: JSON.stringify(t.description),
    priority: t.priority === null ? null : JSON.stringify(t.priority),
    requester: t.requester,
    labels: JSON.stringify(t.labels),
    status: t.status,
    assigned_robot: t.assignedRobot,
    request_time_ms: t.requestTimeMs,
    earliest_start_ms: t.earliestStartMs,
    start_time_ms: t.startTimeMs,
    finish_time_ms: t.finishTimeMs,
    estimate_ms: t.estimateMs,
    distance_remaining_m: t.progress?.distanceRemainingM ?? null,
    eta_s: t.progress?.etaS ?? null,
    reason_code: t.statusReason?.code ?? null,
    reason_message: t.statusReason?.message ?? null,
    cancel_request_time_ms: t.cancellation?.requestTimeMs ?? null,
    cancel_labels: t.cancellation ? JSON.stringify(t.cancellation.labels) : null,
    updated_ms: t.updatedMs,
  };
}

function fromRow(r: TaskRow): TaskRecord {
  return {
    id: r.id,
    category: r.category,
    description: JSON.parse(r.description) as JsonObject,
    priority: r.priority === null ? null : (JSON.parse(r.priority) as JsonObject),
    requester: r.requester,
    labels: JSON.parse(r.labels) as string[],
    status: r.status,
    assignedRobot: r.assigned_robot,
    requestTimeMs: r.request_time_ms,
    earliestStartMs: r.earliest_start_ms,
    startTimeMs: r.start_time_ms,
    finishTimeMs: r.finish_time_ms,
    estimateMs: r.estimate_ms,
    progress: r.distance_remaining_m === null || r.eta_s === null
      ? null : { distanceRemainingM: r.distance_remaining_m, etaS: r.eta_s },
    statusReason: r.reason_code === null
      ? null : { code: r.reason_code as NonNullable<TaskRecord['statusReason']>['code'], message: r.reason_message ?? '' },
    cancellation: r.cancel_request_time_ms === null
      ? null : { requestTimeMs: r.cancel_request_time_ms, labels: JSON.parse(r.cancel_labels ?? '[]') as string[] },
    updatedMs: r.updated_ms,
  };
}

function fromEventRow(r: EventRow): TaskEventRecord {
  return {
    taskId: r.task_id,
    seq: r.seq,
    unixMs: r.unix_ms,
    tier: r.tier,
    kind: r.kind,
    text: r.text,
    data: r.data === null ? null : (JSON.parse(r.data) as JsonObject),
  };
}
