// Test support for patient dialogue: a patient with two medication orders at bed 3, a robot that
// records what it says (and can be held mid-sentence), alerts stamped with the test clock, a real
// audit log and turn store on an in-memory database, and scripted model providers.
import type Database from 'better-sqlite3';
import type { Language, MedicationOrder, Patient, Place } from '../../robot/index.js';
import type { RaiseAlertInput } from '../alerts/index.js';
import { AuditLog } from '../audit/index.js';
import { loadLibrary } from '../education/index.js';
import type { ChatReply, ChatRequest, ModelProvider, Redactor } from '../llm/types.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import type { DialogueDeps, DialogueLogger } from './dialogue-deps.js';
import { DialogueRecords } from './dialogue-records.js';

export const LIBRARY = loadLibrary();

export const BED_3: Place = { name: 'bed_3', kind: 'bed', level: 'L1', x: 3, y: 0, yaw: null, label: { en: 'Bed 3', 'zh-CN': '3号床' }, vertex: null };

export const WANG: Patient = {
  recordNumber: 'MRN-200001', name: 'Wang Fang', otherNames: ['王芳'], birthDate: '1956-03-02', language: 'zh-CN',
  conditions: ['diabetes', 'insulin_use'], allergies: ['penicillin'], wristband: 'WB-200001', bed: 'bed_3',
};

export const ORDERS: MedicationOrder[] = [
  { id: 'MR-2001', patient: WANG.recordNumber, medication: { code: '861007', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display: 'metformin 500 MG Oral Tablet' },
    dosage: '500 mg by mouth at 08:00 and 18:00', status: 'active', controlled: false },
  { id: 'MR-2002', patient: WANG.recordNumber, medication: { code: '106892', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display: 'insulin glargine 100 UNT/ML Injectable Solution' },
    dosage: '10 units under the skin at 22:00', status: 'active', controlled: false },
  { id: 'MR-1999', patient: WANG.recordNumber, medication: { code: '197361', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display: 'amlodipine 5 MG Oral Tablet' },
    dosage: '5 mg by mouth once daily', status: 'stopped', controlled: false },
];

export interface Spoken {
  robot: string;
  text: string;
  language: Language;
  atMs: number;
}

export interface Raised extends RaiseAlertInput {
  id: string;
  atMs: number;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

/** What happened, in order: alerts, speech and model calls, as one timeline. */
export type Event = `alert:${string}` | `speak:${string}` | 'model:asked' | 'model:answered';

export interface Rig {
  deps: DialogueDeps;
  clock: ManualClock;
  db: Database.Database;
  audit: AuditLog;
  turns: DialogueRecords;
  spoken: Spoken[];
  alerts: Raised[];
  logs: LogLine[];
  events: Event[];
  /** While set, speak() waits for `releaseSpeech()`. */
  holdSpeech(): void;
  releaseSpeech(): void;
}

export interface RigOptions {
  patient?: Patient | null;
  listening?: boolean;
  model?: ModelProvider | null;
  modelTimeoutMs?: number;
  speakFails?: boolean;
}

export async function makeRig(opts: RigOptions = {}): Promise<Rig> {
  const db = await openTestDatabase();
  const clock = new ManualClock(Date.UTC(2025, 5, 1, 8, 0, 0));
  const audit = new AuditLog(db, { clock });
  const turns = new DialogueRecords(db);
  const spoken: Spoken[] = [];
  const alerts: Raised[] = [];
  const logs: LogLine[] = [];
  const events: Event[] = [];
  let held: Promise<void> | null = null;
  let release: () => void = () => {};
  const patient = opts.patient === undefined ? WANG : opts.patient;
  const log = (level: LogLine['level']) => (obj: object, msg: string) => { logs.push({ level, obj, msg }); };
  const logger: DialogueLogger = { info: log('info'), warn: log('warn'), error: log('error') };
  const deps: DialogueDeps = {
    now: () => clock.now(),
    patientAt: (robot) => (robot === 'robot_1' ? patient : null),
    placeOf: (robot) => (robot === 'robot_1' ? BED_3 : null),
    activeTask: () => null,
    isListening: () => opts.listening ?? false,
    async speak(robot, text, language) {
      events.push(`speak:${text}`);
      if (held) await held;
      if (opts.speakFails) throw new Error('speak goal rejected');
      spoken.push({ robot, text, language, atMs: clock.now() });
    },
    alerts: {
      raise(input) {
        const id = `alert-${alerts.length + 1}`;
        alerts.push({ ...input, id, atMs: clock.now() });
        events.push(`alert:${input.kind}`);
        return { id };
      },
    },
    audit,
    directory: { orders: (q) => ORDERS.filter((o) => o.patient === q.patient && o.status === q.status) },
    library: LIBRARY,
    model: opts.model ?? null,
    redactorFor: () => identityRedactor,
    turns,
    logger,
    ...(opts.modelTimeoutMs !== undefined ? { modelTimeoutMs: opts.modelTimeoutMs } : {}),
  };
  return {
    deps, clock, db, audit, turns, spoken, alerts, logs, events,
    holdSpeech() { held = new Promise((resolve) => { release = resolve; }); },
    releaseSpeech() { held = null; release(); },
  };
}

export const identityRedactor: Redactor = { redact: (t) => t, restore: (t) => t, restoreValue: (v) => v };

/** A model that answers `content` (and optionally asks for tools), recording each request. */
export function scriptedModel(answer: (req: ChatRequest) => string | null | Promise<string | null>, opts: { toolCalls?: string[]; events?: Event[] } = {}): ModelProvider & { requests: ChatRequest[] } {
  const requests: ChatRequest[] = [];
  return {
    requests,
    info: { baseUrl: 'http://model.test/v1', model: 'test-model', site: 'on_site', vision: false },
    async chat(req: ChatRequest): Promise<ChatReply> {
      requests.push(req);
      opts.events?.push('model:asked');
      const content = await answer(req);
      opts.events?.push('model:answered');
      const toolCalls = (opts.toolCalls ?? []).map((name, i) => ({ id: `call_${i}`, name, arguments: {}, error: null }));
      return {
        content, toolCalls, finishReason: toolCalls.length ? 'tool_calls' : 'stop', usage: { promptTokens: 100, completionTokens: 20, estimated: true },
        model: 'test-model', latencyMs: 5, message: { role: 'assistant', content },
      };
    },
  };
}
