// The ward's people and medication: patients and orders (identifiers hidden from engineer-only
// accounts), FHIR R4 bundles in, custody records out, and the staff inputs a running task waits for.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { MedicationOrder, Patient } from '../../../robot/index.js';
import { BEARER_SECURITY, canSeePatientIdentifiers, requireRole, requireUser, ROUND_READER_ROLES, signedIn } from '../../auth/index.js';
import type { JsonObject } from '../../store/types.js';
import { TaskAlreadyFinished, TaskNotFound, TaskNotWaiting } from '../../tasks/task-service.js';
import { FhirBundleError, parseFhirBundle, WardValidationError } from '../../ward/index.js';
import { rmfError, sendErrors } from '../errors.js';
import { errorResponses } from '../schemas.js';
import type { ApiContext } from './context.js';
import { summaryText } from '../../workflows/round/round-summary.js';
import { alertToWire } from '../../alerts/index.js';
import type { CustodyEntry, CustodyKind } from '../../custody/custody-ledger.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
const open = { type: 'object', additionalProperties: true } as const;

/** A custody entry as `GET /api/tasks/:id/custody` answers it (snake_case, like the rest of the API). */
export interface WireCustodyEntry {
  seq: number;
  time_ms: number;
  task_id: string;
  run_id: string;
  robot: string;
  drawer: number | null;
  order_id: string | null;
  patient: string | null;
  kind: CustodyKind;
  actor: string;
  data: JsonObject;
}

export const custodyToWire = (e: CustodyEntry): WireCustodyEntry => ({
  seq: e.seq, time_ms: e.timeMs, task_id: e.taskId, run_id: e.runId, robot: e.robot, drawer: e.drawer,
  order_id: e.orderId, patient: e.patient, kind: e.kind, actor: e.actor, data: e.data,
});

