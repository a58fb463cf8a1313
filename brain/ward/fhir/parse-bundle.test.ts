import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { loadWard } from '../../../robot/index.js';
import { CLINIC_FHIR_FILE, exampleBundleText } from './export-example.js';
import { FhirBundleError, parseFhirBundle, toFhirBundle, CONTROLLED_DRUG_EXTENSION, WRISTBAND_SYSTEM } from '../index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const clinic = loadWard(path.join(repoRoot, 'sim/maps/clinic/clinic.ward.yaml'));
const small = loadWard(path.join(repoRoot, 'sim/maps/small_ward/small_ward.ward.yaml'));
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';

describe('toFhirBundle and parseFhirBundle', () => {
  for (const [label, ward] of [['clinic', clinic], ['small ward', small]] as const) {
    it(`round-trips the ${label}'s patients and orders`, () => {
      const bundle = toFhirBundle(ward.people, ward);
      const back = parseFhirBundle(JSON.parse(JSON.stringify(bundle)), ward);
      expect(back.warnings).toEqual([]);
      expect(back.people).toEqual({ patients: ward.people.patients, staff: [], orders: ward.people.orders });
    });
  }

  it('the shipped example sim/maps/clinic/clinic.fhir.json is up to date (npx tsx brain/ward/fhir/export-example.ts)', () => {
    expect(fs.readFileSync(CLINIC_FHIR_FILE, 'utf8')).toBe(exampleBundleText());
  });
});

/** A hospital-style bundle: urn:uuid references, Conditions by diagnosis, a Medication resource. */
function hospitalBundle() {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      { fullUrl: 'urn:uuid:p1', resource: {
        resourceType: 'Patient', id: 'p1',
        identifier: [
          { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'urn:oid:1.2.3', value: 'H-0001' },
          { system: WRISTBAND_SYSTEM, value: 'BAND-0001' },
          { system: 'urn:oid:9.9', value: 'insurance-7' },
        ],
        name: [{ use: 'usual', family: '李', given: ['秀', '兰'] }, { use: 'official', family: 'Li', given: ['Xiulan'] }, { use: 'old', text: 'Li Xiu' }],
        birthDate: '1946-05-09',
        communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'fr' }] } }, { language: { coding: [{ code: 'zh' }] }, preferred: true }],
      } },
      { fullUrl: 'http://hospital.example/fhir/Patient/p2', resource: {
        resourceType: 'Patient', id: 'p2',
        identifier: [{ type: { coding: [{ code: 'MR' }] }, value: 'H-0002' }, { system: WRISTBAND_SYSTEM, value: 'BAND-0002' }],
        name: [{ family: 'Fox', given: ['Anne', 'M.'] }], birthDate: '1960-10-10',
      } },
      { fullUrl: 'urn:uuid:loc-bed', resource: {
        resourceType: 'Location', id: 'L77', name: 'Ward 7 bed 3', alias: ['Bed 3'],
        physicalType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bd' }] },
      } },
      { fullUrl: 'urn:uuid:loc-ward', resource: {
        resourceType: 'Location', id: 'W7', name: 'Ward 7', physicalType: { coding: [{ code: 'wa' }] },
      } },
      { fullUrl: 'urn:uuid:cond-hf', resource: { resourceType: 'Condition', id: 'c1', code: { coding: [{ system: ICD, code: 'I50.22' }] } } },
      { fullUrl: 'urn:uuid:cond-old', resource: {
        resourceType: 'Condition', id: 'c2', code: { coding: [{ system: ICD, code: 'J45.909' }] },
        clinicalStatus: { coding: [{ code: 'resolved' }] },
      } },
      { fullUrl: 'urn:uuid:enc1', resource: {
        resourceType: 'Encounter', id: 'e1', status: 'in-progress', subject: { reference: 'urn:uuid:p1' },
        location: [
          { location: { reference: 'urn:uuid:loc-ward' } },
          { location: { reference: 'urn:uuid:loc-bed' }, status: 'active' },
        ],
        reasonCode: [{ coding: [{ system: ICD, code: 'E11.65' }, { system: 'http://snomed.info/sct', code: '44054006' }] }, { coding: [{ system: ICD, code: 'Z91.81' }] }],
        diagnosis: [{ condition: { reference: 'urn:uuid:cond-hf' } }, { condition: { reference: 'urn:uuid:cond-old' } }],
      } },
      { resource: {
        resourceType: 'Encounter', id: 'e0', status: 'finished', subject: { reference: 'Patient/p2' },
        reasonCode: [{ coding: [{ system: ICD, code: 'I10' }] }],
      } },
      { fullUrl: 'urn:uuid:med-ins', resource: {
        resourceType: 'Medication', id: 'm1', code: { coding: [{ system: RX, code: '865098', display: 'Insulin Lispro 100 UNT/ML Injectable Solution [Humalog]' }] },
      } },
      { resource: {
        resourceType: 'MedicationRequest', id: 'rx-1', status: 'active', intent: 'order', subject: { reference: 'urn:uuid:p1' },
        medicationReference: { reference: 'urn:uuid:med-ins' }, dosageInstruction: [{ text: '6 units subcutaneously with meals' }],
      } },
      { resource: {
        resourceType: 'MedicationRequest', id: 'rx-2', status: 'on-hold', intent: 'order', subject: { reference: 'Patient/p2' },
        extension: [{ url: CONTROLLED_DRUG_EXTENSION, valueBoolean: true }],
        medicationCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '55452001' }, { system: RX, code: '1049621' }], text: 'Oxycodone 5 mg tablet' },
        dosageInstruction: [{ text: '5 mg orally every 4 hours as needed' }, { text: 'second instruction' }],
      } },
      { resource: {
        resourceType: 'MedicationRequest', id: 'rx-3', status: 'active', intent: 'proposal', subject: { reference: 'Patient/p2' },
        medicationCodeableConcept: { coding: [{ system: RX, code: '313782', display: 'Acetaminophen 325 MG Oral Tablet' }] }, dosageInstruction: [{ text: 'prn' }],
      } },
      { resource: {
        resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p2' }, code: { coding: [{ system: 'http://snomed.info/sct', code: '764146007', display: 'Penicillin' }] },
      } },
      { resource: {
        resourceType: 'AllergyIntolerance', id: 'a2', patient: { reference: 'Patient/p2' }, code: { text: 'latex' },
        verificationStatus: { coding: [{ code: 'refuted' }] },
      } },
      { resource: { resourceType: 'Practitioner', id: 'dr1' } },
    ],
  };
}

