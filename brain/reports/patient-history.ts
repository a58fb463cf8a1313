// One patient's story on the ward, gathered from the record stores that already keep it: what ward
// rounds heard (pain and the other answers, over time), how health education went per topic (sessions,
// teach-back results, a repeat due), and the deliveries of their orders with the custody chain. Read
// only; each part comes from its store's own per-patient query.
import type { MedicationOrder, Patient } from '../../robot/index.js';
import type { Alert } from '../alerts/index.js';
import { alertToWire, type WireAlert } from '../alerts/index.js';
import { custodyToWire, type WireCustodyEntry } from '../api/routes/ward-routes.js';
import type { CustodyEntry, Dispense } from '../custody/custody-ledger.js';
import type { JsonObject } from '../store/types.js';
import type { TaskState } from '../tasks/task-state.js';
import type { EducationSession } from '../workflows/education/education-records.js';
import type { RoundVisit } from '../workflows/round/round-records.js';

/** What the history reads; each is a store's existing query. */
export interface PatientHistorySources {
  patient(recordNumber: string): Patient | null;
  orders(query: { patient: string }): MedicationOrder[];
  /** RoundRecords.visitsOf */
  /** RoundRecords.visitsOf; null where the viewer may not read round answers. */
  visitsOf: ((recordNumber: string) => RoundVisit[]) | null;
  /** EducationRecords.sessions; null where the brain keeps no education records. */
  sessions: ((recordNumber: string) => EducationSession[]) | null;
  /** A section's title in both languages from the education library; null for a section it no longer has. */
  sectionTitle?: ((topic: string, section: string) => { en: string; 'zh-CN': string } | null) | null;
  /** CustodyLedger.entries */
  custody(query: { taskId?: string; patient?: string }): CustodyEntry[];
  /** CustodyLedger.dispenses */
  dispenses(query: { orderId: string }): Dispense[];
  alert(id: string): Alert | null;
  task(id: string): Promise<TaskState | null>;
}

export interface WireRoundAnswer {
  question: string;
  /** What the patient said. */
  text: string;
  value: number | boolean | string | null;
  unclear: boolean;
  red_flags: string[];
}

export interface WireRoundVisit {
  task_id: string;
  bed: string;
  time_ms: number;
  status: RoundVisit['status'];
  detail: string | null;
  answers: WireRoundAnswer[];
  alerts: WireAlert[];
}

export interface WireEducationSession {
  task_id: string;
  time_ms: number;
  version: string;
  language: string;
  sections_taught: string[];
  checks: { question_id: string; section: string; understood: boolean; answer: string }[];
  understood: number;
  total: number;
}

export interface WireEducationTopic {
  topic: string;
  sessions: WireEducationSession[];
  /** Sections the latest session found not understood: what the next one goes over again. */
  not_understood: string[];
  /** Titles of the sections named above and in the sessions, in both languages, from the library. */
  section_titles: Record<string, { en: string; 'zh-CN': string }>;
  /** The follow-up lesson queued after the latest session, if any, and where it stands. */
  repeat: { task_id: string; status: string | null; due_ms: number | null } | null;
}

export interface WireDelivery {
  task_id: string;
  status: string | null;
  requested_ms: number | null;
  finished_ms: number | null;
  robot: string | null;
  /** This patient's orders the task carried. */
  orders: string[];
  /** The custody steps of this patient's drawer(s), and the task's own steps (no patient named). */
  custody: WireCustodyEntry[];
  /** FHIR MedicationDispense resources of this patient's orders in the task. */
  dispenses: JsonObject[];
}

export interface WirePatientHistory {
  patient: {
    record_number: string; name: string; other_names: string[]; birth_date: string; bed: string | null;
    language: string; conditions: string[]; allergies: string[];
  };
  /** `available` is false where the viewer's role does not read round answers. */
  rounds: { available: boolean; visits: WireRoundVisit[]; pain: { time_ms: number; value: number; task_id: string }[] };
  education: { available: boolean; topics: WireEducationTopic[] };
  deliveries: {
    orders: { id: string; medication: string; dosage: string; status: string; controlled: boolean }[];
    tasks: WireDelivery[];
  };
}

export class UnknownPatient extends Error {
  override readonly name = 'UnknownPatient';
  constructor(readonly recordNumber: string) {
    super(`no patient "${recordNumber}" in the ward records`);
  }
}

function visitToWire(v: RoundVisit, alert: (id: string) => Alert | null): WireRoundVisit {
  return {
    task_id: v.taskId, bed: v.bed, time_ms: v.timeMs, status: v.status, detail: v.detail,
    answers: v.answers.map((a) => ({ question: a.question, text: a.raw, value: a.value, unclear: a.unclear, red_flags: a.redFlags })),
    alerts: v.alerts.map(alert).filter((a): a is Alert => a !== null).map(alertToWire),
  };
}

