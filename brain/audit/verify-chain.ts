// Walks the whole audit log, one row at a time (a ward's log grows for years), recomputing each
// hash and checking that seqs run 1, 2, 3, ... and that each entry names the hash of the one before.
import type Database from 'better-sqlite3';
import { AUDIT_COLUMNS, entryFromRow, type AuditRow } from './audit-rows.js';
import { GENESIS_HASH, type AuditEntry, type VerifyReport } from './audit-types.js';
import { entryHash } from './entry-hash.js';

export function verifyAuditChain(db: Database.Database): VerifyReport {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let firstBroken: VerifyReport['firstBroken'];
  const rows = db.prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`).iterate() as IterableIterator<AuditRow>;
  for (const row of rows) {
    firstBroken = checkRow(row, expectedSeq, prevHash);
    if (firstBroken) break;
    expectedSeq = row.seq + 1;
    prevHash = row.hash;
  }
  const { n } = db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number };
  return firstBroken ? { ok: false, entries: n, firstBroken } : { ok: true, entries: n };
}

function checkRow(row: AuditRow, expectedSeq: number, prevHash: string): VerifyReport['firstBroken'] {
  if (row.seq !== expectedSeq) {
    return row.seq > expectedSeq
      ? { seq: expectedSeq, reason: `entry ${expectedSeq} is missing: the entry after ${expectedSeq - 1} is ${row.seq}` }
      : { seq: row.seq, reason: `seq ${row.seq} is out of order: expected ${expectedSeq}` };
  }
  if (row.prev_hash !== prevHash) {
    return { seq: row.seq, reason: expectedSeq === 1 ? 'prevHash of the first entry is not the genesis hash (64 zeros)' : `prevHash does not match the hash of entry ${expectedSeq - 1}` };
  }
  let entry: AuditEntry;
  try {
    entry = entryFromRow(row);
  } catch {
    return { seq: row.seq, reason: 'data is not valid JSON' };
  }
  if (entryHash(entry) !== row.hash) return { seq: row.seq, reason: 'hash does not match the entry\'s contents: the entry was changed after it was written' };
  return undefined;
}