describe('parseFhirBundle on a hospital bundle', () => {
  it('reads identifiers, names, language, bed, ICD-10 reasons and diagnoses, insulin, orders and allergies', () => {
    const { people, warnings } = parseFhirBundle(hospitalBundle(), small, { today: '2025-06-01' });
    expect(people.patients).toEqual([
      {
        recordNumber: 'H-0001', name: 'Li Xiulan', otherNames: ['李秀兰'], birthDate: '1946-05-09', language: 'zh-CN',
        conditions: ['diabetes', 'fall_prevention', 'heart_failure', 'insulin_use'], allergies: [], wristband: 'BAND-0001', bed: 'bed_3',
      },
      { recordNumber: 'H-0002', name: 'Anne M. Fox', otherNames: [], birthDate: '1960-10-10', language: 'zh-CN', conditions: [], allergies: ['Penicillin'], wristband: 'BAND-0002', bed: null },
    ]);
    expect(people.orders).toEqual([
      { id: 'rx-1', patient: 'H-0001', medication: { code: '865098', system: RX, display: 'Insulin Lispro 100 UNT/ML Injectable Solution [Humalog]' }, dosage: '6 units subcutaneously with meals', status: 'active', controlled: false },
      { id: 'rx-2', patient: 'H-0002', medication: { code: '1049621', system: RX, display: 'Oxycodone 5 mg tablet' }, dosage: '5 mg orally every 4 hours as needed', status: 'on-hold', controlled: true },
    ]);
    expect(people.staff).toEqual([]);
    expect(warnings).toEqual([
      'entry[1].resource: H-0002 speaks neither Chinese nor English by Patient.communication; using zh-CN',
      'entry[11].resource: MedicationRequest "rx-3" has intent "proposal", not an order; not delivered',
      '1 Practitioner resource ignored (the ward reads Patient, Encounter, Location, Condition, MedicationRequest, Medication, AllergyIntolerance)',
    ]);
  });

  it('a bed Location that is not a bed of this ward leaves the patient without a bed, with a warning', () => {
    const b = hospitalBundle();
    (b.entry[2]!.resource as { alias: string[] }).alias = ['Bed 33'];
    const { people, warnings } = parseFhirBundle(b, small, { today: '2025-06-01', defaultLanguage: 'en' });
    expect(people.patients[0]!.bed).toBeNull();
    expect(people.patients[1]!.language).toBe('en');
    expect(warnings).toContain('entry[2].resource: "Ward 7 bed 3" is not a bed of this ward; H-0001 is kept without a bed');
  });
});

