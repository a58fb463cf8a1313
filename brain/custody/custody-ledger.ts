// The custody chain of every medication the robot carries: who authorised loading, who loaded it,
// how the patient was identified, who received it, or why it went back. Append-only; each entry is
// also written to the audit log in the same transaction, so the two can never disagree.
import type Database from 'better-sqlite3';
import { migrateModule } from '../store/module-schema.js';
import type { JsonObject } from '../store/types.js';

export const CUSTODY_KINDS = [
  /** A pharmacist (and for controlled drugs a witness) was accepted to load a drawer. */
  'load_authorized',
  /** The order's medication is in the drawer, which is locked. */
  'loaded',
  /** Wristband matched the order's patient and the patient confirmed name and birth date. */
  'patient_identified',
  /** Identification failed: wrong wristband, none read, or name/birth date not confirmed. */
  'identity_failed',
  /** A nurse signed in at the robot to receive this patient's medication. */
  'staff_authenticated',
  /** Someone signed in at the robot who may not receive it (wrong role, wrong PIN, unknown badge). */
  'staff_refused',
  /** The drawer guard opened a drawer; the authorization names the custody entries it relied on. */
  'drawer_unlocked',
  /** The nurse took the medication: the hand-off (a MedicationDispense). */
  'handed_over',
  /** Not handed over; the medication stays locked in the robot and goes back. */
  'not_delivered',
  /** The robot is back at the pharmacy with undelivered medication. */
  'returned',
  /** A pharmacist took returned medication back out of the robot. */
  'unloaded',
] as const;
export type CustodyKind = (typeof CUSTODY_KINDS)[number];

export interface CustodyEntry {
  seq: number;
  timeMs: number;
  taskId: string;
  runId: string;
  robot: string;
  drawer: number | null;
  orderId: string | null;
  patient: string | null;
  kind: CustodyKind;
  /** Username of the staff member, or `robot:<name>` / `system`. */
  actor: string;
  data: JsonObject;
}
export type NewCustodyEntry = Omit<CustodyEntry, 'seq' | 'timeMs'>;

export interface Dispense {
  orderId: string;
  taskId: string;
  status: string;
  timeMs: number;
  /** The FHIR R4 MedicationDispense resource. */
  resource: JsonObject;
}

/** What the ledger needs from the audit log: a synchronous append it can run inside its transaction. */
export interface AuditAppend {
  append(entry: { actor: { kind: 'staff' | 'robot' | 'system' | 'patient'; id: string }; action: string; subject: { type: string; id: string }; reason?: string; data?: JsonObject }): unknown;
}

const MIGRATIONS = [{
  version: 1,
  sql: `
    CREATE TABLE custody_events (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      time_ms INTEGER NOT NULL,
      task_id TEXT NOT NULL,
      run_id TEXT NOT NULL,
      robot TEXT NOT NULL,
      drawer INTEGER,
      order_id TEXT,
      patient TEXT,
      kind TEXT NOT NULL,
      actor TEXT NOT NULL,
      data TEXT NOT NULL CHECK (json_valid(data))
    );
    CREATE INDEX custody_by_task ON custody_events (task_id, seq);
    CREATE INDEX custody_by_order ON custody_events (order_id, seq);
    CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody_events BEGIN SELECT RAISE(ABORT, 'custody chain is append-only'); END;
    CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody_events BEGIN SELECT RAISE(ABORT, 'custody chain is append-only'); END;
    CREATE TABLE dispenses (
      order_id TEXT NOT NULL,
      task_id TEXT NOT NULL,
      status TEXT NOT NULL,
      time_ms INTEGER NOT NULL,
      resource TEXT NOT NULL CHECK (json_valid(resource)),
      PRIMARY KEY (order_id, task_id)
    );
  `,
}, {
  version: 2,
  // A patient's custody steps across deliveries (the dashboard's patient view).
  sql: 'CREATE INDEX custody_by_patient ON custody_events (patient, seq);',
}];

interface Row {
  seq: number; time_ms: number; task_id: string; run_id: string; robot: string; drawer: number | null;
  order_id: string | null; patient: string | null; kind: CustodyKind; actor: string; data: string;
}

export class CustodyLedger {
  constructor(private readonly db: Database.Database, private readonly audit: AuditAppend, private readonly now: () => number) {
    migrateModule(db, 'custody', MIGRATIONS);
  }

