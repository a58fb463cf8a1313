/** A FHIR bundle the ward cannot use; `field` is the path inside the JSON, e.g. `entry[4].resource.birthDate`. */
export class FhirBundleError extends Error {
  override readonly name = 'FhirBundleError';
  constructor(readonly field: string, problem: string) {
    super(field ? `${field}: ${problem}` : problem);
  }
}

/** Arguments that cannot make a valid custody record; `field` names the argument. */
export class MedicationDispenseError extends Error {
  override readonly name = 'MedicationDispenseError';
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}
