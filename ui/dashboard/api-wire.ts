// Reads the brain's answers into the dashboard's shapes, which are the brain's own wire types
// (snake_case: `raised_at_ms`, `task_id`, `expires_at_ms`). Anything missing or of the wrong type gets a
// safe default rather than breaking the page.
import {
  PLAN_STATUSES,
  type AuditEntry, type AuditVerify, type HistoryDelivery, type HistoryTopic, type HistoryVisit, type PatientHistory, type ReportSummary,
  type AlertSeverity, type Custody, type CustodyEntry, type DispenseRow, type LoginAnswer, type PlannerMode, type PlanProblemWire,
  type PlanStepWire, type RoundBed, type RoundSummary, type Schedule, type ScheduleWhen, type SignedInUser, type WardAlert, type WirePlan,
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

// Plans

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : null);

export function toPlannerMode(body: unknown): PlannerMode {
  const o = obj(body);
  const site = str(o['site']);
  return {
    mode: o['mode'] === 'model' ? 'model' : 'deterministic',
    model: str(o['model']),
    site: site === 'on_site' || site === 'off_site' ? site : null,
    edge_only: o['edge_only'] === true,
    reason: str(o['reason']),
  };
}

function toPlanStep(v: unknown, index: number): PlanStepWire {
  const o = obj(v);
  const priority = str(o['priority']);
  return {
    id: str(o['id']) ?? `s${index + 1}`,
    kind: o['kind'] === 'skill' ? 'skill' : 'task',
    category: str(o['category']),
    description: record(o['description']),
    skill: str(o['skill']),
    goal: record(o['goal']),
    start_after: str(o['start_after']),
    priority: priority === 'high' || priority === 'normal' ? priority : null,
    patient: str(o['patient']),
    bed: str(o['bed']),
    medications: strings(o['medications']),
    order: str(o['order']),
    why: str(o['why']) ?? '',
  };
}

function toPlanProblem(v: unknown): PlanProblemWire {
  const o = obj(v);
  const en = str(o['en']) ?? str(o['zh_cn']) ?? '';
  return { step: str(o['step']), field: str(o['field']), code: str(o['code']) ?? '', en, zh_cn: str(o['zh_cn']) ?? en };
}

export function toPlan(v: unknown): WirePlan | null {
  const o = obj(v);
  const id = str(o['id']);
  if (!id) return null;
  const status = str(o['status']) as WirePlan['status'] | null;
  const m = record(o['model']);
  const list = (x: unknown) => (Array.isArray(x) ? x : []);
  return {
    id,
    created_ms: num(o['created_ms']) ?? 0,
    requester: str(o['requester']) ?? '',
    text: str(o['text']),
    planner: o['planner'] === 'model' ? 'model' : 'deterministic',
    // A status this dashboard does not know yet reads as refused: nothing may be approved from it.
    status: status && (PLAN_STATUSES as readonly string[]).includes(status) ? status : 'refused',
    summary: str(o['summary']),
    language: str(o['language']),
    steps: list(o['steps']).map(toPlanStep),
    problems: list(o['problems']).map(toPlanProblem),
    approval_reasons: strings(o['approval_reasons']),
    model: m ? {
      model: str(m['model']) ?? '',
      turns: num(m['turns']) ?? 0,
      prompt_tokens: num(m['prompt_tokens']) ?? 0,
      completion_tokens: num(m['completion_tokens']) ?? 0,
      rejected_calls: list(m['rejected_calls']).map((c) => ({ tool: str(obj(c)['tool']) ?? '', reason: str(obj(c)['reason']) ?? '' })),
    } : null,
    fallback_reason: str(o['fallback_reason']),
    decided_by: str(o['decided_by']),
    decided_ms: num(o['decided_ms']),
    decision_note: str(o['decision_note']),
    task_ids: strings(o['task_ids']),
  };
}

export const toPlans = (list: unknown): WirePlan[] =>
  (Array.isArray(list) ? list : []).map(toPlan).filter((p): p is WirePlan => p !== null);

