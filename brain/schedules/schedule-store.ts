// The schedules module's tables in the brain's SQLite file, and the rows as the service sees them.
import type Database from 'better-sqlite3';
import { migrateModule, type ModuleMigration } from '../store/module-schema.js';
import type { Recurrence } from './recurrence.js';
import type { TaskTemplate } from './task-template.js';

const MIGRATIONS: readonly ModuleMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE schedules (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        recurrence TEXT NOT NULL,
        task_request TEXT NOT NULL,
        -- Occurrences at or before this instant are not this schedule's business: it is when the
        -- schedule was created, re-enabled or given a new recurrence, so none of those catch up on the past.
        counts_from_ms INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_by TEXT NOT NULL,
        updated_ms INTEGER NOT NULL
      );
      CREATE TABLE schedule_occurrences (
        schedule_id TEXT NOT NULL REFERENCES schedules (id),
        occurrence_ms INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('dispatched', 'missed', 'failed')),
        task_id TEXT,
        dispatched_ms INTEGER,
        detail TEXT,
        UNIQUE (schedule_id, occurrence_ms)
      );
    `,
  },
];

export const OCCURRENCE_OUTCOMES = ['dispatched', 'missed', 'failed'] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

export interface ScheduleRecord {
  id: string;
  name: string;
  enabled: boolean;
  recurrence: Recurrence;
  taskRequest: TaskTemplate;
  countsFromMs: number;
  createdBy: string;
  createdMs: number;
  updatedBy: string;
  updatedMs: number;
}

export interface OccurrenceRecord {
  scheduleId: string;
  occurrenceMs: number;
  outcome: OccurrenceOutcome;
  taskId: string | null;
  /** When the dispatch was attempted; null for a missed occurrence. */
  dispatchedMs: number | null;
  detail: string | null;
}

interface ScheduleRow {
  id: string; name: string; enabled: number; recurrence: string; task_request: string; counts_from_ms: number;
  created_by: string; created_ms: number; updated_by: string; updated_ms: number;
}
interface OccurrenceRow {
  schedule_id: string; occurrence_ms: number; outcome: OccurrenceOutcome; task_id: string | null; dispatched_ms: number | null; detail: string | null;
}

const toSchedule = (r: ScheduleRow): ScheduleRecord => ({
  id: r.id, name: r.name, enabled: r.enabled === 1,
  recurrence: JSON.parse(r.recurrence) as Recurrence, taskRequest: JSON.parse(r.task_request) as TaskTemplate,
  countsFromMs: r.counts_from_ms, createdBy: r.created_by, createdMs: r.created_ms, updatedBy: r.updated_by, updatedMs: r.updated_ms,
});
const toOccurrence = (r: OccurrenceRow): OccurrenceRecord => ({
  scheduleId: r.schedule_id, occurrenceMs: r.occurrence_ms, outcome: r.outcome, taskId: r.task_id, dispatchedMs: r.dispatched_ms, detail: r.detail,
});

export class ScheduleStore {
  constructor(readonly db: Database.Database) {
    migrateModule(db, 'schedules', MIGRATIONS);
  }

  insert(s: ScheduleRecord): void {
    this.db.prepare(`INSERT INTO schedules (id, name, enabled, recurrence, task_request, counts_from_ms, created_by, created_ms, updated_by, updated_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(s.id, s.name, s.enabled ? 1 : 0, JSON.stringify(s.recurrence), JSON.stringify(s.taskRequest), s.countsFromMs, s.createdBy, s.createdMs, s.updatedBy, s.updatedMs);
  }

  replace(s: ScheduleRecord): void {
    this.db.prepare(`UPDATE schedules SET name = ?, enabled = ?, recurrence = ?, task_request = ?, counts_from_ms = ?, updated_by = ?, updated_ms = ?
      WHERE id = ? AND deleted = 0`)
      .run(s.name, s.enabled ? 1 : 0, JSON.stringify(s.recurrence), JSON.stringify(s.taskRequest), s.countsFromMs, s.updatedBy, s.updatedMs, s.id);
  }

  markDeleted(id: string, by: string, atMs: number): void {
    this.db.prepare('UPDATE schedules SET deleted = 1, enabled = 0, updated_by = ?, updated_ms = ? WHERE id = ?').run(by, atMs, id);
  }

  /** A schedule that has not been deleted. */
  get(id: string): ScheduleRecord | null {
    const row = this.db.prepare('SELECT * FROM schedules WHERE id = ? AND deleted = 0').get(id) as ScheduleRow | undefined;
    return row ? toSchedule(row) : null;
  }

  list(onlyEnabled = false): ScheduleRecord[] {
    const rows = this.db.prepare(`SELECT * FROM schedules WHERE deleted = 0 ${onlyEnabled ? 'AND enabled = 1' : ''} ORDER BY created_ms, id`).all() as ScheduleRow[];
    return rows.map(toSchedule);
  }

  /** The latest occurrence recorded for a schedule, whatever its outcome. */
  lastOccurrenceMs(scheduleId: string): number | null {
    const row = this.db.prepare('SELECT MAX(occurrence_ms) AS last FROM schedule_occurrences WHERE schedule_id = ?').get(scheduleId) as { last: number | null };
    return row.last;
  }

  /**
   * Claims an occurrence before anything is dispatched: false if it was already claimed (by this
   * brain before a restart, or another brain on the same file), so it is never dispatched twice.
   */
  claim(o: OccurrenceRecord): boolean {
    const info = this.db.prepare(`INSERT INTO schedule_occurrences (schedule_id, occurrence_ms, outcome, task_id, dispatched_ms, detail)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (schedule_id, occurrence_ms) DO NOTHING`)
      .run(o.scheduleId, o.occurrenceMs, o.outcome, o.taskId, o.dispatchedMs, o.detail);
    return info.changes === 1;
  }

  settle(o: OccurrenceRecord): void {
    this.db.prepare('UPDATE schedule_occurrences SET outcome = ?, task_id = ?, dispatched_ms = ?, detail = ? WHERE schedule_id = ? AND occurrence_ms = ?')
      .run(o.outcome, o.taskId, o.dispatchedMs, o.detail, o.scheduleId, o.occurrenceMs);
  }

  /** Newest first. */
  occurrences(scheduleId: string, limit: number): OccurrenceRecord[] {
    const rows = this.db.prepare('SELECT * FROM schedule_occurrences WHERE schedule_id = ? ORDER BY occurrence_ms DESC LIMIT ?').all(scheduleId, limit) as OccurrenceRow[];
    return rows.map(toOccurrence);
  }
}
