// Reads the brain's answers into the dashboard's shapes, which are the brain's own wire types
// (snake_case: `raised_at_ms`, `task_id`, `expires_at_ms`). Anything missing or of the wrong type gets a
// safe default rather than breaking the page.
import type { AlertSeverity, LoginAnswer, RoundBed, RoundSummary, SignedInUser, WardAlert } from './api-types.js';

type Loose = Record<string, unknown>;

const obj = (v: unknown): Loose => (typeof v === 'object' && v !== null ? (v as Loose) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const SEVERITIES: readonly AlertSeverity[] = ['critical', 'high', 'normal'];

function toUser(v: unknown): SignedInUser | null {
  const o = obj(v);
  const username = str(o['username']);
  if (!username) return null;
  const roles = Array.isArray(o['roles']) ? (o['roles'].filter((r) => typeof r === 'string') as SignedInUser['roles']) : [];
  return { username, name: str(o['name']) ?? username, roles };
}

export function toLogin(body: unknown): LoginAnswer | null {
  const o = obj(body);
  const token = str(o['token']);
  const user = toUser(o['user']);
  const expires = num(o['expires_at_ms']);
  if (!token || !user || expires === null) return null;
  return { token, expires_at_ms: expires, user };
}

export const toMe = (body: unknown): SignedInUser | null => toUser(obj(body)['user']);

function bilingual(v: unknown): { en: string; 'zh-CN': string } {
  const o = obj(v);
  const en = str(o['en']) ?? str(o['zh-CN']) ?? '';
  return { en, 'zh-CN': str(o['zh-CN']) ?? en };
}

export function toAlert(v: unknown): WardAlert | null {
  const o = obj(v);
  const id = str(o['id']);
  if (!id) return null;
  const severity = str(o['severity']) as AlertSeverity | null;
  const ack = o['acknowledged'];
  const a = obj(ack);
  const by = obj(a['by']);
  const data = o['data'];
  return {
    id,
    kind: (str(o['kind']) ?? 'other') as WardAlert['kind'],
    severity: severity && SEVERITIES.includes(severity) ? severity : 'normal',
    text: bilingual(o['text']),
    bed: str(o['bed']),
    patient: str(o['patient']),
    task_id: str(o['task_id']),
    robot: str(o['robot']),
    data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as WardAlert['data']) : null,
    raised_at_ms: num(o['raised_at_ms']) ?? 0,
    acknowledged: ack === null || ack === undefined ? null : {
      by: { username: str(by['username']) ?? '', name: str(by['name']) ?? '' },
      at_ms: num(a['at_ms']) ?? 0,
      note: str(a['note']),
    },
  };
}

export const toAlerts = (list: unknown): WardAlert[] =>
  (Array.isArray(list) ? list : []).map(toAlert).filter((a): a is WardAlert => a !== null);

function toRoundBed(v: unknown): RoundBed {
  const o = obj(v);
  const answers = Array.isArray(o['answers']) ? o['answers'].map((x) => {
    const a = obj(x);
    return { question: str(a['question']) ?? '', text: str(a['text']) ?? '', value: a['value'], unclear: a['unclear'] === true };
  }) : [];
  return {
    bed: str(o['bed']) ?? '',
    patient: str(o['patient']),
    status: str(o['status']) ?? 'visited',
    answers,
    alerts: toAlerts(o['alerts']),
    summary: bilingual(o['summary']),
  };
}

export function toRoundSummary(body: unknown): RoundSummary {
  const o = obj(body);
  return { task_id: str(o['task_id']) ?? '', beds: (Array.isArray(o['beds']) ? o['beds'] : []).map(toRoundBed) };
}