export function registerWardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { records, custody } = ctx.wardServices;
  const alias = (mrn: string) => ctx.wardServices.pseudonyms.of(mrn);
  const showPatient = (request: FastifyRequest, p: Patient) => canSeePatientIdentifiers(signedIn(request))
    ? { record_number: p.recordNumber, name: p.name, other_names: p.otherNames, birth_date: p.birthDate, wristband: p.wristband, bed: p.bed, language: p.language, conditions: p.conditions, allergies: p.allergies }
    : { record_number: alias(p.recordNumber), name: alias(p.recordNumber), bed: p.bed, language: p.language, conditions: p.conditions, allergies: p.allergies };
  const showOrder = (request: FastifyRequest, o: MedicationOrder) => ({
    id: o.id, patient: canSeePatientIdentifiers(signedIn(request)) ? o.patient : alias(o.patient),
    medication: o.medication, dosage: o.dosage, status: o.status, controlled: o.controlled,
  });

  app.get('/api/patients', {
    preHandler: requireUser(),
    schema: { security: BEARER_SECURITY, tags: ['ward'], summary: 'Patients of the ward with their beds (pseudonyms for engineer-only accounts)', response: { 200: { type: 'object', properties: { patients: { type: 'array', items: open } } }, ...errorResponses(401) } },
  }, async (request) => ({ patients: records.patients().map((p) => showPatient(request, p)) }));

  app.get<{ Querystring: { status?: string; patient?: string } }>('/api/orders', {
    preHandler: requireUser(),
    schema: {
      security: BEARER_SECURITY,
      tags: ['ward'], summary: 'Medication orders (FHIR MedicationRequest fields)',
      querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', maxLength: 40 }, patient: { type: 'string', maxLength: 100 } } },
      response: { 200: { type: 'object', properties: { orders: { type: 'array', items: open } } }, ...errorResponses(400, 401) },
    },
  }, async (request) => {
    const { status, patient } = request.query;
    const orders = records.orders({ ...(status ? { status: status as MedicationOrder['status'] } : {}), ...(patient ? { patient } : {}) });
    return { orders: orders.map((o) => showOrder(request, o)) };
  });

  app.post('/api/fhir', {
    preHandler: requireRole('ward_manager', 'pharmacist'),
    schema: {
      security: BEARER_SECURITY,
      tags: ['ward'], summary: 'Import a FHIR R4 Bundle (Patient, Location, Encounter, MedicationRequest): all or nothing',
      body: open, response: { 200: open, ...errorResponses(400, 401, 403) },
    },
  }, async (request, reply) => {
    try {
      const parsed = parseFhirBundle(request.body, ctx.ward);
      const counts = records.importPeople(parsed.people);
      ctx.wardServices.audit.append({ actor: { kind: 'staff', id: signedIn(request).username }, action: 'ward.fhir_import', subject: { type: 'bundle', id: String((request.body as JsonObject).id ?? 'bundle') }, data: { ...counts } as never });
      return { success: true, imported: counts, warnings: parsed.warnings };
    } catch (err) {
      if (err instanceof FhirBundleError || err instanceof WardValidationError) return sendErrors(reply, [rmfError('invalid_request', err.message)]);
      throw err;
    }
  });

  app.get<{ Params: { id: string } }>('/api/tasks/:id/custody', {
    preHandler: requireRole('nurse', 'pharmacist', 'ward_manager'),
    schema: {
      security: BEARER_SECURITY,
      tags: ['custody'], summary: 'The custody chain of a delivery and its FHIR MedicationDispense records', params: idParams,
      response: { 200: { type: 'object', properties: { task_id: { type: 'string' }, custody: { type: 'array', items: open }, dispenses: { type: 'array', items: open } } }, ...errorResponses(401, 403) },
    },
  }, async (request) => ({
    task_id: request.params.id,
    custody: custody.entries({ taskId: request.params.id }).map(custodyToWire),
    dispenses: custody.dispenses({ taskId: request.params.id }).map((d) => d.resource),
  }));

  app.get<{ Params: { taskId: string } }>('/api/rounds/:taskId', {
    preHandler: requireRole(...ROUND_READER_ROLES),
    schema: {
      security: BEARER_SECURITY,
      tags: ['ward'], summary: 'A ward round\'s summary per patient: answers, alerts, and a readable text in en and zh-CN',
      params: { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', minLength: 1, maxLength: 200 } } },
      response: { 200: open, ...errorResponses(401, 403) },
    },
  }, async (request) => {
    const summary = ctx.rounds.summary(request.params.taskId);
    return {
      task_id: request.params.taskId,
      counts: summary.counts,
      text: summary.text,
      beds: summary.entries.map((e) => ({
        bed: e.bed, patient: e.patient, name: e.name, status: e.status, detail: e.detail, time_ms: e.timeMs,
        answers: e.answers.map((a) => ({ question: a.question, text: a.raw, value: a.value, unclear: a.unclear, red_flags: a.redFlags })),
        alerts: e.alerts.map((id) => ctx.wardServices.alerts.get(id)).filter((a) => a !== null).map(alertToWire),
        summary: { en: summaryText(e, 'en', { withNames: true }), 'zh-CN': summaryText(e, 'zh-CN', { withNames: true }) },
      })),
    };
  });

  app.get<{ Params: { id: string } }>('/api/tasks/:id/waiting', {
    preHandler: requireUser(),
    schema: { security: BEARER_SECURITY, tags: ['tasks'], summary: 'What the task waits for from staff now (e.g. load)', params: idParams, response: { 200: { type: 'object', properties: { waiting: { type: 'array', items: { type: 'string' } } } }, ...errorResponses(401) } },
  }, async (request) => ({ waiting: ctx.tasks.waitingInputs()[request.params.id] ?? [] }));

  for (const name of ['load', 'unload'] as const) {
    app.post<{ Params: { id: string }; Body: JsonObject | undefined }>(`/api/tasks/:id/${name}`, {
      preHandler: requireUser(),
      schema: {
        security: BEARER_SECURITY,
        tags: ['custody'],
        summary: name === 'load'
          ? 'A pharmacist at the robot loads the drawers (body: { witness: { username, password } } for controlled drugs)'
          : 'A pharmacist takes undelivered medication back out of the robot at the pharmacy',
        params: idParams,
        body: {
          type: 'object', nullable: true, additionalProperties: false,
          properties: { witness: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: { type: 'string', maxLength: 100 }, password: { type: 'string', maxLength: 200 } } } },
        },
        response: { 202: { type: 'object', properties: { success: { type: 'boolean' } } }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    }, async (request, reply) => {
      try {
        const answer = await ctx.tasks.input(request.params.id, name, signedIn(request), request.body ?? {});
        if (answer.accepted) return reply.code(202).send({ success: true });
        return sendErrors(reply, answer.problems.map((p) => rmfError(p.kind === 'forbidden' ? 'forbidden' : 'invalid_request', p.field ? `${p.field}: ${p.detail}` : p.detail)));
      } catch (err) {
        if (err instanceof TaskNotFound) return sendErrors(reply, [rmfError('not_found', err.message)]);
        if (err instanceof TaskAlreadyFinished) return sendErrors(reply, [rmfError('already_finished', err.message)]);
        if (err instanceof TaskNotWaiting) return sendErrors(reply, [rmfError('conflict', err.message)]);
        throw err;
      }
    });
  }
}