  record(entry: NewCustodyEntry, reason?: string): CustodyEntry {
    if (!(CUSTODY_KINDS as readonly string[]).includes(entry.kind)) throw new Error(`custody kind "${entry.kind}" is not one of ${CUSTODY_KINDS.join(', ')}`);
    const timeMs = this.now();
    return this.db.transaction(() => {
      const info = this.db.prepare(`INSERT INTO custody_events (time_ms, task_id, run_id, robot, drawer, order_id, patient, kind, actor, data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(timeMs, entry.taskId, entry.runId, entry.robot, entry.drawer, entry.orderId,
        entry.patient, entry.kind, entry.actor, JSON.stringify(entry.data));
      const seq = Number(info.lastInsertRowid);
      this.audit.append({
        actor: actorOf(entry.actor),
        action: `custody.${entry.kind}`,
        subject: { type: entry.orderId ? 'medication_request' : 'task', id: entry.orderId ?? entry.taskId },
        ...(reason ? { reason } : {}),
        data: { custody_seq: seq, task: entry.taskId, robot: entry.robot, drawer: entry.drawer, patient: entry.patient, ...entry.data },
      });
      return { ...entry, seq, timeMs };
    })();
  }

  /** Stores the FHIR MedicationDispense of a hand-off (or of a medication that went back). */
  recordDispense(d: Dispense): void {
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO dispenses (order_id, task_id, status, time_ms, resource) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (order_id, task_id) DO UPDATE SET status = excluded.status, time_ms = excluded.time_ms, resource = excluded.resource`)
        .run(d.orderId, d.taskId, d.status, d.timeMs, JSON.stringify(d.resource));
      this.audit.append({ actor: { kind: 'system', id: 'brain' }, action: 'dispense.recorded', subject: { type: 'medication_request', id: d.orderId }, data: { task: d.taskId, status: d.status } });
    })();
  }

  /** Custody steps in order; `patient` (a record number) gives the steps that name that patient. */
  entries(query: { taskId?: string; orderId?: string; patient?: string } = {}): CustodyEntry[] {
    const where: string[] = [];
    const args: string[] = [];
    if (query.taskId) { where.push('task_id = ?'); args.push(query.taskId); }
    if (query.orderId) { where.push('order_id = ?'); args.push(query.orderId); }
    if (query.patient) { where.push('patient = ?'); args.push(query.patient); }
    const rows = this.db.prepare(`SELECT * FROM custody_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`).all(...args) as Row[];
    return rows.map(fromRow);
  }

  dispenses(query: { taskId?: string; orderId?: string } = {}): Dispense[] {
    const where: string[] = [];
    const args: string[] = [];
    if (query.taskId) { where.push('task_id = ?'); args.push(query.taskId); }
    if (query.orderId) { where.push('order_id = ?'); args.push(query.orderId); }
    const rows = this.db.prepare(`SELECT * FROM dispenses ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time_ms`).all(...args) as
      { order_id: string; task_id: string; status: string; time_ms: number; resource: string }[];
    return rows.map((r) => ({ orderId: r.order_id, taskId: r.task_id, status: r.status, timeMs: r.time_ms, resource: JSON.parse(r.resource) as JsonObject }));
  }

  /**
   * Orders of a task that are in a drawer right now: loaded, and neither handed over nor unloaded since.
   * Read from the ledger, never from a workflow's memory, so a restarted brain sees the same.
   */
  carried(taskId: string): { orderId: string; patient: string; drawer: number }[] {
    const inDrawer = new Map<string, { orderId: string; patient: string; drawer: number }>();
    for (const e of this.entries({ taskId })) {
      if (!e.orderId) continue;
      if (e.kind === 'loaded' && e.drawer !== null && e.patient) inDrawer.set(e.orderId, { orderId: e.orderId, patient: e.patient, drawer: e.drawer });
      if (e.kind === 'handed_over' || e.kind === 'unloaded') inDrawer.delete(e.orderId);
    }
    return [...inDrawer.values()];
  }
}

function actorOf(actor: string): { kind: 'staff' | 'robot' | 'system'; id: string } {
  if (actor.startsWith('robot:')) return { kind: 'robot', id: actor.slice(6) };
  if (actor === 'system') return { kind: 'system', id: 'brain' };
  return { kind: 'staff', id: actor };
}

function fromRow(r: Row): CustodyEntry {
  return {
    seq: r.seq, timeMs: r.time_ms, taskId: r.task_id, runId: r.run_id, robot: r.robot, drawer: r.drawer, orderId: r.order_id,
    patient: r.patient, kind: r.kind, actor: r.actor, data: JSON.parse(r.data) as JsonObject,
  };
}
