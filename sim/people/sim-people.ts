// The simulated people of a ward: patients in their beds, who answer a robot's questions by
// speaking (an Utterance on /<robot>/patient_speech, the topic speech recognition publishes on a
// real robot), and staff who come to sign in at a robot. Scenarios script them; unscripted people
// behave plausibly (see default-answers.ts).
import type { Logger } from 'pino';
import { MESSAGE_TYPES, robotNames, type Language, type Patient, type Time, type Utterance } from '../../robot/index.js';
import type { Publisher, RosGraph, RosNode } from '../rosbridge/index.js';
import type { SimTimers, SimWorld } from '../world/index.js';
import { defaultAnswer } from './default-answers.js';
import { ScriptedPatient, checkScript } from './patient-script.js';
import { StaffDesk, type PlannedSignIn } from './staff-desk.js';
import type { DefaultResponder, HeardQuestion, PatientScript, PatientVoice, StaffCredential } from './types.js';

/** Recogniser confidence the simulated speech is heard with. */
export const SIM_SPEECH_CONFIDENCE = 0.95;
export const PEOPLE_NODE = '/sim_patients';

/** What the robot's sensors can find at a bed. */
export interface BedOccupant {
  patient: Patient;
  present: boolean;
  /** What is printed on the band: the scripted override or the patient's own code. */
  wristband: string;
  /** Whether the band's print can be decoded at all (a scenario can wear it out). */
  wristbandReadable: boolean;
}

export interface SimPeopleOptions {
  world: SimWorld;
  graph: RosGraph;
  timers: SimTimers;
  /** Header stamps, on the simulation's clock. */
  stamp: () => Time;
  defaultResponder?: DefaultResponder | null;
  logger?: Logger;
}

export class SimPeople {
  private readonly scripts = new Map<string, ScriptedPatient>();
  private readonly desk: StaffDesk;
  private readonly node: RosNode;
  private readonly speech = new Map<string, Publisher<Utterance>>();
  private readonly cancels = new Set<() => void>();
  private voice: PatientVoice | undefined;

  constructor(private readonly opts: SimPeopleOptions) {
    const robots = opts.world.robots.map((r) => r.name);
    this.desk = new StaffDesk(robots, () => opts.world.clock.now());
    if (opts.defaultResponder) this.desk.setDefaultResponder(opts.defaultResponder);
    this.node = opts.graph.createNode(PEOPLE_NODE);
    for (const r of robots) this.speech.set(r, this.node.createPublisher<Utterance>(robotNames(r).patientSpeech, MESSAGE_TYPES.patientSpeech));
  }

  /** Patients speak as audio through `voice` (the simulator's voice mode), or as text with null. */
  useVoice(voice: PatientVoice | null): void {
    this.voice = voice ?? undefined;
  }

  /** The ward's patients (`ward.people.patients`). */
  patients(): readonly Patient[] {
    return this.opts.world.ward.people.patients;
  }

  /**
   * Scripts one patient, named by record number or by bed place name. Fields left out keep what an
   * earlier script said, or the default. Throws naming the bad field or the unknown patient.
   */
  script(recordNumberOrBed: string, script: PatientScript): void {
    const patient = this.find(recordNumberOrBed);
    const checked = checkScript(recordNumberOrBed, script);
    this.scripted(patient).merge(checked);
  }

  /** Forgets every patient script: everyone present, default answers. */
  clearScripts(): void {
    this.scripts.clear();
  }

  /** Who lies in `bed`, or undefined when the bed is empty. */
  occupant(bed: string): BedOccupant | undefined {
    const patient = this.patients().find((p) => p.bed === bed);
    if (!patient) return undefined;
    const s = this.scripts.get(patient.recordNumber);
    return { patient, present: s?.present ?? true, wristband: s?.wristband ?? patient.wristband, wristbandReadable: s?.wristbandReadable ?? true };
  }

