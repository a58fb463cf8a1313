import type { JsonObject } from '../audit/index.js';
import type { ModuleMigration } from '../store/module-schema.js';
import type { Alert, AlertKind, AlertSeverity } from './alert-types.js';

export const ALERTS_MODULE = 'alerts';

export const ALERTS_MIGRATIONS: readonly ModuleMigration[] = [{
  version: 1,
  sql: `
    CREATE TABLE alerts (
      id TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL,
      severity TEXT NOT NULL,
      text_en TEXT NOT NULL,
      text_zh TEXT NOT NULL,
      bed TEXT,
      patient TEXT,
      task_id TEXT,
      robot TEXT,
      data TEXT,
      raised_at_ms INTEGER NOT NULL,
      ack_by TEXT,
      ack_by_name TEXT,
      ack_at_ms INTEGER,
      ack_note TEXT
    );
    CREATE INDEX alerts_open ON alerts (ack_at_ms, kind, task_id, bed);
    CREATE INDEX alerts_raised ON alerts (raised_at_ms);
  `,
}];

export interface AlertRow {
  id: string;
  kind: string;
  severity: string;
  text_en: string;
  text_zh: string;
  bed: string | null;
  patient: string | null;
  task_id: string | null;
  robot: string | null;
  data: string | null;
  raised_at_ms: number;
  ack_by: string | null;
  ack_by_name: string | null;
  ack_at_ms: number | null;
  ack_note: string | null;
}

export function alertFromRow(r: AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind as AlertKind,
    severity: r.severity as AlertSeverity,
    text: { en: r.text_en, 'zh-CN': r.text_zh },
    bed: r.bed,
    patient: r.patient,
    taskId: r.task_id,
    robot: r.robot,
    data: r.data === null ? null : (JSON.parse(r.data) as JsonObject),
    raisedAtMs: r.raised_at_ms,
    acknowledged: r.ack_at_ms === null ? null : { by: { username: r.ack_by ?? '', name: r.ack_by_name ?? '' }, atMs: r.ack_at_ms, note: r.ack_note },
  };
}

/** Most urgent first among open alerts. */
export const SEVERITY_ORDER_SQL = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 ELSE 2 END";
