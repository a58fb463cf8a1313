// Alerts on the dashboard: any signed-in staff member reads them; clinical staff acknowledge them.
import type { FastifyInstance } from 'fastify';
import { rmfError, sendErrors } from '../api/errors.js';
import { errorResponses } from '../api/schemas.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireRole, requireUser, signedIn, type SignedInUser } from '../auth/index.js';
import type { AlertService } from './alert-service.js';
import type { JsonObject } from '../audit/index.js';
import {
  ALERT_KINDS, ALERT_SEVERITIES, AlertAlreadyAcknowledged, AlertInputError, AlertNotFound,
  type Alert, type AlertKind, type AlertSeverity, type AlertText,
} from './alert-types.js';

export interface AlertRoutesDeps {
  alerts: AlertService;
  /**
   * How an alert is shown to a user who may not see patient identifiers (an engineer-only account).
   * Default: the patient's record number is removed. Alert text is written by the brain's workflows
   * and must already name beds, not patients.
   */
  redact?: (alert: Alert, user: SignedInUser) => Alert;
}

/** An alert as the API answers it (REST and the socket.io `alert` / `alert_acknowledged` events): snake_case. */
export interface WireAlert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  text: AlertText;
  bed: string | null;
  /** Record number; null for users who may not see patient identifiers. */
  patient: string | null;
  task_id: string | null;
  robot: string | null;
  data: JsonObject | null;
  raised_at_ms: number;
  acknowledged: { by: { username: string; name: string }; at_ms: number; note: string | null } | null;
}

/** The one place an alert turns into its wire shape. */
export function alertToWire(a: Alert): WireAlert {
  const ack = a.acknowledged;
  return {
    id: a.id, kind: a.kind, severity: a.severity, text: a.text, bed: a.bed, patient: a.patient, task_id: a.taskId, robot: a.robot,
    data: a.data, raised_at_ms: a.raisedAtMs,
    acknowledged: ack && { by: { username: ack.by.username, name: ack.by.name }, at_ms: ack.atMs, note: ack.note },
  };
}

const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
export const AlertSchema = {
  type: 'object',
  required: ['id', 'kind', 'severity', 'text', 'bed', 'patient', 'task_id', 'robot', 'data', 'raised_at_ms', 'acknowledged'],
  properties: {
    id: str,
    kind: { type: 'string', enum: [...ALERT_KINDS] },
    severity: { type: 'string', enum: [...ALERT_SEVERITIES] },
    text: { type: 'object', required: ['en', 'zh-CN'], properties: { en: str, 'zh-CN': str } },
    bed: nullableStr,
    patient: { ...nullableStr, description: 'record number; null for users who may not see patient identifiers' },
    task_id: nullableStr,
    robot: nullableStr,
    data: { type: ['object', 'null'], additionalProperties: true },
    raised_at_ms: { type: 'integer', description: 'Unix ms' },
    acknowledged: {
      type: ['object', 'null'], required: ['by', 'at_ms', 'note'],
      properties: {
        by: { type: 'object', required: ['username', 'name'], properties: { username: str, name: str } },
        at_ms: { type: 'integer', description: 'Unix ms' },
        note: nullableStr,
      },
    },
  },
} as const;

const withoutPatient = (alert: Alert): Alert => ({ ...alert, patient: null });

export function registerAlertRoutes(app: FastifyInstance, deps: AlertRoutesDeps): void {
  const redact = deps.redact ?? withoutPatient;
  const shown = (alert: Alert, user: SignedInUser) => alertToWire(canSeePatientIdentifiers(user) ? alert : redact(alert, user));

  app.get<{ Querystring: { open?: boolean; kind?: AlertKind; since?: number; limit: number } }>('/api/alerts', {
    schema: {
      tags: ['alerts'],
      summary: 'Alerts: with open=true the unacknowledged ones, most severe and oldest first; otherwise all, newest first',
      security: BEARER_SECURITY,
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          open: { type: 'boolean' },
          kind: { type: 'string', enum: [...ALERT_KINDS] },
          since: { type: 'integer', minimum: 0, description: 'raised at or after this time (Unix ms)' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
        },
      },
      response: { 200: { type: 'object', required: ['alerts'], properties: { alerts: { type: 'array', items: AlertSchema } } }, ...errorResponses(400, 401) },
    },
    preHandler: requireUser(),
  }, async (request) => {
    const user = signedIn(request);
    const { open, kind, since, limit } = request.query;
    const list = open
      ? deps.alerts.open().filter((a) => (kind === undefined || a.kind === kind) && (since === undefined || a.raisedAtMs >= since)).slice(0, limit)
      : deps.alerts.list({ ...(kind ? { kind } : {}), ...(since !== undefined ? { since } : {}), includeAcknowledged: true, limit });
    return { alerts: list.map((a) => shown(a, user)) };
  });

  app.post<{ Params: { id: string }; Body: { note?: string } | null | undefined }>('/api/alerts/:id/acknowledge', {
    schema: {
      tags: ['alerts'],
      summary: 'Acknowledge an alert: I have seen it and I am dealing with it (nurses, pharmacists, ward managers)',
      security: BEARER_SECURITY,
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } },
      body: { type: 'object', nullable: true, additionalProperties: false, properties: { note: { type: 'string', maxLength: 500 } } },
      response: { 200: { type: 'object', required: ['alert'], properties: { alert: AlertSchema } }, ...errorResponses(400, 401, 403, 404, 409) },
    },
    preHandler: requireRole('nurse', 'pharmacist', 'ward_manager'),
  }, async (request, reply) => {
    const user = signedIn(request);
    try {
      return { alert: shown(deps.alerts.acknowledge(request.params.id, user, request.body?.note), user) };
    } catch (err) {
      if (err instanceof AlertNotFound) return sendErrors(reply, [rmfError('not_found', err.message)]);
      if (err instanceof AlertAlreadyAcknowledged) return sendErrors(reply, [rmfError('conflict', err.message)]);
      if (err instanceof AlertInputError) return sendErrors(reply, err.problems.map((p) => rmfError('invalid_request', `body.${p.field}: ${p.detail}`)));
      throw err;
    }
  });
}
