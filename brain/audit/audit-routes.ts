// Reading the audit log and checking its chain: ward managers and engineers.
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../api/schemas.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireRole, signedIn } from '../auth/index.js';
import type { AuditLog } from './audit-log.js';
import { ACTOR_KINDS, type ActorKind, type AuditEntry } from './audit-types.js';

export interface AuditRoutesDeps {
  audit: AuditLog;
  /**
   * Applied to each entry shown to a user who may not see patient identifiers (an engineer-only
   * account), e.g. to replace record numbers and names in `data` with tokens. Without it such users
   * see entries as stored.
   */
  redact?: (entry: AuditEntry) => AuditEntry;
}

const str = { type: 'string' } as const;
export const AuditEntrySchema = {
  type: 'object',
  required: ['seq', 'timeMs', 'actor', 'action', 'subject', 'reason', 'data', 'prevHash', 'hash'],
  properties: {
    seq: { type: 'integer' },
    timeMs: { type: 'integer' },
    actor: { type: 'object', required: ['kind', 'id'], properties: { kind: { type: 'string', enum: [...ACTOR_KINDS] }, id: str } },
    action: str,
    subject: { type: 'object', required: ['type', 'id'], properties: { type: str, id: str } },
    reason: { type: ['string', 'null'] },
    data: { type: ['object', 'null'], additionalProperties: true },
    prevHash: str,
    hash: { ...str, description: 'SHA-256 hex of the canonical JSON (sorted keys) of every other field' },
  },
} as const;

export function registerAuditRoutes(app: FastifyInstance, deps: AuditRoutesDeps): void {
  const readers = requireRole('ward_manager', 'engineer');

  app.get<{ Querystring: { subjectType?: string; subjectId?: string; actor?: string; actorKind?: ActorKind; sinceSeq?: number; limit: number } }>('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Audit entries in seq order: after sinceSeq when given, else the latest (ward managers, engineers)',
      security: BEARER_SECURITY,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          subjectType: { type: 'string', maxLength: 100, description: 'e.g. account, alert, task' },
          subjectId: { type: 'string', maxLength: 200 },
          actor: { type: 'string', maxLength: 200, description: 'actor id: a username, a robot name, ...' },
          actorKind: { type: 'string', enum: [...ACTOR_KINDS] },
          sinceSeq: { type: 'integer', minimum: 0 },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
        },
      },
      response: { 200: { type: 'object', required: ['entries'], properties: { entries: { type: 'array', items: AuditEntrySchema } } }, ...errorResponses(400, 401, 403) },
    },
    preHandler: readers,
  }, async (request) => {
    const entries = deps.audit.entries(request.query);
    const redact = deps.redact;
    return { entries: redact && !canSeePatientIdentifiers(signedIn(request)) ? entries.map((e) => redact(e)) : entries };
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
            firstBroken: { type: 'object', required: ['seq', 'reason'], properties: { seq: { type: 'integer' }, reason: str } },
          },
        },
        ...errorResponses(401, 403),
      },
    },
    preHandler: readers,
  }, async () => deps.audit.verify());
}
