// Reading the audit log and checking its chain: ward managers and engineers.
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../api/schemas.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireRole, signedIn } from '../auth/index.js';
import type { AuditLog } from './audit-log.js';
import type { JsonObject } from './canonical-json.js';
import { ACTOR_KINDS, type ActorKind, type AuditActor, type AuditEntry, type VerifyReport } from './audit-types.js';

export interface AuditRoutesDeps {
  audit: AuditLog;
  /**
   * Applied to each entry shown to a user who may not see patient identifiers (an engineer-only
   * account), e.g. to replace record numbers and names in `data` with tokens. Without it such users
   * see entries as stored.
   */
  redact?: (entry: AuditEntry) => AuditEntry;
}

/** An audit entry as the API answers it: snake_case. */
export interface WireAuditEntry {
  seq: number;
  time_ms: number;
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string };
  reason: string | null;
  data: JsonObject | null;
  prev_hash: string;
  hash: string;
}

export interface WireVerifyReport {
  ok: boolean;
  entries: number;
  first_broken?: { seq: number; reason: string };
}

export const auditEntryToWire = (e: AuditEntry): WireAuditEntry => ({
  seq: e.seq, time_ms: e.timeMs, actor: { kind: e.actor.kind, id: e.actor.id }, action: e.action,
  subject: { type: e.subject.type, id: e.subject.id }, reason: e.reason, data: e.data, prev_hash: e.prevHash, hash: e.hash,
});

export const verifyReportToWire = (r: VerifyReport): WireVerifyReport =>
  ({ ok: r.ok, entries: r.entries, ...(r.firstBroken ? { first_broken: { seq: r.firstBroken.seq, reason: r.firstBroken.reason } } : {}) });

const str = { type: 'string' } as const;
export const AuditEntrySchema = {
  type: 'object',
  required: ['seq', 'time_ms', 'actor', 'action', 'subject', 'reason', 'data', 'prev_hash', 'hash'],
  properties: {
    seq: { type: 'integer' },
    time_ms: { type: 'integer', description: 'Unix ms' },
    actor: { type: 'object', required: ['kind', 'id'], properties: { kind: { type: 'string', enum: [...ACTOR_KINDS] }, id: str } },
    action: str,
    subject: { type: 'object', required: ['type', 'id'], properties: { type: str, id: str } },
    reason: { type: ['string', 'null'] },
    data: { type: ['object', 'null'], additionalProperties: true },
    prev_hash: str,
    hash: {
      ...str,
      description: 'SHA-256 hex of the canonical JSON (sorted keys) of every other field, as the brain stores them: '
        + 'seq, timeMs, actor, action, subject, reason, data, prevHash',
    },
  },
} as const;

/** The query string of `GET /api/audit`. */
export interface AuditSearch {
  subject_type?: string;
  subject_id?: string;
  actor?: string;
  actor_kind?: ActorKind;
  since_seq?: number;
  before_seq?: number;
  action?: string;
  q?: string;
  from_ms?: number;
  to_ms?: number;
  limit: number;
}

export function registerAuditRoutes(app: FastifyInstance, deps: AuditRoutesDeps): void {
  const readers = requireRole('ward_manager', 'engineer');

  app.get<{ Querystring: AuditSearch }>('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Audit entries in seq order that match every filter given: after since_seq when given, else the latest (before before_seq) (ward managers, engineers)',
      security: BEARER_SECURITY,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          subject_type: { type: 'string', maxLength: 100, description: 'e.g. account, alert, task' },
          subject_id: { type: 'string', maxLength: 200 },
          actor: { type: 'string', maxLength: 200, description: 'actor id: a username, a robot name, ...' },
          actor_kind: { type: 'string', enum: [...ACTOR_KINDS] },
          since_seq: { type: 'integer', minimum: 0 },
          before_seq: { type: 'integer', minimum: 1, description: 'only entries before this seq: the next page back from the latest' },
          action: { type: 'string', minLength: 1, maxLength: 100, description: 'an action (alert.acknowledged), or a prefix ending in * (custody.*)' },
          q: {
            type: 'string', maxLength: 200,
            description: 'words to find (case-insensitive, all of them) in the action, actor, subject and reason; in the data too for readers who may see patient identifiers',
          },
          from_ms: { type: 'integer', minimum: 0, description: 'only entries at or after this time (Unix ms)' },
          to_ms: { type: 'integer', minimum: 0, description: 'only entries at or before this time (Unix ms)' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
      response: { 200: { type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: AuditEntrySchema } } }, ...errorResponses(400, 401, 403) },
    },
    preHandler: readers,
  }, async (request) => {
    const q = request.query;
    const clinical = canSeePatientIdentifiers(signedIn(request));
    const entries = deps.audit.entries({
      ...(q.subject_type !== undefined ? { subjectType: q.subject_type } : {}),
      ...(q.subject_id !== undefined ? { subjectId: q.subject_id } : {}),
      ...(q.actor !== undefined ? { actor: q.actor } : {}),
      ...(q.actor_kind !== undefined ? { actorKind: q.actor_kind } : {}),
      ...(q.since_seq !== undefined ? { sinceSeq: q.since_seq } : {}),
      ...(q.before_seq !== undefined ? { beforeSeq: q.before_seq } : {}),
      ...(q.action !== undefined ? { action: q.action } : {}),
      ...(q.from_ms !== undefined ? { fromMs: q.from_ms } : {}),
      ...(q.to_ms !== undefined ? { toMs: q.to_ms } : {}),
      // Readers who see entries redacted may not find them by what the redaction hides.
      ...(q.q !== undefined ? { text: q.q, textInData: clinical || !deps.redact } : {}),
      limit: q.limit,
    });
    const redact = deps.redact;
    const shown = redact && !clinical ? entries.map((e) => redact(e)) : entries;
    return { entries: shown.map(auditEntryToWire) };
  });

  app.get('/api/audit/verify', {
    schema: {
      tags: ['audit'],
      summary: 'Recompute every hash of the audit log and report the first broken link, if any (ward managers, engineers)',
      security: BEARER_SECURITY,
      response: {
        200: {
          type: 'object', required: ['ok', 'entries'],
          properties: {
            ok: { type: 'boolean' },
            entries: { type: 'integer' },
            first_broken: { type: 'object', required: ['seq', 'reason'], properties: { seq: { type: 'integer' }, reason: str } },
          },
        },
        ...errorResponses(401, 403),
      },
    },
    preHandler: readers,
  }, async () => verifyReportToWire(deps.audit.verify()));
}
