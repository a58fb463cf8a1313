// The tablet's calls to the brain, each with its screen token: the state, a touch answer, a nurse call.
import { toScreenState, type ScreenState } from './answers.js';

export class NotPaired extends Error {
  override readonly name = 'NotPaired';
}

export interface ScreenApi {
  state(): Promise<ScreenState>;
  answer(text: string, questionId: string): Promise<{ delivered: 'now' | 'when_listening' }>;
  callNurse(): Promise<void>;
}

export function screenApi(token: string): ScreenApi {
  const call = async (method: 'GET' | 'POST', url: string, payload?: unknown): Promise<unknown> => {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Screen ${token}` };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, { method, headers, body: payload === undefined ? null : JSON.stringify(payload) });
    if (response.status === 401) throw new NotPaired('this screen is not paired');
    const body = await response.json().catch(() => null) as unknown;
    if (!response.ok) {
      const detail = (body as { errors?: { detail?: string }[] } | null)?.errors?.[0]?.detail;
      throw new Error(detail ?? `HTTP ${response.status}`);
    }
    return body;
  };
  return {
    state: async () => {
      const state = toScreenState(await call('GET', '/api/screen'));
      if (!state) throw new Error('the brain sent a screen state this page cannot read');
      return state;
    },
    answer: async (text, questionId) => {
      const body = await call('POST', '/api/screen/answer', { text, question_id: questionId }) as { delivered?: unknown };
      return { delivered: body.delivered === 'when_listening' ? 'when_listening' : 'now' };
    },
    callNurse: async () => { await call('POST', '/api/screen/call-nurse'); },
  };
}