function sessionToWire(s: EducationSession): WireEducationSession {
  return {
    task_id: s.taskId, time_ms: s.timeMs, version: s.version, language: s.language, sections_taught: s.sectionsTaught,
    checks: s.checks.map((c) => ({ question_id: c.questionId, section: c.section, understood: c.understood, answer: c.rawAnswer })),
    understood: s.checks.filter((c) => c.understood).length, total: s.checks.length,
  };
}

/** Custody steps of `patient` in one task, with the task's steps that name nobody on the same drawers (or none). */
export function patientChain(taskEntries: readonly CustodyEntry[], patient: string): CustodyEntry[] {
  const drawers = new Set(taskEntries.filter((e) => e.patient === patient && e.drawer !== null).map((e) => e.drawer));
  return taskEntries.filter((e) => e.patient === patient || (e.patient === null && (e.drawer === null || drawers.has(e.drawer))));
}

export async function patientHistory(recordNumber: string, src: PatientHistorySources): Promise<WirePatientHistory> {
  const p = src.patient(recordNumber);
  if (!p) throw new UnknownPatient(recordNumber);

  const visits = src.visitsOf ? src.visitsOf(recordNumber) : [];
  const pain = visits.flatMap((v) => v.answers
    .filter((a) => a.question === 'pain' && !a.unclear && typeof a.value === 'number')
    .map((a) => ({ time_ms: v.timeMs, value: a.value as number, task_id: v.taskId })));

  const topics: WireEducationTopic[] = [];
  const sessions = src.sessions ? src.sessions(recordNumber) : [];
  for (const topic of [...new Set(sessions.map((s) => s.topic))]) {
    const ofTopic = sessions.filter((s) => s.topic === topic);
    const latest = ofTopic[ofTopic.length - 1]!;
    const repeatTask = latest.repeatTaskId ? await src.task(latest.repeatTaskId) : null;
    const named = new Set(ofTopic.flatMap((s) => [...s.sectionsTaught, ...s.checks.map((c) => c.section)]));
    const titles: WireEducationTopic['section_titles'] = {};
    for (const section of named) {
      const title = src.sectionTitle?.(topic, section);
      if (title) titles[section] = title;
    }
    topics.push({
      topic,
      sessions: ofTopic.map(sessionToWire),
      not_understood: [...new Set(latest.checks.filter((c) => !c.understood).map((c) => c.section))],
      section_titles: titles,
      repeat: latest.repeatTaskId ? {
        task_id: latest.repeatTaskId,
        status: repeatTask?.status ?? null,
        due_ms: repeatTask ? repeatTask.booking.unix_millis_earliest_start_time ?? repeatTask.booking.unix_millis_request_time : null,
      } : null,
    });
  }

  const orders = src.orders({ patient: recordNumber });
  const mine = src.custody({ patient: recordNumber });
  const deliveries: WireDelivery[] = [];
  for (const taskId of [...new Set(mine.map((e) => e.taskId))]) {
    const task = await src.task(taskId);
    const chain = patientChain(src.custody({ taskId }), recordNumber);
    const carried = [...new Set(chain.map((e) => e.orderId).filter((o): o is string => o !== null))];
    deliveries.push({
      task_id: taskId,
      status: task?.status ?? null,
      requested_ms: task?.booking.unix_millis_request_time ?? null,
      finished_ms: task?.unix_millis_finish_time ?? null,
      robot: task?.assigned_to?.name ?? chain[0]?.robot ?? null,
      orders: carried,
      custody: chain.map(custodyToWire),
      dispenses: carried.flatMap((orderId) => src.dispenses({ orderId }).filter((d) => d.taskId === taskId).map((d) => d.resource)),
    });
  }
  // Newest delivery first, as staff look for the latest.
  deliveries.sort((a, b) => (b.requested_ms ?? 0) - (a.requested_ms ?? 0));

  return {
    patient: {
      record_number: p.recordNumber, name: p.name, other_names: p.otherNames, birth_date: p.birthDate, bed: p.bed,
      language: p.language, conditions: p.conditions, allergies: p.allergies,
    },
    rounds: { available: src.visitsOf !== null, visits: visits.map((v) => visitToWire(v, src.alert)), pain },
    education: { available: src.sessions !== null, topics },
    deliveries: {
      orders: orders.map((o) => ({ id: o.id, medication: o.medication.display, dosage: o.dosage, status: o.status, controlled: o.controlled })),
      tasks: deliveries,
    },
  };
}
