// The custody record of one hand-off: a FHIR R4 MedicationDispense naming who loaded the drawer (the
// pharmacist), who carried it (the robot, a Device: it never administers), and who took it at the
// bedside (the nurse), or why the hand-off was declined or stopped.
import type { MedicationOrder, Patient, StaffMember, StaffRole } from '../../../robot/index.js';
import {
  DISPENSE_PERFORMER_FUNCTION_SYSTEM, IDENTIFIER_TYPE_SYSTEM, MEDICAL_RECORD_TYPE, ROBOT_SYSTEM, STAFF_USERNAME_SYSTEM,
} from './codes.js';
import { MedicationDispenseError } from './errors.js';
import { fhirId } from './to-bundle.js';

export const DISPENSE_OUTCOMES = ['completed', 'declined', 'stopped'] as const;
export type DispenseOutcome = (typeof DISPENSE_OUTCOMES)[number];

export interface DispenseInput {
  order: MedicationOrder;
  patient: Patient;
  /** The robot's name, e.g. "robot_1". */
  robot: string;
  /** The nurse who took the medication at the bedside. */
  receiver: StaffMember;
  /** The pharmacist who loaded the drawer. */
  pharmacist: StaffMember;
  /** When the drawer was handed over (or the hand-off ended): a Date, epoch milliseconds or an ISO date-time. */
  whenHandedOver: Date | number | string;
  status: DispenseOutcome;
  /** Required for declined and stopped: why, e.g. { text: 'wristband did not match the order' }. */
  statusReason?: { text: string; code?: string; system?: string };
  /** Resource id; defaults to one made from the order id and the hand-off time. */
  id?: string;
}

interface Reference {
  type: string;
  identifier: { system?: string; type?: unknown; value: string };
  display: string;
  reference?: string;
}

export interface MedicationDispense {
  resourceType: 'MedicationDispense';
  id: string;
  status: DispenseOutcome;
  statusReasonCodeableConcept?: { coding?: { system: string; code: string }[]; text: string };
  medicationCodeableConcept: { coding: { system: string; code: string; display: string }[]; text: string };
  subject: Reference;
  performer: { function: { coding?: { system: string; code: string; display: string }[]; text: string }; actor: Reference }[];
  authorizingPrescription: { reference: string; type: 'MedicationRequest' }[];
  receiver: Reference[];
  dosageInstruction: { text: string }[];
  whenHandedOver: string;
}

function fail(field: string, problem: string): never {
  throw new MedicationDispenseError(field, problem);
}

function practitioner(s: StaffMember): Reference {
  return { type: 'Practitioner', identifier: { system: STAFF_USERNAME_SYSTEM, value: s.username }, display: s.name };
}

function needRole(s: StaffMember, role: StaffRole, field: string): void {
  if (!s || typeof s.username !== 'string' || !Array.isArray(s.roles)) fail(field, 'expected a staff member');
  if (!s.roles.includes(role)) fail(`${field}.roles`, `${s.username} is not a ${role} (roles: ${s.roles.join(', ') || 'none'})`);
}

function isoTime(value: Date | number | string): string {
  const d = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : new Date(value);
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    fail('whenHandedOver', `"${value}" is not an ISO date-time with a time zone`);
  }
  if (Number.isNaN(d.getTime())) fail('whenHandedOver', `${String(value)} is not a valid time`);
  return d.toISOString();
}

export function medicationDispense(input: DispenseInput): MedicationDispense {
  const { order, patient, robot, receiver, pharmacist, status } = input;
  if (!(DISPENSE_OUTCOMES as readonly string[]).includes(status)) fail('status', `"${String(status)}" is not a hand-off outcome (${DISPENSE_OUTCOMES.join(', ')})`);
  if (typeof robot !== 'string' || robot.trim() === '') fail('robot', 'expected the robot\'s name');
  if (order.patient !== patient.recordNumber) fail('patient', `order ${order.id} is for ${order.patient}, not ${patient.recordNumber}`);
  needRole(pharmacist, 'pharmacist', 'pharmacist');
  needRole(receiver, 'nurse', 'receiver');
  // Two different people must sign a controlled drug across: the one who loads it and the one who takes it.
  if (order.controlled && pharmacist.username === receiver.username) {
    fail('receiver', `${order.medication.display} is a controlled drug; the receiver must be another person than the loading pharmacist`);
  }
  const when = isoTime(input.whenHandedOver);
  const reason = input.statusReason;
  if (status !== 'completed' && (!reason || typeof reason.text !== 'string' || reason.text.trim() === '')) {
    fail('statusReason', `a ${status} hand-off needs the reason in text`);
  }
  if (reason?.code !== undefined && !reason.system) fail('statusReason.system', 'a reason code needs its code system');

  const courier: Reference = { type: 'Device', identifier: { system: ROBOT_SYSTEM, value: robot }, display: robot };
  const out: MedicationDispense = {
    resourceType: 'MedicationDispense',
    id: input.id ?? fhirId(`dispense-${order.id}-${when.replace(/[^0-9]/g, '')}`),
    status,
    medicationCodeableConcept: { coding: [{ ...order.medication }], text: order.medication.display },
    subject: {
      type: 'Patient',
      identifier: { type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: MEDICAL_RECORD_TYPE }] }, value: patient.recordNumber },
      display: patient.name,
    },
    performer: [
      { function: { text: 'courier' }, actor: courier },
      { function: { coding: [{ system: DISPENSE_PERFORMER_FUNCTION_SYSTEM, code: 'packager', display: 'Packager' }], text: 'loading pharmacist' }, actor: practitioner(pharmacist) },
      { function: { coding: [{ system: DISPENSE_PERFORMER_FUNCTION_SYSTEM, code: 'checker', display: 'Checker' }], text: 'receiving nurse' }, actor: practitioner(receiver) },
    ],
    authorizingPrescription: [{ reference: `MedicationRequest/${fhirId(order.id)}`, type: 'MedicationRequest' }],
    receiver: [practitioner(receiver)],
    dosageInstruction: [{ text: order.dosage }],
    whenHandedOver: when,
  };
  if (reason) {
    out.statusReasonCodeableConcept = {
      ...(reason.code !== undefined && reason.system ? { coding: [{ system: reason.system, code: reason.code }] } : {}),
      text: reason.text,
    };
  }
  return out;
}
