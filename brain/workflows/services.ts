// What the ward workflows need from the rest of the brain, as narrow interfaces: the ward records,
// staff accounts, alerts, audit, custody, education. brain/start.ts wires the real services in;
// each workflow sees only these shapes.
import type { Language, MedicationOrder, Patient, Place, WardMap } from '../../robot/index.js';
import type { CustodyLedger, AuditAppend } from '../custody/custody-ledger.js';
import type { DrawerGuard } from '../custody/drawer-guard.js';
import type { DispatchRequest } from '../tasks/dispatch-request.js';
import type { JsonObject } from '../store/types.js';
import type { StaffUser } from './engine/types.js';
import type { AlertKind, RaiseAlertInput } from '../alerts/index.js';
import type { BadgeCheck } from '../auth/index.js';

export interface PatientDirectory {
  patient(recordNumber: string): Patient | null;
  patientInBed(bed: string): Patient | null;
  patients(): Patient[];
  order(id: string): MedicationOrder | null;
  /** Throws when the order is no longer in `expected` (someone else completed or stopped it). */
  setOrderStatus(id: string, status: MedicationOrder['status'], expected: MedicationOrder['status']): void;
}

// Alerts and staff checks are the alerts and auth parts' own types, so a new alert kind or a new
// refusal reason is written once.
export type { AlertKind };
export type AlertInput = RaiseAlertInput;

export interface AlertSink {
  raise(alert: AlertInput): { id: string };
}

export type { BadgeCheck };

export interface StaffDirectory {
  /** A badge and PIN entered at the robot. */
  verifyBadge(badge: string, pin: string, robot: string): Promise<BadgeCheck>;
  /** A witness's username and password typed beside the pharmacist (controlled drugs). */
  verifyPassword(username: string, password: string): Promise<StaffUser | null>;
  rolesOf(username: string): string[];
}

export interface DispenseInput {
  order: MedicationOrder;
  patient: Patient;
  robot: string;
  receiver: string;
  pharmacist: string;
  whenHandedOver: string;
  status: 'completed';
}

export interface WorkflowServices {
  ward: WardMap;
  directory: PatientDirectory;
  staff: StaffDirectory;
  alerts: AlertSink;
  audit: AuditAppend;
  custody: CustodyLedger;
  guard: DrawerGuard;
  /** A FHIR R4 MedicationDispense for the custody record. */
  medicationDispense(input: DispenseInput): JsonObject;
  /** Queues a follow-up task (a repeat lesson, the rest of a handed-back round); resolves its id. */
  followUp(request: DispatchRequest): Promise<string>;
  /** The place a robot stands at now, if any (within a metre and a half). */
  placeOfRobot(robot: string): Place | null;
  /** Battery below which a robot finishes what it must and hands the rest back. */
  handBackBatteryPct: number;
  /** How long a patient has to answer, a nurse to come, a pharmacist to load (seconds). */
  timing: WorkflowTiming;
}

export interface WorkflowTiming {
  answerS: number;
  nurseS: number;
  loadS: number;
  unloadS: number;
}

export const DEFAULT_TIMING: WorkflowTiming = { answerS: 30, nurseS: 300, loadS: 1800, unloadS: 1800 };
