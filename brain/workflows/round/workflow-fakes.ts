// Test support for the bedside workflows: a small ward, a scripted robot that records every skill
// call, fake services that capture alerts and follow-up tasks, and a WorkflowContext on a ManualClock.
import pino from 'pino';
import type { Patient, Place, WardMap } from '../../../robot/index.js';
import { ManualClock } from '../../manual-clock.js';
import type { JsonObject } from '../../store/types.js';
import type { DispatchRequest } from '../../tasks/dispatch-request.js';
import type { Question, RobotSkills } from '../engine/skills.js';
import type { WorkflowContext } from '../engine/types.js';
import { DEFAULT_TIMING, type AlertInput, type WorkflowServices } from '../services.js';

export const bedPlace = (n: number, x: number): Place => ({
  name: `bed_${n}`, kind: 'bed', level: 'L1', x, y: 0, yaw: null, label: { en: `Bed ${n}`, 'zh-CN': `${n}号床` }, vertex: null,
});

export const PLACES: Place[] = [
  bedPlace(1, 1), bedPlace(2, 2), bedPlace(3, 3), bedPlace(4, 10),
  { name: 'nurse_station', kind: 'nurse_station', level: 'L1', x: 0, y: 0, yaw: null, label: { en: 'Nurse station', 'zh-CN': '护士站' }, vertex: null },
];

export const patient = (n: number, extra: Partial<Patient> = {}): Patient => ({
  recordNumber: `MRN00${n}`, name: `Patient ${n}`, otherNames: [], birthDate: '1950-01-01', language: 'en',
  conditions: [], allergies: [], wristband: `WB${n}`, bed: `bed_${n}`, ...extra,
});

export const PATIENTS: Patient[] = [
  patient(1, { name: 'Wang Fang', otherNames: ['王芳'], language: 'zh-CN', conditions: ['fall_prevention'] }),
  patient(2, { name: 'John Smith', conditions: ['hypertension', 'fall_prevention'] }),
  patient(3, { name: 'Li Wei', otherNames: ['李伟'], language: 'zh-CN' }),
  patient(4, { name: 'Mary Jones' }),
];

export const WARD = { name: 'test ward', file: '/test.ward.yaml', places: PLACES, robots: [], graphs: null, warnings: [], people: { patients: PATIENTS, staff: [], orders: [] } } as unknown as WardMap;

/** What the patient in one bed does: whether they are there, and their answers by question id, in turn. */
export interface BedScript {
  present: boolean;
  answers: Record<string, (string | null)[]>;
}

export interface SkillCall {
  skill: string;
  arg: string;
}

/** A robot whose patients follow `scripts`; answers not scripted are silence (null). */
export function scriptedSkills(scripts: Record<string, BedScript>): { skills: RobotSkills; calls: SkillCall[] } {
  const calls: SkillCall[] = [];
  let here: string | null = null;
  const skills = {
    robot: 'tinybot_1',
    async navigate(place: Place) { calls.push({ skill: 'navigate', arg: place.name }); here = place.name; },
    async speak(text: string) { calls.push({ skill: 'speak', arg: text }); },
    async detectPerson() {
      calls.push({ skill: 'detect_person', arg: here ?? '' });
      return { found: here !== null && (scripts[here]?.present ?? false), confidence: 0.9 };
    },
    async ask(q: Question) {
      calls.push({ skill: 'ask', arg: q.id });
      const queue = here === null ? undefined : scripts[here]?.answers[q.id];
      const next = queue && queue.length ? queue.shift() : null;
      return next === null || next === undefined ? null : { text: next, language: q.language, confidence: 0.9 };
    },
  };
  return { skills: skills as unknown as RobotSkills, calls };
}

export interface FakeServices {
  services: WorkflowServices;
  alerts: AlertInput[];
  followUps: DispatchRequest[];
}

export function fakeServices(patients: readonly Patient[] = PATIENTS, robotAt: Place | null = PLACES[4]!): FakeServices {
  const alerts: AlertInput[] = [];
  const followUps: DispatchRequest[] = [];
  const services = {
    ward: WARD,
    directory: {
      patient: (mrn: string) => patients.find((p) => p.recordNumber === mrn) ?? null,
      patientInBed: (bed: string) => patients.find((p) => p.bed === bed) ?? null,
      patients: () => [...patients],
    },
    alerts: { raise: (a: AlertInput) => { alerts.push(a); return { id: `alert-${alerts.length}` }; } },
    followUp: async (r: DispatchRequest) => { followUps.push(r); return `task-follow-${followUps.length}`; },
    placeOfRobot: () => robotAt,
    handBackBatteryPct: 20,
    timing: DEFAULT_TIMING,
  };
  return { services: services as unknown as WorkflowServices, alerts, followUps };
}

export interface FakeContext {
  ctx: WorkflowContext;
  clock: ManualClock;
  saved: JsonObject[];
  notes: { kind: string; text: string }[];
}

export function fakeContext(skills: RobotSkills, options: {
  taskId?: string; description?: JsonObject; resumed?: boolean; state?: JsonObject | null; battery?: () => number;
} = {}): FakeContext {
  const clock = new ManualClock(Date.UTC(2025, 2, 3, 9, 0));
  const saved: JsonObject[] = [];
  const notes: { kind: string; text: string }[] = [];
  const ctx: WorkflowContext = {
    taskId: options.taskId ?? 'task-1', robot: 'tinybot_1', runId: 'run-1', description: options.description ?? {}, requester: null,
    skills, clock, log: pino({ enabled: false }), signal: new AbortController().signal,
    resumed: options.resumed ?? false, state: options.state ?? null,
    save: (s) => { saved.push(structuredClone(s)); },
    note: (kind, text) => { notes.push({ kind, text }); },
    waitForInput: () => Promise.reject(new Error('no staff input in this workflow')),
    batteryPct: options.battery ?? (() => 90),
  };
  return { ctx, clock, saved, notes };
}
