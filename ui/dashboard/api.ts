// Every call to the brain. Calls carry the session's token when someone is signed in; a 401 from any
// of them (the session expired, or was ended elsewhere) ends the session with the server's reason.
import type {
  AuditEntry, AuditSearch, AuditVerify, CameraFrame, PatientHistory, ReportSummary,
  ActionResult, ApiError, AskResult, BuildingMap, CancelResult, Custody, DispatchResult, DispatchTaskRequest, LoginAnswer, MedicationOrder,
  PlanDecisionResult, PlannerMode, PlanStatus, RobotState, RoundSummary, Schedule, ScheduleInput, ScheduleWhen, SignedInUser, StaffInput,
  TaskLog, TaskState, WardAlert, WardPatient, WirePlan,
} from './api-types.js';
import {
  toAuditEntries, toAuditVerify, toPatientHistory, toReportSummary,
  toAlert, toAlerts, toCustody, toLogin, toMe, toPlan, toPlannerMode, toPlans, toRoundSummary, toSchedule, toSchedules, toWhens,
} from './api-wire.js';
import { authHeader, endSession } from './session.js';

export class ApiRequestError extends Error {
  constructor(readonly url: string, readonly status: number, message: string) {
    super(message);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The brain answers its own refusals as `{ errors: [...] }`, but Fastify's schema check and unexpected
 * failures answer `{ message }`, and a proxy may answer with no JSON at all: people see a sentence in
 * every case.
 */
function errorsOf(body: unknown, response: Response): ApiError[] {
  if (typeof body === 'object' && body !== null) {
    const { errors, message } = body as { errors?: unknown; message?: unknown };
    if (Array.isArray(errors) && errors.length > 0) return errors as ApiError[];
    if (typeof message === 'string') return [{ code: response.status, category: 'http', detail: message }];
  }
  return [{ code: response.status, category: 'http', detail: `HTTP ${response.status} ${response.statusText}` }];
}

export const errorText = (errors: readonly ApiError[]): string => errors.map((e) => e.detail).join('; ');
const networkError = (err: unknown): ApiError[] => [{ code: 0, category: 'network', detail: (err as Error).message }];

/** A 401 on a signed-in call means the session is over: back to the sign-in panel with the reason. */
function noticeUnauthorized(response: Response, body: unknown): void {
  if (response.status === 401 && authHeader()['authorization']) endSession(errorText(errorsOf(body, response)));
}

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<{ response: Response; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeader() };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: payload === undefined ? null : JSON.stringify(payload) });
  const body = await readJson(response);
  noticeUnauthorized(response, body);
  return { response, body };
}

async function getJson<T>(url: string): Promise<T> {
  const { response, body } = await call('GET', url);
  if (!response.ok) throw new ApiRequestError(url, response.status, errorText(errorsOf(body, response)));
  return body as T;
}

/** A POST (PATCH, DELETE) whose refusals are data, not exceptions: the caller shows them next to what was asked. */
async function postAction(url: string, payload?: unknown, method: 'POST' | 'PATCH' | 'DELETE' = 'POST'): Promise<{ ok: boolean; body: unknown; errors: ApiError[] }> {
  try {
    const { response, body } = await call(method, url, payload);
    const refused = !response.ok || (body as { success?: unknown } | null)?.success === false;
    return { ok: !refused, body, errors: refused ? errorsOf(body, response) : [] };
  } catch (err) {
    return { ok: false, body: null, errors: networkError(err) };
  }
}

const path = (id: string) => encodeURIComponent(id);

export const fetchMap = (): Promise<BuildingMap> => getJson<BuildingMap>('/api/map');

export const fetchRobots = async (): Promise<RobotState[]> =>
  (await getJson<{ robots: RobotState[] }>('/api/robots')).robots;

export const fetchTasks = async (limit = 50): Promise<TaskState[]> =>
  (await getJson<{ tasks: TaskState[] }>(`/api/tasks?limit=${limit}`)).tasks;

export const fetchTaskLog = (taskId: string): Promise<TaskLog> =>
  getJson<TaskLog>(`/api/tasks/${path(taskId)}/log`);

export async function dispatchTask(request: DispatchTaskRequest): Promise<DispatchResult> {
  const { ok, body, errors } = await postAction('/api/tasks', request);
  const state = (body as { state?: TaskState } | null)?.state;
  if (ok && state) return { success: true, state };
  // 202: medication asked for by someone who is not a nurse waits, as a plan, for a nurse's approval.
  const plan = ok ? toPlan((body as { plan?: unknown } | null)?.plan) : null;
  if (plan) return { success: true, plan };
  return { success: false, errors: errors.length ? errors : [{ code: 0, category: 'http', detail: 'no task state in the answer' }] };
}

export async function cancelTask(taskId: string): Promise<CancelResult> {
  const { ok, body, errors } = await postAction(`/api/tasks/${path(taskId)}/cancel`);
  if (ok) return body as CancelResult;
  return { success: false, errors };
}

