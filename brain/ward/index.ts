// Public surface of brain/ward: the ward's patients and medication orders as the brain keeps them,
// FHIR R4 in and out (bundles, custody records), and redaction for people and models that must not
// see who a patient is.
export { WardRecords } from './ward-records.js';
export type { ImportCounts, SeedResult, OrderQuery, WardRecordsOptions } from './ward-records.js';
export { WardValidationError, WardNotFoundError, WardConflictError } from './errors.js';

export { parseFhirBundle, BUNDLE_TYPES } from './fhir/parse-bundle.js';
export type { ParseFhirOptions, FhirPeople } from './fhir/parse-bundle.js';
export { toFhirBundle, fhirId } from './fhir/to-bundle.js';
export type { FhirBundle } from './fhir/to-bundle.js';
export { medicationDispense, DISPENSE_OUTCOMES } from './fhir/medication-dispense.js';
export type { DispenseInput, DispenseOutcome, MedicationDispense } from './fhir/medication-dispense.js';
export { FhirBundleError, MedicationDispenseError } from './fhir/errors.js';
export {
  WRISTBAND_SYSTEM, CONTROLLED_DRUG_EXTENSION, ROBOT_SYSTEM, STAFF_USERNAME_SYSTEM, ICD10_CONDITIONS, CONDITION_ICD10, conditionOfIcd10,
} from './fhir/codes.js';

export { pseudonym, redactPatient, redactText, RedactionError } from './redact.js';
export type { RedactedPatient } from './redact.js';
