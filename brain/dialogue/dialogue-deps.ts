// Everything the dialogue may touch, and nothing more. There is deliberately no drawer, no skill,
// no task and no planner here: whatever a patient says (or a model writes), the dialogue can only
// speak, raise an alert, read the sources, and write its records. That is how "open drawer 3"
// stays a sentence.
import type { Language, MedicationOrder, Patient, Place } from '../../robot/index.js';
import type { RaiseAlertInput } from '../alerts/index.js';
import type { AuditSink } from '../audit/index.js';
import type { EducationLibrary } from '../education/index.js';
import type { ModelProvider, Redactor } from '../llm/types.js';
import type { DialogueRecords } from './dialogue-records.js';

/** Pino's logger fits; tests pass a recorder. */
export interface DialogueLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The ward records the dialogue reads (WardRecords fits; PatientDirectory has no per-patient order list). */
export interface DialogueDirectory {
  orders(query: { patient: string; status: 'active' }): MedicationOrder[];
}

export interface DialogueDeps {
  /** The brain's clock (ms). */
  now(): number;
  /** The patient in the bed where the robot stands, or null. */
  patientAt(robot: string): Patient | null;
  /** The place where the robot stands (its label names the bed in alerts), or null. */
  placeOf(robot: string): Place | null;
  /**
   * The task the robot is running, or null. Red-flag alerts carry it, so that the AlertService
   * dedupes them with the alert the task's own workflow raises for the same words.
   */
  activeTask(robot: string): string | null;
  /**
   * True while a workflow on this robot waits for the patient's answer to its own question: the
   * workflow owns the answer, so only red flags are looked for and the dialogue says nothing.
   */
  isListening(robot: string): boolean;
  /** Sends a Speak goal; resolves when the robot has said it. */
  speak(robot: string, text: string, language: Language): Promise<void>;
  /** The AlertService (it dedupes per kind, task and bed while an alert is open). */
  alerts: { raise(input: RaiseAlertInput): { id: string } };
  audit: AuditSink;
  directory: DialogueDirectory;
  library: EducationLibrary;
  /** null: deterministic mode, no model is asked anything. */
  model: ModelProvider | null;
  /** Replaces the patient's identifiers before anything leaves for an off-site model. */
  redactorFor(patient: Patient | null): Redactor;
  /** Where turns are stored. */
  turns: DialogueRecords;
  logger: DialogueLogger;
  /** How long a model may take before the deterministic answer is given (wall ms; default 8000). */
  modelTimeoutMs?: number;
}
