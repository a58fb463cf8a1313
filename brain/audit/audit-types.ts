import type { JsonObject } from './canonical-json.js';

export const ACTOR_KINDS = ['staff', 'robot', 'system', 'patient'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface AuditActor {
  kind: ActorKind;
  /** Username, robot name, 'brain', or a patient's record number. */
  id: string;
}

export interface AuditInput {
  actor: AuditActor;
  /** What happened, dotted lower case: 'account.created', 'alert.acknowledged', 'task.dispatched'. */
  action: string;
  subject: { type: string; id: string };
  reason?: string;
  data?: JsonObject;
}

export interface AuditEntry {
  seq: number;
  timeMs: number;
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  reason: string | null;
  data: JsonObject | null;
  /** Hash of the entry before; 64 zeros for the first. */
  prevHash: string;
  /** SHA-256 hex of the canonical JSON of every field above. */
  hash: string;
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  /** Actor id (username, robot name, ...). */
  actor?: string;
  actorKind?: ActorKind;
  /** Only entries after this seq (for paging forward). */
  sinceSeq?: number;
  /** Only entries before this seq (for paging back from the latest). */
  beforeSeq?: number;
  /** The action, exactly ('alert.acknowledged'), or every action starting with it when it ends in '*' ('custody.*'). */
  action?: string;
  /** Only entries at or after / at or before these times (Unix ms). */
  fromMs?: number;
  toMs?: number;
  /**
   * Words to find, case-insensitively, in the action, actor id, subject type and id, and reason; every
   * word must be found somewhere. The entry's data is searched too only when `textInData` is set (it
   * may name patients, which some readers may not search for).
   */
  text?: string;
  textInData?: boolean;
  limit: number;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  firstBroken?: { seq: number; reason: string };
}

/** Appends entries; what other brain parts depend on, so a test can hand them a fake. */
export interface AuditSink {
  append(input: AuditInput): AuditEntry;
}

export const GENESIS_HASH = '0'.repeat(64);
