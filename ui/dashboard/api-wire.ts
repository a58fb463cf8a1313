// Reads the brain's answers into the dashboard's shapes, which are the brain's own wire types
// (snake_case: `raised_at_ms`, `task_id`, `expires_at_ms`). Anything missing or of the wrong type gets a
// safe default rather than breaking the page.
import type {
  AlertSeverity, Custody, CustodyEntry, DispenseRow, LoginAnswer, RoundBed, RoundSummary,
  Schedule, ScheduleWhen, SignedInUser, WardAlert,
} from './api-types.js';

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

// Custody of a delivery

function toCustodyEntry(v: unknown): CustodyEntry | null {
  const o = obj(v);
  const seq = num(o['seq']);
  const kind = str(o['kind']);
  if (seq === null || !kind) return null;
  const data = o['data'];
  return {
    seq,
    time_ms: num(o['time_ms']) ?? 0,
    task_id: str(o['task_id']) ?? '',
    run_id: str(o['run_id']) ?? '',
    robot: str(o['robot']) ?? '',
    drawer: num(o['drawer']),
    order_id: str(o['order_id']),
    patient: str(o['patient']),
    // A kind this dashboard does not know yet is kept as the server spells it; the table shows it as is.
    kind: kind as CustodyEntry['kind'],
    actor: str(o['actor']) ?? '',
    data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as CustodyEntry['data']) : {},
  };
}

/** A FHIR MedicationDispense down to its table row: order, status, who received it, when. */
function toDispense(v: unknown): DispenseRow | null {
  const o = obj(v);
  const id = str(o['id']);
  if (!id) return null;
  const prescription = obj(Array.isArray(o['authorizingPrescription']) ? o['authorizingPrescription'][0] : null);
  const receiver = obj(Array.isArray(o['receiver']) ? o['receiver'][0] : null);
  const when = str(o['whenHandedOver']);
  const whenMs = when ? Date.parse(when) : NaN;
  return {
    id,
    order: (str(prescription['reference']) ?? '').replace(/^MedicationRequest\//, ''),
    status: str(o['status']) ?? '',
    medication: str(obj(o['medicationCodeableConcept'])['text']) ?? '',
    receiver: str(receiver['display']) ?? str(obj(receiver['identifier'])['value']) ?? '',
    patient: str(obj(o['subject'])['display']) ?? str(obj(obj(o['subject'])['identifier'])['value']) ?? '',
    when_ms: Number.isFinite(whenMs) ? whenMs : null,
    reason: str(obj(o['statusReasonCodeableConcept'])['text']),
  };
}

export function toCustody(body: unknown): Custody {
  const o = obj(body);
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return {
    task_id: str(o['task_id']) ?? '',
    custody: list(o['custody']).map(toCustodyEntry).filter((e): e is CustodyEntry => e !== null).sort((a, b) => a.seq - b.seq),
    dispenses: list(o['dispenses']).map(toDispense).filter((d): d is DispenseRow => d !== null),
  };
}

// Schedules

function toWhen(v: unknown): ScheduleWhen | null {
  const o = obj(v);
  const ms = num(o['unix_millis']);
  return ms === null ? null : { unix_millis: ms, local: str(o['local']) ?? '' };
}

export const toWhens = (v: unknown): ScheduleWhen[] =>
  (Array.isArray(v) ? v : []).map(toWhen).filter((w): w is ScheduleWhen => w !== null);

export function toSchedule(v: unknown): Schedule | null {
  const o = obj(v);
  const id = str(o['id']);
  if (!id) return null;
  const r = obj(o['recurrence']);
  const tr = obj(o['task_request']);
  const times = Array.isArray(r['times']) ? r['times'].filter((x): x is string => typeof x === 'string') : [];
  const weekdays = Array.isArray(r['weekdays']) ? (r['weekdays'].filter((x) => typeof x === 'string') as NonNullable<Schedule['recurrence']['weekdays']>) : undefined;
  const every = num(r['every_days']);
  const end = str(r['end_date']);
  return {
    id,
    name: str(o['name']) ?? id,
    enabled: o['enabled'] !== false,
    recurrence: {
      times, start_date: str(r['start_date']) ?? '',
      ...(every !== null ? { every_days: every } : {}), ...(weekdays?.length ? { weekdays } : {}), ...(end ? { end_date: end } : {}),
    },
    task_request: { category: str(tr['category']) ?? '', description: obj(tr['description']) },
    time_zone: str(o['time_zone']) ?? '',
    next: toWhen(o['next']),
    created_by: str(o['created_by']) ?? '',
  };
}

export const toSchedules = (list: unknown): Schedule[] =>
  (Array.isArray(list) ? list : []).map(toSchedule).filter((s): s is Schedule => s !== null);
