// Append-only, hash-chained record of who did what to whom: account changes, sign-ins, alerts,
// task steps. Each entry carries the hash of the one before, so a changed, removed or reordered
// entry breaks the chain at that point and `verify()` says where.
import type Database from 'better-sqlite3';
import type { BrainClock } from '../clock.js';
import { migrateModule } from '../store/module-schema.js';
import { assertJson, canonicalJson } from './canonical-json.js';
import { AUDIT_COLUMNS, AUDIT_MIGRATIONS, AUDIT_MODULE, entryFromRow, type AuditRow } from './audit-rows.js';
import {
  ACTOR_KINDS, GENESIS_HASH, type AuditEntry, type AuditInput, type AuditQuery, type AuditSink, type VerifyReport,
} from './audit-types.js';
import { entryHash } from './entry-hash.js';
import { verifyAuditChain } from './verify-chain.js';

export class AuditInputError extends Error {
  override readonly name = 'AuditInputError';
}

const MAX_TEXT = 1000;

export class AuditLog implements AuditSink {
  private readonly lastStmt: Database.Statement;
  private readonly insertStmt: Database.Statement;
  private readonly appendTx: (input: AuditInput) => AuditEntry;

  constructor(private readonly db: Database.Database, private readonly opts: { clock: BrainClock }) {
    migrateModule(db, AUDIT_MODULE, AUDIT_MIGRATIONS);
    this.lastStmt = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insertStmt = db.prepare(`INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.appendTx = db.transaction((input: AuditInput) => this.appendNow(input));
  }

  /**
   * Synchronous on purpose (better-sqlite3): a caller that changes its own tables appends inside its
   * own `db.transaction`, so the change and its audit entry are committed together or not at all.
   * Outside a transaction it runs in one of its own (reading the last hash and writing the next entry
   * must not interleave with another writer).
   */
  append(input: AuditInput): AuditEntry {
    checkInput(input);
    return this.appendTx(input);
  }

  private appendNow(input: AuditInput): AuditEntry {
    const last = this.lastStmt.get() as { seq: number; hash: string } | undefined;
    const data = input.data === undefined ? null : (JSON.parse(canonicalJson(input.data)) as AuditEntry['data']);
    const unhashed: Omit<AuditEntry, 'hash'> = {
      seq: (last?.seq ?? 0) + 1,
      timeMs: Math.round(this.opts.clock.now()),
      actor: { kind: input.actor.kind, id: input.actor.id },
      action: input.action,
      subject: { type: input.subject.type, id: input.subject.id },
      reason: input.reason ?? null,
      data,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const entry: AuditEntry = { ...unhashed, hash: entryHash(unhashed) };
    this.insertStmt.run(
      entry.seq, entry.timeMs, entry.actor.kind, entry.actor.id, entry.action, entry.subject.type, entry.subject.id,
      entry.reason, data === null ? null : canonicalJson(data), entry.prevHash, entry.hash,
    );
    return entry;
  }

  /** Entries in seq order: after `sinceSeq` when given (paging forward), else the latest `limit` (before `beforeSeq` if given) that match. */
  entries(q: AuditQuery): AuditEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.subjectType !== undefined) { where.push('subject_type = ?'); args.push(q.subjectType); }
    if (q.subjectId !== undefined) { where.push('subject_id = ?'); args.push(q.subjectId); }
    if (q.actor !== undefined) { where.push('actor_id = ?'); args.push(q.actor); }
    if (q.actorKind !== undefined) { where.push('actor_kind = ?'); args.push(q.actorKind); }
    if (q.sinceSeq !== undefined) { where.push('seq > ?'); args.push(q.sinceSeq); }
    if (q.beforeSeq !== undefined) { where.push('seq < ?'); args.push(q.beforeSeq); }
    if (q.action !== undefined) {
      if (q.action.endsWith('*')) { where.push('substr(action, 1, ?) = ?'); args.push(q.action.length - 1, q.action.slice(0, -1)); }
      else { where.push('action = ?'); args.push(q.action); }
    }
    if (q.fromMs !== undefined) { where.push('time_ms >= ?'); args.push(q.fromMs); }
    if (q.toMs !== undefined) { where.push('time_ms <= ?'); args.push(q.toMs); }
    // instr, not LIKE: nothing a reader types (%, _) is read as a pattern.
    const fields = ['action', 'actor_id', 'subject_type', 'subject_id', "coalesce(reason, '')", ...(q.textInData ? ["coalesce(data, '')"] : [])];
    for (const word of searchWords(q.text)) {
      where.push(`(${fields.map((f) => `instr(lower(${f}), ?) > 0`).join(' OR ')})`);
      args.push(...fields.map(() => word));
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = q.sinceSeq !== undefined ? 'ASC' : 'DESC';
    const rows = this.db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${filter} ORDER BY seq ${order} LIMIT ?`)
      .all(...args, Math.max(1, Math.floor(q.limit))) as AuditRow[];
    if (order === 'DESC') rows.reverse();
    return rows.map(entryFromRow);
  }

  verify(): VerifyReport {
    return verifyAuditChain(this.db);
  }
}

/** The words of a search, lower case (SQLite's lower() folds ASCII only; Chinese has no case). */
function searchWords(text: string | undefined): string[] {
  return (text ?? '').toLowerCase().split(/\s+/).filter((w) => w !== '').slice(0, 10);
}

function checkInput(input: AuditInput): void {
  if (!ACTOR_KINDS.includes(input.actor?.kind)) throw new AuditInputError(`actor.kind: must be one of ${ACTOR_KINDS.join(', ')}`);
  text(input.actor.id, 'actor.id');
  text(input.action, 'action');
  text(input.subject?.type, 'subject.type');
  text(input.subject.id, 'subject.id');
  if (input.reason !== undefined) text(input.reason, 'reason');
  if (input.data !== undefined) {
    if (input.data === null || typeof input.data !== 'object' || Array.isArray(input.data)) throw new AuditInputError('data: must be a JSON object');
    try {
      assertJson(input.data, 'data');
    } catch (err) {
      throw new AuditInputError((err as Error).message);
    }
  }
}

function text(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT) {
    throw new AuditInputError(`${field}: must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
}
