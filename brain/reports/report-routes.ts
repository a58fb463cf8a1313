// Read-only report routes for the staff dashboard: one patient's history (clinical staff only), the
// ward's figures over the last days, and the last frame of a robot's camera.
import type { FastifyInstance } from 'fastify';
import { errorResponses } from '../api/schemas.js';
import { rmfError, sendErrors } from '../api/errors.js';
import { BEARER_SECURITY, CLINICAL_ROLES, hasAnyRole, requireRole, requireUser, ROUND_READER_ROLES } from '../auth/index.js';
import type { Alert } from '../alerts/index.js';
import { captureFrame, CameraError, frameToPng } from '../camera/index.js';
import { wallClock, type BrainClock } from '../clock.js';
import type { CustodyEntry, Dispense } from '../custody/custody-ledger.js';
import type { RobotLink } from '../link/types.js';
import type { RobotState } from '../fleet/robot-state.js';
import type { TaskQuery } from '../store/types.js';
import type { TaskState } from '../tasks/task-state.js';
import type { EducationSession } from '../workflows/education/education-records.js';
import type { RoundVisit } from '../workflows/round/round-records.js';
import { CONDITIONS, type Condition, type MedicationOrder, type Patient } from '../../robot/index.js';
import { FrameCache } from './frame-cache.js';
import type { EducationLibrary } from '../education/index.js';
import { patientHistory, UnknownPatient } from './patient-history.js';
import { MAX_REPORT_DAYS, reportWindow, summarize, type PainReading, type ReportSummary, type ReportTask } from './summary.js';

/** What the report routes read: the brain's existing stores and services, narrowed to their queries. */
export interface ReportRoutesDeps {
  tasks: { list(query: TaskQuery): Promise<TaskState[]>; get(id: string): Promise<TaskState | null> };
  rounds: { visits(taskId: string): RoundVisit[]; visitsOf(patient: string): RoundVisit[] };
  /** Null where the brain keeps no education records: the history says so. */
  education: { sessions(patient: string): EducationSession[] } | null;
  /** The education library, for section titles in the patient history. */
  library?: EducationLibrary | null;
  wardServices: {
    records: { patient(recordNumber: string): Patient | null; orders(query: { patient: string }): MedicationOrder[] };
    custody: { entries(query: { taskId?: string; patient?: string }): CustodyEntry[]; dispenses(query: { orderId: string }): Dispense[] };
    alerts: { get(id: string): Alert | null };
  };
  fleet: { get(name: string): RobotState | undefined; list(): RobotState[] };
  link: RobotLink;
  /** The brain's clock (sim time against a simulator): "today" of the reports. Default: the wall clock. */
  clock?: BrainClock | null;
  /** IANA zone the reports' days are counted in. */
  timeZone: string;
  /** How long one look through a camera may take; default 2.5 s. */
  cameraTimeoutMs?: number;
  /** How long a frame is served again; default 3 s. */
  cameraTtlMs?: number;
}

export const CAMERA_TIMEOUT_MS = 2_500;

function sectionTitle(library: EducationLibrary, topic: string, section: string): { en: string; 'zh-CN': string } | null {
  if (!(CONDITIONS as readonly string[]).includes(topic)) return null;
  const found = library.topic(topic as Condition).sections.find((s) => s.id === section);
  return found ? { en: found.title.en, 'zh-CN': found.title['zh-CN'] } : null;
}
export const CAMERA_TTL_MS = 3_000;
/** Tasks read per page while gathering a report. */
const PAGE = 500;

const open = { type: 'object', additionalProperties: true } as const;
const CameraErrorSchema = {
  type: 'object', required: ['success', 'errors'],
  properties: {
    success: { type: 'boolean', enum: [false] },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['code', 'category', 'detail'], properties: { code: { type: 'integer' }, category: { type: 'string' }, detail: { type: 'string' } } },
    },
  },
} as const;

/** How a failed look is answered: no frame in time is a gateway timeout; a link that is down, unavailable. */
const CAMERA_STATUS: Record<CameraError['reason'], number> = { timeout: 504, link_down: 503, bad_frame: 502, unsupported_link: 501, bad_request: 400 };

/** Every task requested since `sinceMs`, newest first, paging through the store's own list. */
export async function tasksSince(tasks: ReportRoutesDeps['tasks'], sinceMs: number): Promise<TaskState[]> {
  const out: TaskState[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await tasks.list({ limit: PAGE, offset });
    out.push(...page.filter((t) => t.booking.unix_millis_request_time >= sinceMs));
    const last = page[page.length - 1];
    if (page.length < PAGE || !last || last.booking.unix_millis_request_time < sinceMs) return out;
  }
}

export const toReportTask = (t: TaskState): ReportTask => ({
  id: t.booking.id, category: t.category, status: t.status, requestMs: t.booking.unix_millis_request_time,
  startMs: t.unix_millis_start_time ?? null, finishMs: t.unix_millis_finish_time ?? null, reasonCode: t.status_reason?.code ?? null,
});

/** Pain scores from the visits of these rounds. */
export function painReadings(rounds: ReportRoutesDeps['rounds'], roundIds: readonly string[]): PainReading[] {
  return roundIds.flatMap((taskId) => rounds.visits(taskId).flatMap((v) => v.answers
    .filter((a) => a.question === 'pain' && !a.unclear && typeof a.value === 'number')
    .map((a) => ({ timeMs: v.timeMs, bed: v.bed, value: a.value as number, taskId }))));
}

