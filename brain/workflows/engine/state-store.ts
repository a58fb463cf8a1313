// Where a workflow keeps its progress between steps, so that a brain that restarts mid-task knows
// what was done, what the robot carries, and what must happen to make things safe.
import type Database from 'better-sqlite3';
import { migrateModule } from '../../store/module-schema.js';
import type { JsonObject } from '../../store/types.js';

const MIGRATIONS = [{
  version: 1,
  sql: `
    CREATE TABLE workflow_state (
      task_id TEXT PRIMARY KEY NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
      robot TEXT NOT NULL,
      state TEXT NOT NULL CHECK (json_valid(state)),
      updated_ms INTEGER NOT NULL
    );
  `,
}];

export class WorkflowStateStore {
  constructor(private readonly db: Database.Database, private readonly now: () => number) {
    migrateModule(db, 'workflows', MIGRATIONS);
  }

  save(taskId: string, robot: string, state: JsonObject): void {
    this.db.prepare(`INSERT INTO workflow_state (task_id, robot, state, updated_ms) VALUES (?, ?, ?, ?)
      ON CONFLICT (task_id) DO UPDATE SET robot = excluded.robot, state = excluded.state, updated_ms = excluded.updated_ms`)
      .run(taskId, robot, JSON.stringify(state), this.now());
  }

  load(taskId: string): { robot: string; state: JsonObject } | null {
    const row = this.db.prepare('SELECT robot, state FROM workflow_state WHERE task_id = ?').get(taskId) as { robot: string; state: string } | undefined;
    return row ? { robot: row.robot, state: JSON.parse(row.state) as JsonObject } : null;
  }

  clear(taskId: string): void {
    this.db.prepare('DELETE FROM workflow_state WHERE task_id = ?').run(taskId);
  }
}
