// Reads the brain's answers into the dashboard's shapes. The contract spells fields in snake_case
// (`raised_at_ms`), the brain's services in camelCase (`raisedAtMs`); both are read, so the dashboard
// does not break whichever the routes settle on.
import type { AlertSeverity, LoginAnswer, RoundBed, RoundSummary, SignedInUser, WardAlert } from './api-types.js';

type Loose = Record<string, unknown>;

const obj = (v: unknown): Loose => (typeof v === 'object' && v !== null ? (v as Loose) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** The first of the spellings present. */
const pick = (o: Loose, ...keys: string[]): unknown => keys.map((k) => o[k]).find((v) => v !== undefined);
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
  const user = toUser(pick(o, 'user', 'account'));
  if (!token || !user) return null;
  return { token, user, expiresAtMs: num(pick(o, 'expires_at_ms', 'expiresAtMs')) };
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
  const ack = pick(o, 'acknowledged');
  const a = obj(ack);
  return {
    id,
    kind: str(o['kind']) ?? 'other',
    severity: severity && SEVERITIES.includes(severity) ? severity : 'normal',
    text: bilingual(o['text']),
    bed: str(o['bed']),
    patient: str(o['patient']),
    taskId: str(pick(o, 'task_id', 'taskId')),
    robot: str(o['robot']),
    raisedAtMs: num(pick(o, 'raised_at_ms', 'raisedAtMs')) ?? 0,
    acknowledged: ack === null || ack === undefined ? null : {
      by: { username: str(obj(a['by'])['username']) ?? str(a['by']) ?? '', name: str(obj(a['by'])['name']) ?? str(a['by']) ?? '' },
      atMs: num(pick(a, 'at_ms', 'atMs')) ?? 0,
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
  return { task_id: str(pick(o, 'task_id', 'taskId')) ?? '', beds: (Array.isArray(o['beds']) ? o['beds'] : []).map(toRoundBed) };
}
