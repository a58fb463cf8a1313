// The people and orders of a ward, as the ward file (or a FHIR R4 bundle) describes them.
// Shared by the simulator (who lies in which bed, what their wristband says) and the brain
// (who may be visited, taught, or given which medication).

/** Languages a patient can be spoken to in; staff text comes in the same two. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Topics of the health-education library; a patient's conditions name them. */
export const CONDITIONS = [
  'diabetes', 'hypertension', 'heart_failure', 'post_operative', 'fall_prevention', 'inhaler_use', 'insulin_use',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const STAFF_ROLES = ['nurse', 'pharmacist', 'ward_manager', 'engineer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Patient {
  /** Hospital record number (MRN): the patient's id everywhere in the stack. */
  recordNumber: string;
  /** Full name as printed on the wristband, e.g. "Wang Fang". */
  name: string;
  /** Other spellings the patient may answer with, e.g. "王芳". */
  otherNames: string[];
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  language: Language;
  conditions: Condition[];
  /** Free text as recorded, e.g. "penicillin". */
  allergies: string[];
  /** The text encoded in the wristband barcode. */
  wristband: string;
  /** Bed place name, or null when not in a bed. */
  bed: string | null;
}

export interface StaffMember {
  username: string;
  /** Display name. */
  name: string;
  roles: StaffRole[];
  /** Badge id read at the robot's badge reader, or null. */
  badge: string | null;
}

export const ORDER_STATUSES = ['active', 'on-hold', 'completed', 'cancelled', 'stopped', 'entered-in-error', 'draft'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A medication order, the fields of a FHIR R4 MedicationRequest the ward needs. */
export interface MedicationOrder {
  /** MedicationRequest.id */
  id: string;
  /** Patient record number. */
  patient: string;
  medication: { code: string; system: string; display: string };
  /** Human-readable dose and timing, e.g. "500 mg orally twice daily". */
  dosage: string;
  status: OrderStatus;
  /** A controlled drug: loading needs two staff members. */
  controlled: boolean;
}

export interface WardPeople {
  patients: Patient[];
  staff: StaffMember[];
  orders: MedicationOrder[];
}