/** The summary as the API answers it (snake_case). */
export function summaryToWire(s: ReportSummary) {
  return {
    days: s.days, from_ms: s.fromMs, to_ms: s.toMs, time_zone: s.timeZone, day_keys: s.dayKeys, categories: s.categories,
    tasks_per_day: s.tasksPerDay, totals: s.totals,
    durations: s.durations.map((d) => ({
      category: d.category, count: d.count, min_s: d.minS, q1_s: d.q1S, median_s: d.medianS, q3_s: d.q3S, p90_s: d.p90S, max_s: d.maxS,
    })),
    failures: s.failures,
    pain: {
      readings: s.pain.readings.map((r) => ({ time_ms: r.timeMs, bed: r.bed, value: r.value, task_id: r.taskId })),
      daily: s.pain.daily,
    },
  };
}
export type WireReportSummary = ReturnType<typeof summaryToWire>;

export function registerReportRoutes(app: FastifyInstance, deps: ReportRoutesDeps): void {
  const clock = deps.clock ?? wallClock;
  const { records, custody, alerts } = deps.wardServices;

  app.get<{ Params: { mrn: string } }>('/api/patients/:mrn/history', {
    preHandler: requireRole(...CLINICAL_ROLES),
    schema: {
      security: BEARER_SECURITY, tags: ['ward'],
      summary: 'One patient\'s history: ward-round answers over time (pain as a series; nurses and ward managers), education per topic (sessions, teach-back, repeats due), deliveries of their orders with the custody chain (clinical staff only)',
      params: { type: 'object', required: ['mrn'], properties: { mrn: { type: 'string', minLength: 1, maxLength: 100 } } },
      response: { 200: open, ...errorResponses(401, 403, 404) },
    },
  }, async (request, reply) => {
    try {
      // Round answers are the nursing side's, as GET /api/rounds is: a pharmacist sees the rest.
      const readsRounds = hasAnyRole(request.user ?? null, ROUND_READER_ROLES);
      return await patientHistory(request.params.mrn, {
        patient: (mrn) => records.patient(mrn),
        orders: (q) => records.orders(q),
        visitsOf: readsRounds ? (mrn) => deps.rounds.visitsOf(mrn) : null,
        sessions: deps.education ? (mrn) => deps.education!.sessions(mrn) : null,
        sectionTitle: deps.library ? (topic, section) => sectionTitle(deps.library!, topic, section) : null,
        custody: (q) => custody.entries(q),
        dispenses: (q) => custody.dispenses(q),
        alert: (id) => alerts.get(id),
        task: (id) => deps.tasks.get(id),
      });
    } catch (err) {
      if (err instanceof UnknownPatient) return sendErrors(reply, [rmfError('unknown_patient', err.message)]);
      throw err;
    }
  });

  app.get<{ Querystring: { days: number } }>('/api/reports/summary', {
    preHandler: requireUser(),
    schema: {
      security: BEARER_SECURITY, tags: ['tasks'],
      summary: 'The ward over the last days: tasks per day by category, durations per category (quartiles, p90), failures by reason, ward-round pain scores',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { days: { type: 'integer', minimum: 1, maximum: MAX_REPORT_DAYS, default: 7, description: 'days back, today included, in the brain\'s time zone' } },
      },
      response: { 200: open, ...errorResponses(400, 401) },
    },
  }, async (request) => {
    const nowMs = clock.now();
    const { days } = request.query;
    const { fromMs } = reportWindow(nowMs, days, deps.timeZone);
    const tasks = await tasksSince(deps.tasks, fromMs);
    const rounds = tasks.filter((t) => t.category === 'ward_round').map((t) => t.booking.id);
    return summaryToWire(summarize({ tasks: tasks.map(toReportTask), pain: painReadings(deps.rounds, rounds), nowMs, days, timeZone: deps.timeZone }));
  });

  const timeoutMs = deps.cameraTimeoutMs ?? CAMERA_TIMEOUT_MS;
  const frames = new FrameCache(async (robot) => {
    const frame = await captureFrame(deps.link, robot, timeoutMs);
    return { png: frameToPng(frame), stampMs: frame.stampMs, width: frame.width, height: frame.height };
  }, { ttlMs: deps.cameraTtlMs ?? CAMERA_TTL_MS });

  app.get<{ Params: { robot: string } }>('/api/robots/:robot/camera.png', {
    preHandler: requireUser(),
    schema: {
      security: BEARER_SECURITY, tags: ['robots'],
      summary: 'The robot\'s latest camera frame as PNG (kept a few seconds and shared by every viewer); 504 when no frame arrives in time',
      params: { type: 'object', required: ['robot'], properties: { robot: { type: 'string', minLength: 1, maxLength: 100 } } },
      response: {
        200: { type: 'string', format: 'binary', description: 'image/png; x-frame-stamp-ms: the frame\'s stamp (robot time)' },
        ...errorResponses(401, 404),
        501: CameraErrorSchema, 502: CameraErrorSchema, 503: CameraErrorSchema, 504: CameraErrorSchema,
      },
    },
  }, async (request, reply) => {
    const { robot } = request.params;
    if (!deps.fleet.get(robot)) {
      const known = deps.fleet.list().map((r) => r.name).join(', ') || 'none';
      return sendErrors(reply, [rmfError('not_found', `no robot "${robot}" (robots: ${known})`)]);
    }
    try {
      const frame = await frames.get(robot);
      return reply.type('image/png')
        .header('cache-control', `private, max-age=${Math.ceil((deps.cameraTtlMs ?? CAMERA_TTL_MS) / 1000)}`)
        .header('x-frame-stamp-ms', String(frame.stampMs))
        .header('x-frame-age-ms', String(Math.max(0, Date.now() - frame.capturedAtMs)))
        .send(frame.png);
    } catch (err) {
      if (!(err instanceof CameraError)) throw err;
      const status = CAMERA_STATUS[err.reason];
      return reply.code(status).send({ success: false, errors: [{ code: status, category: `camera_${err.reason}`, detail: err.message }] });
    }
  });
}