  /**
   * A robot at `bed` has just finished asking `q`. A present, talking patient in that bed answers
   * after their delay by speaking on the robot's patient_speech topic.
   */
  questionAsked(robot: string, bed: string, q: HeardQuestion): void {
    const occ = this.occupant(bed);
    const pub = this.speech.get(robot);
    if (!occ?.present || !pub) return;
    const s = this.scripted(occ.patient);
    if (s.silent) return;
    const scripted = s.nextAnswer(q.questionId);
    const answer = scripted === undefined ? defaultAnswer(occ.patient, q) : { text: scripted, language: occ.patient.language };
    const cancel = this.opts.timers.after(s.answerDelayS, () => {
      this.cancels.delete(cancel);
      this.opts.logger?.debug({ robot, bed, question: q.questionId, answer: answer.text }, 'simulated patient answers');
      if (this.voice) return this.voice.speak(robot, answer.text, answer.language, { wake: false });
      pub.publish({
        header: { stamp: this.opts.stamp(), frame_id: `${robot}/microphone` },
        text: answer.text, language: answer.language, confidence: SIM_SPEECH_CONFIDENCE, source: 'sim',
      });
    });
    this.cancels.add(cancel);
  }

  /**
   * The patient at `robot` speaks unprompted (a request, a question, a cry for help), `afterS` sim
   * seconds from now: what speech recognition would publish for them on the robot's patient_speech.
   */
  patientSays(robot: string, text: string, language: Language, afterS = 0): void {
    const pub = this.speech.get(robot);
    if (!pub) throw new Error(`no robot "${robot}" in the simulation`);
    const cancel = this.opts.timers.after(afterS, () => {
      this.cancels.delete(cancel);
      if (this.voice) return this.voice.speak(robot, text, language, { wake: true });
      pub.publish({ header: { stamp: this.opts.stamp(), frame_id: `${robot}/microphone` }, text, language, confidence: SIM_SPEECH_CONFIDENCE, source: 'sim' });
    });
    this.cancels.add(cancel);
  }

  // ---- staff ----

  /** Queues a sign-in at `robot`, taken by the running or next authenticate_staff goal, `afterS` sim seconds after the later of now and its start. */
  staffArrives(robot: string, credential: StaffCredential, afterS = 0): void {
    this.desk.arrive(robot, credential, afterS);
  }

  clearStaffArrivals(robot?: string): void {
    this.desk.clear(robot);
  }

  queuedStaffArrivals(robot: string): readonly { credential: StaffCredential; afterS: number }[] {
    return this.desk.queued(robot);
  }

  get defaultResponder(): DefaultResponder | null {
    return this.desk.defaultResponder;
  }

  /** A nurse who comes to any robot asking for staff when no arrival is queued there; null for nobody. */
  setDefaultResponder(r: DefaultResponder | null): void {
    this.desk.setDefaultResponder(r);
  }

  /** @internal for the authenticate_staff server */
  nextSignIn(robot: string, goalStartMs: number): PlannedSignIn | undefined {
    return this.desk.next(robot, goalStartMs);
  }

  /** @internal for the authenticate_staff server */
  onStaffChange(robot: string, cb: () => void): () => void {
    return this.desk.onChange(robot, cb);
  }

  destroy(): void {
    for (const c of this.cancels) c();
    this.cancels.clear();
    this.node.destroy();
  }

  private scripted(p: Patient): ScriptedPatient {
    let s = this.scripts.get(p.recordNumber);
    if (!s) this.scripts.set(p.recordNumber, (s = new ScriptedPatient()));
    return s;
  }

  private find(key: string): Patient {
    const all = this.patients();
    const p = all.find((x) => x.recordNumber === key) ?? all.find((x) => x.bed === key);
    if (p) return p;
    const known = all.map((x) => (x.bed ? `${x.recordNumber} (${x.bed})` : x.recordNumber));
    throw new RangeError(`people.script: no patient with record number or bed "${key}" (patients: ${known.join(', ') || 'none; the ward lists no people'})`);
  }
}
