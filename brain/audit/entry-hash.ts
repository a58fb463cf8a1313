import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json.js';
import type { AuditEntry } from './audit-types.js';

/** The digest that chains the log: every field of the entry (prevHash included), hash excepted. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  const body: JsonValue = {
    seq: e.seq, timeMs: e.timeMs, actor: { kind: e.actor.kind, id: e.actor.id }, action: e.action,
    subject: { type: e.subject.type, id: e.subject.id }, reason: e.reason, data: e.data, prevHash: e.prevHash,
  };
  return createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
}
