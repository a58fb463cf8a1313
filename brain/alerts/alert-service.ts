// Things a person must answer: a patient in pain, a wristband that does not match, a drawer that
// needs loading. Raised by the brain's workflows, acknowledged by staff; each raise and each
// acknowledgement is written to the audit log in the same transaction as the alert itself.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { assertJson, canonicalJson, type AuditActor, type AuditSink } from '../audit/index.js';
import type { SignedInUser } from '../auth/index.js';
import type { BrainClock } from '../clock.js';
import { migrateModule } from '../store/module-schema.js';
import { alertFromRow, ALERTS_MIGRATIONS, ALERTS_MODULE, SEVERITY_ORDER_SQL, type AlertRow } from './alert-rows.js';
import {
  ALERT_KINDS, ALERT_SEVERITIES, AlertAlreadyAcknowledged, AlertInputError, AlertNotFound,
  type Alert, type AlertEvent, type AlertListener, type AlertQuery, type RaiseAlertInput,
} from './alert-types.js';

export interface AlertServiceOptions {
  clock: BrainClock;
  audit: AuditSink;
  logger?: Logger;
}

const MAX_TEXT = 500;
const MAX_ID = 200;

export class AlertService {
  private readonly listeners = new Set<AlertListener>();

  constructor(private readonly db: Database.Database, private readonly opts: AlertServiceOptions) {
    migrateModule(db, ALERTS_MODULE, ALERTS_MIGRATIONS);
  }

  /** Called after each raise and acknowledgement has been committed; returns a function that unsubscribes. */
  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: AlertEvent): void {
    for (const l of this.listeners) {
      // A failing listener (a closed socket, say) must not undo or hide a committed alert.
      try {
        l(event);
      } catch (err) {
        this.opts.logger?.error({ err, alert: event.alert.id }, `alert ${event.type} listener failed`);
      }
    }
  }

  private row(id: string): AlertRow | undefined {
    return this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
  }

  get(id: string): Alert | null {
    const r = this.row(id);
    return r ? alertFromRow(r) : null;
  }

  /**
   * Raises an alert, unless one of the same kind for the same task and bed is still open: then that
   * one is returned and nothing new is raised (a workflow retrying a step must not page the nurse twice).
   */
  raise(input: RaiseAlertInput, opts: { by?: AuditActor } = {}): Alert {
    checkRaise(input);
    const bed = input.bed ?? null;
    const taskId = input.taskId ?? null;
    const result = this.db.transaction((): { alert: Alert; fresh: boolean } => {
      const open = this.db.prepare('SELECT * FROM alerts WHERE ack_at_ms IS NULL AND kind = ? AND task_id IS ? AND bed IS ? LIMIT 1')
        .get(input.kind, taskId, bed) as AlertRow | undefined;
      if (open) return { alert: alertFromRow(open), fresh: false };
      const id = randomUUID();
      const now = Math.round(this.opts.clock.now());
      this.db.prepare(`INSERT INTO alerts (id, kind, severity, text_en, text_zh, bed, patient, task_id, robot, data, raised_at_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, input.kind, input.severity, input.text.en, input.text['zh-CN'], bed, input.patient ?? null, taskId, input.robot ?? null,
        input.data == null ? null : canonicalJson(input.data), now,
      );
      this.opts.audit.append({
        actor: opts.by ?? { kind: 'system', id: 'brain' },
        action: 'alert.raised',
        subject: { type: 'alert', id },
        data: { kind: input.kind, severity: input.severity, text: input.text.en, bed, patient: input.patient ?? null, taskId, robot: input.robot ?? null },
      });
      return { alert: alertFromRow(this.row(id) as AlertRow), fresh: true };
    })();
    if (result.fresh) this.emit({ type: 'raised', alert: result.alert });
    return result.alert;
  }

  acknowledge(id: string, user: SignedInUser, note?: string | null): Alert {
    if (note != null && (typeof note !== 'string' || note.length > MAX_TEXT)) throw new AlertInputError([{ field: 'note', detail: `must be text of at most ${MAX_TEXT} characters` }]);
    const trimmed = note?.trim() || null;
    const alert = this.db.transaction(() => {
      const before = this.row(id);
      if (!before) throw new AlertNotFound(id);
      if (before.ack_at_ms !== null) throw new AlertAlreadyAcknowledged(alertFromRow(before));
      const now = Math.round(this.opts.clock.now());
      this.db.prepare('UPDATE alerts SET ack_by = ?, ack_by_name = ?, ack_at_ms = ?, ack_note = ? WHERE id = ?').run(user.username, user.name, now, trimmed, id);
      this.opts.audit.append({
        actor: { kind: 'staff', id: user.username },
        action: 'alert.acknowledged',
        subject: { type: 'alert', id },
        ...(trimmed ? { reason: trimmed } : {}),
        data: { kind: before.kind, raisedAtMs: before.raised_at_ms, waitedMs: now - before.raised_at_ms },
      });
      return alertFromRow(this.row(id) as AlertRow);
    })();
    this.emit({ type: 'acknowledged', alert });
    return alert;
  }

  /** Unacknowledged alerts, most severe first, then oldest first. */
  open(): Alert[] {
    return (this.db.prepare(`SELECT * FROM alerts WHERE ack_at_ms IS NULL ORDER BY ${SEVERITY_ORDER_SQL}, raised_at_ms, id`).all() as AlertRow[]).map(alertFromRow);
  }

  /** Newest first. */
  list(q: AlertQuery = {}): Alert[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.since !== undefined) { where.push('raised_at_ms >= ?'); args.push(q.since); }
    if (q.kind !== undefined) { where.push('kind = ?'); args.push(q.kind); }
    if (q.includeAcknowledged === false) where.push('ack_at_ms IS NULL');
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.max(1, Math.min(1000, Math.floor(q.limit ?? 200)));
    return (this.db.prepare(`SELECT * FROM alerts ${filter} ORDER BY raised_at_ms DESC, id LIMIT ?`).all(...args, limit) as AlertRow[]).map(alertFromRow);
  }
}

function checkRaise(input: RaiseAlertInput): void {
  const problems: { field: string; detail: string }[] = [];
  if (!ALERT_KINDS.includes(input.kind)) problems.push({ field: 'kind', detail: `must be one of ${ALERT_KINDS.join(', ')}` });
  if (!ALERT_SEVERITIES.includes(input.severity)) problems.push({ field: 'severity', detail: `must be one of ${ALERT_SEVERITIES.join(', ')}` });
  for (const lang of ['en', 'zh-CN'] as const) {
    const t = input.text?.[lang];
    if (typeof t !== 'string' || t.trim() === '' || t.length > MAX_TEXT) problems.push({ field: `text.${lang}`, detail: `must be text of 1-${MAX_TEXT} characters` });
  }
  for (const f of ['bed', 'patient', 'taskId', 'robot'] as const) {
    const v = input[f];
    if (v != null && (typeof v !== 'string' || v === '' || v.length > MAX_ID)) problems.push({ field: f, detail: `must be a non-empty string of at most ${MAX_ID} characters, or absent` });
  }
  if (input.data != null) {
    if (typeof input.data !== 'object' || Array.isArray(input.data)) problems.push({ field: 'data', detail: 'must be a JSON object' });
    else {
      try {
        assertJson(input.data, 'data');
      } catch (err) {
        const [field, ...rest] = (err as Error).message.split(': ');
        problems.push({ field: field ?? 'data', detail: rest.join(': ') });
      }
    }
  }
  if (problems.length) throw new AlertInputError(problems);
}