describe('parseFhirBundle errors name the entry and field', () => {
  const errorOf = (mutate: (b: ReturnType<typeof hospitalBundle>) => unknown): FhirBundleError => {
    const b = hospitalBundle();
    const input = mutate(b) ?? b;
    try {
      parseFhirBundle(input, small, { today: '2025-06-01' });
    } catch (err) {
      expect(err).toBeInstanceOf(FhirBundleError);
      return err as FhirBundleError;
    }
    throw new Error('expected the bundle to be refused');
  };
  const res = (b: ReturnType<typeof hospitalBundle>, i: number) => b.entry[i]!.resource as Record<string, unknown>;

  it('birth dates', () => {
    const e = errorOf((b) => { res(b, 1).birthDate = '1960-13-01'; });
    expect(e.message).toBe('entry[1].resource.birthDate: "1960-13-01" is not a real date');
    expect(e.field).toBe('entry[1].resource.birthDate');
    expect(errorOf((b) => { res(b, 0).birthDate = '2030-01-01'; }).message).toBe('entry[0].resource.birthDate: "2030-01-01" is in the future (today is 2025-06-01)');
  });

  it('identifiers', () => {
    expect(errorOf((b) => { res(b, 1).identifier = [{ system: WRISTBAND_SYSTEM, value: 'X' }]; }).message)
      .toBe('entry[1].resource.identifier: no medical record number (an identifier whose type is http://terminology.hl7.org/CodeSystem/v2-0203|MR)');
    expect(errorOf((b) => { res(b, 1).identifier = [{ type: { coding: [{ code: 'MR' }] }, value: 'H-0002' }]; }).message)
      .toBe(`entry[1].resource.identifier: no wristband (an identifier with system ${WRISTBAND_SYSTEM}); the robot could not identify this patient`);
    expect(errorOf((b) => { res(b, 1).identifier = [{ type: { coding: [{ code: 'MR' }] }, value: 'H-0001' }, { system: WRISTBAND_SYSTEM, value: 'B' }]; }).message)
      .toBe('entry[1].resource.identifier: duplicate record number "H-0001" (also entry[0].resource)');
  });

  it('references', () => {
    expect(errorOf((b) => { res(b, 9).subject = { reference: 'Patient/p9' }; }).message)
      .toBe('entry[9].resource.subject.reference: "Patient/p9" is not in the bundle');
    expect(errorOf((b) => { res(b, 9).subject = { reference: 'urn:uuid:loc-bed' }; }).message)
      .toBe('entry[9].resource.subject.reference: "urn:uuid:loc-bed" is a Location, not a Patient');
    expect(errorOf((b) => { res(b, 9).subject = { display: 'Li' }; }).message)
      .toBe('entry[9].resource.subject.reference: expected text, got nothing (the field is missing)');
  });

  it('two patients in one bed', () => {
    const e = errorOf((b) => {
      b.entry.push({ resource: { resourceType: 'Encounter', id: 'e2', status: 'in-progress', subject: { reference: 'Patient/p2' }, location: [{ location: { reference: 'Location/L77' } }] } } as never);
    });
    expect(e.message).toBe('entry[15].resource.location[0].location.reference: bed "bed_3" already holds H-0001; a bed holds one patient');
  });

  it('orders: status, controlled flag, dosage text, medication', () => {
    expect(errorOf((b) => { res(b, 10).status = 'unknown'; }).message).toMatch(/^entry\[10\]\.resource\.status: "unknown" is not an order status the ward can act on/);
    expect(errorOf((b) => { res(b, 10).extension = [{ url: CONTROLLED_DRUG_EXTENSION, valueString: 'yes' }]; }).message)
      .toBe('entry[10].resource.extension[0].valueBoolean: expected true or false, got nothing (the field is missing)');
    expect(errorOf((b) => { res(b, 10).dosageInstruction = [{ timing: {} }]; }).message)
      .toBe('entry[10].resource.dosageInstruction[0].text: expected text, got nothing (the field is missing)');
    expect(errorOf((b) => { delete res(b, 10).medicationCodeableConcept; }).message)
      .toBe('entry[10].resource.medicationCodeableConcept: missing; give the medication as a CodeableConcept or a Medication reference');
    expect(errorOf((b) => { res(b, 10).id = 'rx-1'; }).message).toBe('entry[10].resource.id: "MedicationRequest/rx-1" is used by entry[9].resource too');
  });

  it('the bundle itself', () => {
    expect(errorOf(() => ({ resourceType: 'Patient' })).message).toBe('resourceType: expected "Bundle", got "Patient"');
    expect(errorOf(() => ({ resourceType: 'Bundle', type: 'document' })).message)
      .toBe('type: "document" is not a bundle the ward reads (types: transaction, collection, batch, searchset)');
    expect(errorOf(() => ({ resourceType: 'Bundle', type: 'batch', entry: [{ request: {} }] })).message)
      .toBe('entry[0].resource: expected a mapping (key: value), got nothing (the field is missing)');
    expect(parseFhirBundle({ resourceType: 'Bundle', type: 'collection' }, small).people).toEqual({ patients: [], staff: [], orders: [] });
  });
});
