// The ward's people as a FHIR R4 transaction Bundle, in the same shape parseFhirBundle reads, so a
// hospital integration can be tried against a running ward (and the example file stays honest).
// Staff are not exported: accounts belong to the accounts module.
import { createHash } from 'node:crypto';
import type { Place, WardPeople } from '../../../robot/index.js';
import {
  ACT_CODE_SYSTEM, ALLERGY_CLINICAL_SYSTEM, BED_PHYSICAL_TYPE, CONDITION_ICD10, CONTROLLED_DRUG_EXTENSION, ICD10_SYSTEMS,
  IDENTIFIER_TYPE_SYSTEM, LANGUAGE_SYSTEM, LOCATION_PHYSICAL_TYPE_SYSTEM, MEDICAL_RECORD_TYPE, WRISTBAND_SYSTEM,
} from './codes.js';

export interface FhirBundle {
  resourceType: 'Bundle';
  type: 'transaction';
  entry: { fullUrl: string; resource: Record<string, unknown> & { resourceType: string; id: string }; request: { method: 'PUT'; url: string } }[];
}

/** A FHIR id ([A-Za-z0-9-.]{1,64}) for our names, e.g. "bed_1" → "bed-1". */
export function fhirId(text: string): string {
  const id = text.replace(/[^A-Za-z0-9\-.]/g, '-').slice(0, 64);
  return id || createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** A fixed urn:uuid for a resource, from its type and id, so the same people give the same bundle. */
function uuidFor(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function toFhirBundle(people: WardPeople, ward: { places: readonly Place[] }): FhirBundle {
  const entry: FhirBundle['entry'] = [];
  const used = new Map<string, string>();
  const add = (resource: Record<string, unknown> & { resourceType: string; id: string }, from: string) => {
    const key = `${resource.resourceType}/${resource.id}`;
    const first = used.get(key);
    if (first !== undefined) throw new Error(`${from} and ${first} both become ${key}; rename one of them`);
    used.set(key, from);
    entry.push({ fullUrl: uuidFor(key), resource, request: { method: 'PUT', url: key } });
    return key;
  };

  const bedRefs = new Map<string, string>();
  for (const place of ward.places.filter((p) => p.kind === 'bed')) {
    bedRefs.set(place.name, add({
      resourceType: 'Location', id: fhirId(place.name), status: 'active', name: place.name, alias: [place.label.en, place.label['zh-CN']],
      mode: 'instance', physicalType: { coding: [{ system: LOCATION_PHYSICAL_TYPE_SYSTEM, code: BED_PHYSICAL_TYPE, display: 'Bed' }] },
    }, `bed ${place.name}`));
  }

  const patientRefs = new Map<string, string>();
  for (const p of people.patients) {
    const id = fhirId(p.recordNumber);
    const ref = add({
      resourceType: 'Patient', id,
      identifier: [
        { use: 'usual', type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: MEDICAL_RECORD_TYPE, display: 'Medical record number' }] }, value: p.recordNumber },
        { use: 'secondary', system: WRISTBAND_SYSTEM, value: p.wristband },
      ],
      name: [{ use: 'official', text: p.name }, ...p.otherNames.map((n) => ({ use: 'usual', text: n }))],
      birthDate: p.birthDate,
      communication: [{ language: { coding: [{ system: LANGUAGE_SYSTEM, code: p.language }] }, preferred: true }],
    }, `patient ${p.recordNumber}`);
    patientRefs.set(p.recordNumber, ref);

    const bedRef = p.bed === null ? undefined : bedRefs.get(p.bed);
    if (p.bed !== null && !bedRef) throw new Error(`patient ${p.recordNumber}: bed "${p.bed}" is not a bed of this ward`);
    add({
      resourceType: 'Encounter', id: fhirId(`enc-${id}`), status: 'in-progress',
      class: { system: ACT_CODE_SYSTEM, code: 'IMP', display: 'inpatient encounter' },
      subject: { reference: ref },
      ...(bedRef ? { location: [{ location: { reference: bedRef }, status: 'active' }] } : {}),
      ...(p.conditions.length ? { reasonCode: p.conditions.map((c) => ({ coding: [{ system: ICD10_SYSTEMS[0], ...CONDITION_ICD10[c] }] })) } : {}),
    }, `encounter of ${p.recordNumber}`);

    p.allergies.forEach((a, k) => add({
      resourceType: 'AllergyIntolerance', id: fhirId(`allergy-${id}-${k + 1}`),
      clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL_SYSTEM, code: 'active' }] },
      code: { text: a }, patient: { reference: ref },
    }, `allergy ${k + 1} of ${p.recordNumber}`));
  }

  for (const o of people.orders) {
    const subject = patientRefs.get(o.patient);
    if (!subject) throw new Error(`order ${o.id}: patient ${o.patient} is not among the patients`);
    add({
      resourceType: 'MedicationRequest', id: fhirId(o.id),
      extension: [{ url: CONTROLLED_DRUG_EXTENSION, valueBoolean: o.controlled }],
      status: o.status, intent: 'order',
      medicationCodeableConcept: { coding: [{ ...o.medication }], text: o.medication.display },
      subject: { reference: subject },
      dosageInstruction: [{ text: o.dosage }],
    }, `order ${o.id}`);
  }
  return { resourceType: 'Bundle', type: 'transaction', entry };
}
