// The FHIR R4 vocabulary the ward reads and writes. Two URIs are the project's own, for facts FHIR
// has no standard slot for; a hospital system that wants to feed the ward must send them:
//  - `urn:ward-robot:wristband`: Patient.identifier.system of the text printed in the wristband
//    barcode (the robot's camera reads it to identify the patient at the bedside).
//  - `urn:ward-robot:controlled-drug`: a MedicationRequest extension with valueBoolean true for a
//    controlled drug (loading it needs two staff members). Absent means false.
import type { Condition } from '../../../robot/index.js';

export const WRISTBAND_SYSTEM = 'urn:ward-robot:wristband';
export const CONTROLLED_DRUG_EXTENSION = 'urn:ward-robot:controlled-drug';
/** Identifier systems for robots and staff usernames in custody records. */
export const ROBOT_SYSTEM = 'urn:ward-robot:robot';
export const STAFF_USERNAME_SYSTEM = 'urn:ward-robot:staff-username';

export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const MEDICAL_RECORD_TYPE = 'MR';
export const LOCATION_PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const BED_PHYSICAL_TYPE = 'bd';
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const LANGUAGE_SYSTEM = 'urn:ietf:bcp:47';
export const RXNORM_SYSTEM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const ICD10_SYSTEMS = ['http://hl7.org/fhir/sid/icd-10', 'http://hl7.org/fhir/sid/icd-10-cm'] as const;
export const ALLERGY_CLINICAL_SYSTEM = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
export const DISPENSE_PERFORMER_FUNCTION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/medicationdispense-performer-function';

/**
 * ICD-10 code prefixes (dots removed) that give a patient a health-education condition. Z91.81
 * (history of falling) and R29.6 (repeated falls) mark fall prevention; Z79.4 (long-term use of
 * insulin) marks insulin use, as does any active MedicationRequest for an insulin.
 */
export const ICD10_CONDITIONS: readonly { prefixes: readonly string[]; condition: Condition }[] = [
  { prefixes: ['E10', 'E11'], condition: 'diabetes' },
  { prefixes: ['I10', 'I11', 'I12', 'I13', 'I14', 'I15'], condition: 'hypertension' },
  { prefixes: ['I50'], condition: 'heart_failure' },
  { prefixes: ['J44', 'J45'], condition: 'inhaler_use' },
  { prefixes: ['Z48', 'Z98'], condition: 'post_operative' },
  { prefixes: ['Z9181', 'R296'], condition: 'fall_prevention' },
  { prefixes: ['Z794'], condition: 'insulin_use' },
];

/** The ICD-10 code written for each condition when the ward exports a bundle. */
export const CONDITION_ICD10: Record<Condition, { code: string; display: string }> = {
  diabetes: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  hypertension: { code: 'I10', display: 'Essential (primary) hypertension' },
  heart_failure: { code: 'I50.9', display: 'Heart failure, unspecified' },
  inhaler_use: { code: 'J44.9', display: 'Chronic obstructive pulmonary disease, unspecified' },
  post_operative: { code: 'Z48.89', display: 'Encounter for other specified surgical aftercare' },
  fall_prevention: { code: 'Z91.81', display: 'History of falling' },
  insulin_use: { code: 'Z79.4', display: 'Long term (current) use of insulin' },
};

export function conditionOfIcd10(code: string): Condition | null {
  const bare = code.replace(/\./g, '').toUpperCase();
  return ICD10_CONDITIONS.find((m) => m.prefixes.some((p) => bare.startsWith(p)))?.condition ?? null;
}