// Records and reports

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const numbers = (v: unknown): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(obj(v))) if (num(x) !== null) out[k] = x as number;
  return out;
};
const answerValue = (v: unknown): number | boolean | string | null =>
  (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || typeof v === 'string' ? v : null;

function toVisit(v: unknown): HistoryVisit {
  const o = obj(v);
  const status = str(o['status']);
  return {
    task_id: str(o['task_id']) ?? '', bed: str(o['bed']) ?? '', time_ms: num(o['time_ms']) ?? 0,
    status: status === 'absent' || status === 'no_answer' || status === 'skipped' ? status : 'visited',
    detail: str(o['detail']),
    answers: list(o['answers']).map((x) => {
      const a = obj(x);
      return { question: str(a['question']) ?? '', text: str(a['text']) ?? '', value: answerValue(a['value']), unclear: a['unclear'] === true, red_flags: strings(a['red_flags']) };
    }),
    alerts: toAlerts(o['alerts']),
  };
}

function toTopic(v: unknown): HistoryTopic {
  const o = obj(v);
  const repeat = record(o['repeat']);
  return {
    topic: str(o['topic']) ?? '',
    sessions: list(o['sessions']).map((x) => {
      const s = obj(x);
      return {
        task_id: str(s['task_id']) ?? '', time_ms: num(s['time_ms']) ?? 0, version: str(s['version']) ?? '', language: str(s['language']) ?? '',
        sections_taught: strings(s['sections_taught']),
        checks: list(s['checks']).map((c) => {
          const k = obj(c);
          return { question_id: str(k['question_id']) ?? '', section: str(k['section']) ?? '', understood: k['understood'] === true, answer: str(k['answer']) ?? '' };
        }),
        understood: num(s['understood']) ?? 0, total: num(s['total']) ?? 0,
      };
    }),
    not_understood: strings(o['not_understood']),
    section_titles: Object.fromEntries(Object.entries(record(o['section_titles']) ?? {}).flatMap(([id, v]) => {
      const title = record(v);
      const en = title ? str(title['en']) : null;
      const zh = title ? str(title['zh-CN']) : null;
      return en && zh ? [[id, { en, 'zh-CN': zh }]] : [];
    })),
    repeat: repeat ? { task_id: str(repeat['task_id']) ?? '', status: str(repeat['status']), due_ms: num(repeat['due_ms']) } : null,
  };
}

function toDelivery(v: unknown): HistoryDelivery {
  const o = obj(v);
  return {
    task_id: str(o['task_id']) ?? '', status: str(o['status']), requested_ms: num(o['requested_ms']), finished_ms: num(o['finished_ms']),
    robot: str(o['robot']), orders: strings(o['orders']),
    custody: list(o['custody']) as HistoryDelivery['custody'],
    dispenses: list(o['dispenses']).filter((d) => record(d) !== null) as HistoryDelivery['dispenses'],
  };
}

export function toPatientHistory(body: unknown): PatientHistory {
  const o = obj(body);
  const p = obj(o['patient']);
  const rounds = obj(o['rounds']);
  const education = obj(o['education']);
  const deliveries = obj(o['deliveries']);
  return {
    patient: {
      record_number: str(p['record_number']) ?? '', name: str(p['name']) ?? '', other_names: strings(p['other_names']), birth_date: str(p['birth_date']) ?? '',
      bed: str(p['bed']), language: str(p['language']) ?? '', conditions: strings(p['conditions']), allergies: strings(p['allergies']),
    },
    rounds: {
      available: rounds['available'] !== false,
      visits: list(rounds['visits']).map(toVisit).sort((a, b) => a.time_ms - b.time_ms),
      pain: list(rounds['pain']).map((x) => {
        const r = obj(x);
        return { time_ms: num(r['time_ms']) ?? 0, value: num(r['value']) ?? NaN, task_id: str(r['task_id']) ?? '' };
      }).filter((r) => r.value >= 0 && r.value <= 10).sort((a, b) => a.time_ms - b.time_ms),
    },
    education: { available: education['available'] !== false, topics: list(education['topics']).map(toTopic) },
    deliveries: {
      orders: list(deliveries['orders']).map((x) => {
        const d = obj(x);
        return { id: str(d['id']) ?? '', medication: str(d['medication']) ?? '', dosage: str(d['dosage']) ?? '', status: str(d['status']) ?? '', controlled: d['controlled'] === true };
      }),
      tasks: list(deliveries['tasks']).map(toDelivery),
    },
  };
}

export function toReportSummary(body: unknown): ReportSummary {
  const o = obj(body);
  const totals = obj(o['totals']);
  const pain = obj(o['pain']);
  return {
    days: num(o['days']) ?? 0, from_ms: num(o['from_ms']) ?? 0, to_ms: num(o['to_ms']) ?? 0, time_zone: str(o['time_zone']) ?? '',
    day_keys: strings(o['day_keys']), categories: strings(o['categories']),
    tasks_per_day: list(o['tasks_per_day']).map((x) => {
      const d = obj(x);
      return { day: str(d['day']) ?? '', counts: numbers(d['counts']), total: num(d['total']) ?? 0 };
    }),
    totals: {
      tasks: num(totals['tasks']) ?? 0, completed: num(totals['completed']) ?? 0, failed: num(totals['failed']) ?? 0,
      canceled: num(totals['canceled']) ?? 0, open: num(totals['open']) ?? 0,
    },
    durations: list(o['durations']).map((x) => {
      const d = obj(x);
      const n = (k: string) => num(d[k]) ?? 0;
      return { category: str(d['category']) ?? '', count: n('count'), min_s: n('min_s'), q1_s: n('q1_s'), median_s: n('median_s'), q3_s: n('q3_s'), p90_s: n('p90_s'), max_s: n('max_s') };
    }),
    failures: list(o['failures']).map((x) => ({ code: str(obj(x)['code']) ?? '', count: num(obj(x)['count']) ?? 0 })),
    pain: {
      readings: list(pain['readings']).map((x) => {
        const r = obj(x);
        return { time_ms: num(r['time_ms']) ?? 0, bed: str(r['bed']) ?? '', value: num(r['value']) ?? NaN, task_id: str(r['task_id']) ?? '' };
      }).filter((r) => r.value >= 0 && r.value <= 10),
      daily: list(pain['daily']).map((x) => {
        const d = obj(x);
        return { day: str(d['day']) ?? '', count: num(d['count']) ?? 0, median: num(d['median']) ?? 0, max: num(d['max']) ?? 0 };
      }),
    },
  };
}

const ACTOR_KINDS: readonly AuditEntry['actor']['kind'][] = ['staff', 'robot', 'system', 'patient'];

export function toAuditEntry(v: unknown): AuditEntry | null {
  const o = obj(v);
  const seq = num(o['seq']);
  if (seq === null) return null;
  const actor = obj(o['actor']);
  const subject = obj(o['subject']);
  const kind = str(actor['kind']) as AuditEntry['actor']['kind'] | null;
  return {
    seq, time_ms: num(o['time_ms']) ?? 0,
    actor: { kind: kind && ACTOR_KINDS.includes(kind) ? kind : 'system', id: str(actor['id']) ?? '' },
    action: str(o['action']) ?? '', subject: { type: str(subject['type']) ?? '', id: str(subject['id']) ?? '' },
    reason: str(o['reason']), data: record(o['data']) as AuditEntry['data'], prev_hash: str(o['prev_hash']) ?? '', hash: str(o['hash']) ?? '',
  };
}

export const toAuditEntries = (v: unknown): AuditEntry[] =>
  list(v).map(toAuditEntry).filter((e): e is AuditEntry => e !== null).sort((a, b) => a.seq - b.seq);

export function toAuditVerify(body: unknown): AuditVerify {
  const o = obj(body);
  const broken = record(o['first_broken']);
  return {
    ok: o['ok'] === true, entries: num(o['entries']) ?? 0,
    ...(broken ? { first_broken: { seq: num(broken['seq']) ?? 0, reason: str(broken['reason']) ?? '' } } : {}),
  };
}
