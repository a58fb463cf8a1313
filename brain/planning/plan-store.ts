// Plans as records: what was asked, what was proposed, the validator's verdict, who approved or
// declined it and when, and the tasks it became. Kept so anyone can later see why the robot did
// what it did. Plan JSON is written once; only the decision and the outcome change.
import type Database from 'better-sqlite3';
import { migrateModule, type ModuleMigration } from '../store/module-schema.js';
import type { Plan, PlanProblem } from './plan-types.js';
import type { ModelPlanTrace } from './model-planner.js';

export const PLAN_STATUSES = ['refused', 'awaiting_approval', 'declined', 'dispatched', 'dispatch_failed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanRecord {
  id: string;
  createdMs: number;
  requester: string;
  /** The words of a free-text request, or null for a structured one. */
  text: string | null;
  /** Which planner proposed it; 'model' may have fallen back to the rules (see fallbackReason). */
  planner: 'deterministic' | 'model';
  status: PlanStatus;
  plan: Plan | null;
  problems: PlanProblem[];
  approvalReasons: string[];
  trace: ModelPlanTrace | null;
  /** Why the model's plan was not used and the rules planned instead. */
  fallbackReason: string | null;
  decidedBy: string | null;
  decidedMs: number | null;
  decisionNote: string | null;
  taskIds: string[];
}

const MIGRATIONS: readonly ModuleMigration[] = [{
  version: 1,
  sql: `
    CREATE TABLE plans (
      id TEXT PRIMARY KEY NOT NULL,
      created_ms INTEGER NOT NULL,
      requester TEXT NOT NULL,
      text TEXT,
      planner TEXT NOT NULL,
      status TEXT NOT NULL,
      plan TEXT,
      problems TEXT NOT NULL,
      approval_reasons TEXT NOT NULL,
      trace TEXT,
      fallback_reason TEXT,
      decided_by TEXT,
      decided_ms INTEGER,
      decision_note TEXT,
      task_ids TEXT NOT NULL
    );
    CREATE INDEX plans_status ON plans (status, created_ms);
  `,
}];

interface Row {
  id: string; created_ms: number; requester: string; text: string | null; planner: string; status: string; plan: string | null;
  problems: string; approval_reasons: string; trace: string | null; fallback_reason: string | null; decided_by: string | null;
  decided_ms: number | null; decision_note: string | null; task_ids: string;
}

const fromRow = (r: Row): PlanRecord => ({
  id: r.id, createdMs: r.created_ms, requester: r.requester, text: r.text, planner: r.planner as PlanRecord['planner'],
  status: r.status as PlanStatus, plan: r.plan ? JSON.parse(r.plan) as Plan : null, problems: JSON.parse(r.problems) as PlanProblem[],
  approvalReasons: JSON.parse(r.approval_reasons) as string[], trace: r.trace ? JSON.parse(r.trace) as ModelPlanTrace : null,
  fallbackReason: r.fallback_reason, decidedBy: r.decided_by, decidedMs: r.decided_ms, decisionNote: r.decision_note,
  taskIds: JSON.parse(r.task_ids) as string[],
});

export class PlanStore {
  constructor(private readonly db: Database.Database) {
    migrateModule(db, 'plans', MIGRATIONS);
  }

  insert(p: PlanRecord): void {
    this.db.prepare(`INSERT INTO plans (id, created_ms, requester, text, planner, status, plan, problems, approval_reasons, trace, fallback_reason, decided_by, decided_ms, decision_note, task_ids)
      VALUES (@id, @created_ms, @requester, @text, @planner, @status, @plan, @problems, @approval_reasons, @trace, @fallback_reason, @decided_by, @decided_ms, @decision_note, @task_ids)`).run({
      id: p.id, created_ms: p.createdMs, requester: p.requester, text: p.text, planner: p.planner, status: p.status,
      plan: p.plan ? JSON.stringify(p.plan) : null, problems: JSON.stringify(p.problems), approval_reasons: JSON.stringify(p.approvalReasons),
      trace: p.trace ? JSON.stringify(p.trace) : null, fallback_reason: p.fallbackReason, decided_by: p.decidedBy, decided_ms: p.decidedMs,
      decision_note: p.decisionNote, task_ids: JSON.stringify(p.taskIds),
    });
  }

  /** Records a decision only if the plan is still in `from`; false when someone else decided first. */
  decide(id: string, from: PlanStatus, to: PlanStatus, by: string, atMs: number, note: string | null, taskIds: string[] = [], problems?: PlanProblem[]): boolean {
    const info = this.db.prepare(`UPDATE plans SET status = ?, decided_by = ?, decided_ms = ?, decision_note = ?, task_ids = ?, problems = COALESCE(?, problems)
      WHERE id = ? AND status = ?`).run(to, by, atMs, note, JSON.stringify(taskIds), problems ? JSON.stringify(problems) : null, id, from);
    return info.changes === 1;
  }

  get(id: string): PlanRecord | null {
    const row = this.db.prepare('SELECT * FROM plans WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  list(query: { status?: PlanStatus; limit?: number } = {}): PlanRecord[] {
    const rows = query.status
      ? this.db.prepare('SELECT * FROM plans WHERE status = ? ORDER BY created_ms DESC, id DESC LIMIT ?').all(query.status, query.limit ?? 100)
      : this.db.prepare('SELECT * FROM plans ORDER BY created_ms DESC, id DESC LIMIT ?').all(query.limit ?? 100);
    return (rows as Row[]).map(fromRow);
  }
}