// Sign-in

export type LoginOutcome = { ok: true; answer: LoginAnswer } | { ok: false; detail: string };

export async function login(username: string, password: string): Promise<LoginOutcome> {
  try {
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = await readJson(response);
    const answer = response.ok ? toLogin(body) : null;
    return answer ? { ok: true, answer } : { ok: false, detail: errorText(errorsOf(body, response)) };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

export const logout = async (): Promise<void> => { await postAction('/api/auth/logout'); };

export const fetchMe = async (): Promise<SignedInUser | null> => toMe(await getJson<unknown>('/api/auth/me'));

// Ward records

export const fetchPatients = async (): Promise<WardPatient[]> =>
  (await getJson<{ patients: WardPatient[] }>('/api/patients')).patients;

export const fetchActiveOrders = async (): Promise<MedicationOrder[]> =>
  (await getJson<{ orders: MedicationOrder[] }>('/api/orders?status=active')).orders;

// Staff at the robot

export async function fetchWaiting(taskId: string): Promise<StaffInput[]> {
  const { waiting } = await getJson<{ waiting?: unknown }>(`/api/tasks/${path(taskId)}/waiting`);
  return (Array.isArray(waiting) ? waiting : []).filter((w): w is StaffInput => w === 'load' || w === 'unload');
}

export interface Witness { username: string; password: string }

export async function staffInput(taskId: string, input: StaffInput, witness: Witness | null): Promise<ActionResult> {
  const { ok, errors } = await postAction(`/api/tasks/${path(taskId)}/${input}`, witness ? { witness } : {});
  return ok ? { success: true } : { success: false, errors };
}

// Alerts

export const fetchOpenAlerts = async (): Promise<WardAlert[]> =>
  toAlerts((await getJson<{ alerts?: unknown }>('/api/alerts?open=true')).alerts);

export async function acknowledgeAlert(id: string, note: string): Promise<{ success: true; alert: WardAlert | null } | { success: false; errors: ApiError[] }> {
  const { ok, body, errors } = await postAction(`/api/alerts/${path(id)}/acknowledge`, note ? { note } : {});
  return ok ? { success: true, alert: toAlert((body as { alert?: unknown } | null)?.alert) } : { success: false, errors };
}

// Ward rounds

export const fetchRoundSummary = async (taskId: string): Promise<RoundSummary> =>
  toRoundSummary(await getJson<unknown>(`/api/rounds/${path(taskId)}`));

// Custody of a delivery

export const fetchCustody = async (taskId: string): Promise<Custody> =>
  toCustody(await getJson<unknown>(`/api/tasks/${path(taskId)}/custody`));

// Schedules

export const fetchSchedules = async (): Promise<Schedule[]> =>
  toSchedules((await getJson<{ schedules?: unknown }>('/api/schedules')).schedules);

export const fetchUpcoming = async (id: string, count = 3): Promise<ScheduleWhen[]> =>
  toWhens((await getJson<{ upcoming?: unknown }>(`/api/schedules/${path(id)}?upcoming=${count}&history=1`)).upcoming);

export type ScheduleResult = { success: true; schedule: Schedule | null } | { success: false; errors: ApiError[] };

export async function createSchedule(input: ScheduleInput): Promise<ScheduleResult> {
  const { ok, body, errors } = await postAction('/api/schedules', input);
  return ok ? { success: true, schedule: toSchedule(body) } : { success: false, errors };
}

export async function setScheduleEnabled(id: string, enabled: boolean): Promise<ScheduleResult> {
  const { ok, body, errors } = await postAction(`/api/schedules/${path(id)}`, { enabled }, 'PATCH');
  return ok ? { success: true, schedule: toSchedule(body) } : { success: false, errors };
}

export async function deleteSchedule(id: string): Promise<ActionResult> {
  const { ok, errors } = await postAction(`/api/schedules/${path(id)}`, undefined, 'DELETE');
  return ok ? { success: true } : { success: false, errors };
}

// Plans: requests in staff's own words, and a nurse's approval

export const fetchPlannerMode = async (): Promise<PlannerMode> => toPlannerMode(await getJson<unknown>('/api/planner'));

export const fetchPlans = async (status?: PlanStatus): Promise<WirePlan[]> =>
  toPlans((await getJson<{ plans?: unknown }>(`/api/plans${status ? `?status=${status}` : ''}`)).plans);

export async function fetchPlan(id: string): Promise<WirePlan | null> {
  return toPlan((await getJson<{ plan?: unknown }>(`/api/plans/${path(id)}`)).plan);
}

/** A refused plan (422) still comes with the plan and its reasons; the caller shows them, not a bare error. */
export async function askPlan(text: string): Promise<AskResult> {
  const { ok, body, errors } = await postAction('/api/plans', { text });
  const plan = toPlan((body as { plan?: unknown } | null)?.plan);
  if (plan) return { outcome: ok ? 'proposed' : 'refused', plan };
  return { outcome: 'failed', errors: errors.length ? errors : [{ code: 0, category: 'http', detail: 'no plan in the answer' }] };
}

async function decidePlan(id: string, verb: 'approve' | 'decline', payload: { note?: string }): Promise<PlanDecisionResult> {
  const { ok, body, errors } = await postAction(`/api/plans/${path(id)}/${verb}`, payload);
  const plan = ok ? toPlan((body as { plan?: unknown } | null)?.plan) : null;
  if (plan) return { success: true, plan };
  return { success: false, errors: errors.length ? errors : [{ code: 0, category: 'http', detail: 'no plan in the answer' }] };
}

export const approvePlan = (id: string, note: string): Promise<PlanDecisionResult> => decidePlan(id, 'approve', note ? { note } : {});

export const declinePlan = (id: string, note: string): Promise<PlanDecisionResult> => decidePlan(id, 'decline', { note });

// Records and reports

export const fetchPatientHistory = async (recordNumber: string): Promise<PatientHistory> =>
  toPatientHistory(await getJson<unknown>(`/api/patients/${path(recordNumber)}/history`));

export const fetchReportSummary = async (days: number): Promise<ReportSummary> =>
  toReportSummary(await getJson<unknown>(`/api/reports/summary?days=${Math.round(days)}`));

export async function fetchAudit(search: AuditSearch): Promise<AuditEntry[]> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) if (value !== undefined && value !== '') query.set(key, String(value));
  return toAuditEntries((await getJson<{ entries?: unknown }>(`/api/audit?${query.toString()}`)).entries);
}

