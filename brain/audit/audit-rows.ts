// The audit_log table: its migrations and how a row maps to an entry.
import type { ModuleMigration } from '../store/module-schema.js';
import type { JsonObject } from './canonical-json.js';
import type { ActorKind, AuditEntry } from './audit-types.js';

export const AUDIT_MODULE = 'audit';

export const AUDIT_MIGRATIONS: readonly ModuleMigration[] = [{
  version: 1,
  sql: `
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY NOT NULL,
      time_ms INTEGER NOT NULL,
      actor_kind TEXT NOT NULL,
      actor_id TEXT NOT NULL,
      action TEXT NOT NULL,
      subject_type TEXT NOT NULL,
      subject_id TEXT NOT NULL,
      reason TEXT,
      data TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, seq);
    CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
    -- The hash chain detects tampering; these make the honest path unable to tamper at all.
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
}];

export interface AuditRow {
  seq: number;
  time_ms: number;
  actor_kind: string;
  actor_id: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  data: string | null;
  prev_hash: string;
  hash: string;
}

export const AUDIT_COLUMNS = 'seq, time_ms, actor_kind, actor_id, action, subject_type, subject_id, reason, data, prev_hash, hash';

/** Throws SyntaxError if `data` is not JSON (only a tampered row can hold that). */
export function entryFromRow(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    timeMs: r.time_ms,
    actor: { kind: r.actor_kind as ActorKind, id: r.actor_id },
    action: r.action,
    subject: { type: r.subject_type, id: r.subject_id },
    reason: r.reason,
    data: r.data === null ? null : (JSON.parse(r.data) as JsonObject),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}
