import type {
  ApiError, BuildingMap, CancelResult, DispatchResult, DispatchTaskRequest, RobotState, TaskLog,
  TaskState,
} from './api-types.js';

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

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  const body = await readJson(response);
  if (!response.ok) throw new ApiRequestError(url, response.status, errorsOf(body, response).map((e) => e.detail).join('; '));
  return body as T;
}

async function postJson(url: string, payload?: unknown): Promise<{ response: Response; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: payload === undefined
      ? { accept: 'application/json' }
      : { accept: 'application/json', 'content-type': 'application/json' },
    body: payload === undefined ? null : JSON.stringify(payload),
  });
  return { response, body: await readJson(response) };
}

export const fetchMap = (): Promise<BuildingMap> => getJson<BuildingMap>('/api/map');

export const fetchRobots = async (): Promise<RobotState[]> =>
  (await getJson<{ robots: RobotState[] }>('/api/robots')).robots;

export const fetchTasks = async (limit = 50): Promise<TaskState[]> =>
  (await getJson<{ tasks: TaskState[] }>(`/api/tasks?limit=${limit}`)).tasks;

export const fetchTaskLog = (taskId: string): Promise<TaskLog> =>
  getJson<TaskLog>(`/api/tasks/${encodeURIComponent(taskId)}/log`);

export async function dispatchTask(request: DispatchTaskRequest): Promise<DispatchResult> {
  const { response, body } = await postJson('/api/tasks', request);
  const result = body as Partial<DispatchResult> | null;
  if (response.ok && result?.success === true && result.state) return { success: true, state: result.state };
  return { success: false, errors: errorsOf(body, response) };
}

export async function cancelTask(taskId: string): Promise<CancelResult> {
  const { response, body } = await postJson(`/api/tasks/${encodeURIComponent(taskId)}/cancel`);
  const result = body as CancelResult | null;
  if (response.ok && result?.success === true) return result;
  return { success: false, errors: errorsOf(body, response) };
}