export const verifyAudit = async (): Promise<AuditVerify> => toAuditVerify(await getJson<unknown>('/api/audit/verify'));

/**
 * The robot's latest camera frame as an object URL (the caller revokes it). A picture cannot carry the
 * session's token in an <img src>, so it is fetched here and handed over as a blob.
 */
export async function fetchCameraFrame(robot: string): Promise<CameraFrame> {
  try {
    const response = await fetch(`/api/robots/${path(robot)}/camera.png`, { headers: { accept: 'image/png', ...authHeader() } });
    if (!response.ok) {
      const body = await readJson(response);
      noticeUnauthorized(response, body);
      return { ok: false, status: response.status, detail: errorText(errorsOf(body, response)) };
    }
    const header = (name: string) => {
      const value = Number(response.headers.get(name));
      return response.headers.has(name) && Number.isFinite(value) ? value : null;
    };
    return { ok: true, url: URL.createObjectURL(await response.blob()), stampMs: header('x-frame-stamp-ms'), ageMs: header('x-frame-age-ms') };
  } catch (err) {
    return { ok: false, status: 0, detail: (err as Error).message };
  }
}

// The robot's patient screen (its tablet)

export interface ScreenPairingStatus {
  robot: string;
  paired: boolean;
  created_by: string | null;
  created_at_ms: number | null;
}
export type ScreenPairingResult =
  | { ok: true; status: ScreenPairingStatus; url?: string }
  | { ok: false; status: number; detail: string };

async function pairingCall(method: 'GET' | 'POST' | 'DELETE', robot: string): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; status: number; detail: string }> {
  try {
    const { response, body } = await call(method, `/api/robots/${path(robot)}/screen-pairing`);
    if (!response.ok) return { ok: false, status: response.status, detail: errorText(errorsOf(body, response)) };
    return { ok: true, body: (body ?? {}) as Record<string, unknown> };
  } catch (err) {
    return { ok: false, status: 0, detail: (err as Error).message };
  }
}

/** Whether a tablet is paired with `robot`, by whom and when (never its token). */
export async function fetchScreenPairing(robot: string): Promise<ScreenPairingResult> {
  const r = await pairingCall('GET', robot);
  return r.ok ? { ok: true, status: r.body as unknown as ScreenPairingStatus } : r;
}

/** Pairs a new tablet: the answer's URL (with the token) is shown this once; an earlier tablet stops working. */
export async function pairScreen(robot: string): Promise<ScreenPairingResult> {
  const r = await pairingCall('POST', robot);
  if (!r.ok) return r;
  const b = r.body;
  return {
    ok: true, url: typeof b['url'] === 'string' ? b['url'] : '',
    status: { robot, paired: true, created_by: typeof b['created_by'] === 'string' ? b['created_by'] : null, created_at_ms: typeof b['created_at_ms'] === 'number' ? b['created_at_ms'] : null },
  };
}

export async function unpairScreen(robot: string): Promise<ScreenPairingResult> {
  const r = await pairingCall('DELETE', robot);
  return r.ok ? { ok: true, status: { robot, paired: false, created_by: null, created_at_ms: null } } : r;
}
