// Reads the ward's patients, beds and medication orders from a hospital's FHIR R4 Bundle:
// Patient (record number, wristband, name, birth date, language), Encounter in progress (bed via
// Location, reasons as ICD-10 codes giving the education conditions), MedicationRequest (orders) and
// AllergyIntolerance. Anything the ward cannot trust fails with the entry and field it came from.
import { FieldReader, LANGUAGES, ORDER_STATUSES, localDate, parsePeople } from '../../../robot/index.js';
import type { Condition, Language, MedicationOrder, OrderStatus, Patient, Place, WardPeople } from '../../../robot/index.js';
import { birthDate } from '../../../robot/index.js';
import {
  BED_PHYSICAL_TYPE, CONTROLLED_DRUG_EXTENSION, ICD10_SYSTEMS, IDENTIFIER_TYPE_SYSTEM, MEDICAL_RECORD_TYPE, RXNORM_SYSTEM,
  WRISTBAND_SYSTEM, conditionOfIcd10,
} from './codes.js';
import { FhirBundleError } from './errors.js';

export const BUNDLE_TYPES = ['transaction', 'collection', 'batch', 'searchset'] as const;
/** MedicationRequest intents that are orders to act on; proposals and plans are not delivered. */
const ORDER_INTENTS = ['order', 'original-order', 'reflex-order', 'filler-order', 'instance-order'];
const INACTIVE_CLINICAL = ['inactive', 'resolved', 'remission'];
const NOT_TRUE = ['refuted', 'entered-in-error'];

export interface ParseFhirOptions {
  /** Language for a patient whose Patient.communication names neither Chinese nor English. Default zh-CN. */
  defaultLanguage?: Language;
  /** YYYY-MM-DD; birth dates after it are refused. Defaults to the local date. */
  today?: string;
}

export interface FhirPeople {
  /** Patients and orders; staff is always empty (staff accounts come from the accounts module). */
  people: WardPeople;
  /** Entries that were read only in part or skipped, with the reason. */
  warnings: string[];
}

type Json = Record<string, unknown>;

interface Entry {
  at: string;
  type: string;
  resource: Json;
}

class FhirReader extends FieldReader {
  constructor() {
    super('FHIR bundle');
  }
  override fail(field: string, problem: string): never {
    throw new FhirBundleError(field, problem);
  }
}

interface PatientState {
  patient: Patient;
  entry: Entry;
  encounterAt: string | null;
}

export function parseFhirBundle(json: unknown, ward: { places: readonly Place[] }, opts: ParseFhirOptions = {}): FhirPeople {
  const r: FieldReader = new FhirReader();
  const warnings: string[] = [];
  const today = opts.today ?? localDate();
  const bundle = r.record(json, '(bundle)');
  if (bundle.resourceType !== 'Bundle') r.fail('resourceType', `expected "Bundle", got ${JSON.stringify(bundle.resourceType)}`);
  const type = r.string(bundle.type, 'type');
  if (!(BUNDLE_TYPES as readonly string[]).includes(type)) r.fail('type', `"${type}" is not a bundle the ward reads (types: ${BUNDLE_TYPES.join(', ')})`);

  const entries: Entry[] = [];
  const byRef = new Map<string, Entry>();
  const list = (v: unknown, field: string) => (v === undefined || v === null ? [] : r.array(v, field));
  list(bundle.entry, 'entry').forEach((e, i) => {
    const rec = r.record(e, `entry[${i}]`);
    const at = `entry[${i}].resource`;
    const resource = r.record(rec.resource, at);
    const entry: Entry = { at, type: r.nonEmptyString(resource.resourceType, `${at}.resourceType`), resource };
    entries.push(entry);
    const keys: [string, string][] = [];
    if (rec.fullUrl !== undefined) keys.push([r.nonEmptyString(rec.fullUrl, `entry[${i}].fullUrl`), `entry[${i}].fullUrl`]);
    if (resource.id !== undefined) keys.push([`${entry.type}/${r.nonEmptyString(resource.id, `${at}.id`)}`, `${at}.id`]);
    for (const [key, field] of keys) {
      const first = byRef.get(key);
      if (first && first !== entry) r.fail(field, `"${key}" is used by ${first.at} too`);
      byRef.set(key, entry);
    }
  });

  /** The entry a Reference points at: `Type/id` (relative or absolute URL) or a `urn:uuid:` fullUrl. */
  const lookup = (ref: unknown, field: string, wanted: string): Entry | null => {
    const rec = r.record(ref, field);
    const text = r.nonEmptyString(rec.reference, `${field}.reference`);
    let entry: Entry | undefined;
    if (/^urn:(uuid|oid):/.test(text)) {
      entry = byRef.get(text);
    } else {
      const m = /(?:^|\/)([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(text);
      if (!m) r.fail(`${field}.reference`, `"${text}" is neither Type/id nor urn:uuid:…`);
      entry = byRef.get(`${m[1]}/${m[2]}`) ?? byRef.get(text);
    }
    if (entry && entry.type !== wanted) r.fail(`${field}.reference`, `"${text}" is a ${entry.type}, not a ${wanted}`);
    return entry ?? null;
  };
  const resolve = (ref: unknown, field: string, wanted: string): Entry => {
    const entry = lookup(ref, field, wanted);
    if (!entry) r.fail(`${field}.reference`, `"${(ref as Json).reference as string}" is not in the bundle`);
    return entry;
  };

  // Patients first: every other resource points at one.
  const patients = new Map<Entry, PatientState>();
  const records = new Map<string, string>();
  const wristbands = new Map<string, string>();
  for (const entry of entries.filter((e) => e.type === 'Patient')) {
    const p = readPatient(r, entry, today, opts.defaultLanguage ?? 'zh-CN', warnings);
    for (const [seen, value, field] of [[records, p.recordNumber, 'recordNumber'], [wristbands, p.wristband, 'wristband']] as const) {
      const first = seen.get(value);
      if (first) r.fail(`${entry.at}.identifier`, `duplicate ${field === 'recordNumber' ? 'record number' : 'wristband'} "${value}" (also ${first})`);
      seen.set(value, entry.at);
    }
    patients.set(entry, { patient: p, entry, encounterAt: null });
  }
  const patientOf = (ref: unknown, field: string): PatientState => patients.get(resolve(ref, field, 'Patient'))!;

  const orders: MedicationOrder[] = [];
  const orderIds = new Map<string, string>();
  for (const entry of entries.filter((e) => e.type === 'MedicationRequest')) {
    const order = readOrder(r, entry, patientOf, lookup, warnings);
    if (!order) continue;
    const first = orderIds.get(order.id);
    if (first) r.fail(`${entry.at}.id`, `duplicate order id "${order.id}" (also ${first})`);
    orderIds.set(order.id, entry.at);
    orders.push(order);
  }

  const beds = new Map<string, string>();
  for (const entry of entries.filter((e) => e.type === 'Encounter')) {
    const res = entry.resource;
    if (r.string(res.status, `${entry.at}.status`) !== 'in-progress') continue;
    const state = patientOf(res.subject, `${entry.at}.subject`);
    const p = state.patient;
    if (state.encounterAt) {
      warnings.push(`${entry.at}: ${p.recordNumber} already has an encounter in progress (${state.encounterAt}); its bed is kept, its reasons are added`);
    }
    for (const c of encounterConditions(r, entry, lookup, warnings)) addCondition(p, c);
    list(res.location, `${entry.at}.location`).forEach((l, j) => {
      const at = `${entry.at}.location[${j}]`;
      const rec = r.record(l, at);
      if (rec.status !== undefined && rec.status !== 'active') return;
      const loc = resolve(rec.location, `${at}.location`, 'Location');
      if (!codes(loc.resource.physicalType).includes(BED_PHYSICAL_TYPE)) return;
      const place = wardBed(loc.resource, ward.places);
      if (!place) {
        warnings.push(`${loc.at}: "${String(loc.resource.name ?? loc.resource.id)}" is not a bed of this ward; ${p.recordNumber} is kept without a bed`);
        return;
      }
      if (state.encounterAt) return;
      const holder = beds.get(place);
      if (holder && holder !== p.recordNumber) r.fail(`${at}.location.reference`, `bed "${place}" already holds ${holder}; a bed holds one patient`);
      if (p.bed !== null && p.bed !== place) r.fail(`${at}.location.reference`, `${p.recordNumber} is already in bed "${p.bed}"`);
      beds.set(place, p.recordNumber);
      p.bed = place;
    });
    state.encounterAt ??= entry.at;
  }

  for (const o of orders) {
    if (o.status === 'active' && /insulin/i.test(o.medication.display)) addCondition(patientByRecord(patients, o.patient), 'insulin_use');
  }

  for (const entry of entries.filter((e) => e.type === 'AllergyIntolerance')) {
    const res = entry.resource;
    if (INACTIVE_CLINICAL.some((c) => codes(res.clinicalStatus).includes(c)) || NOT_TRUE.some((c) => codes(res.verificationStatus).includes(c))) continue;
    const target = lookup(res.patient, `${entry.at}.patient`, 'Patient');
    if (!target) {
      warnings.push(`${entry.at}: its patient is not in the bundle; ignored`);
      continue;
    }
    const what = conceptText(r, res.code, `${entry.at}.code`);
    const p = patients.get(target)!.patient;
    if (!p.allergies.includes(what)) p.allergies.push(what);
  }

  const read = new Set(['Patient', 'MedicationRequest', 'Encounter', 'AllergyIntolerance', 'Location', 'Condition', 'Medication']);
  const ignored = new Map<string, number>();
  for (const e of entries) if (!read.has(e.type)) ignored.set(e.type, (ignored.get(e.type) ?? 0) + 1);
  for (const [t, n] of ignored) warnings.push(`${n} ${t} resource${n === 1 ? '' : 's'} ignored (the ward reads Patient, Encounter, Location, Condition, MedicationRequest, Medication, AllergyIntolerance)`);

  // A last check with the ward file's own rules, so an import never holds what a ward file could not.
  const people = parsePeople(r, { patients: [...patients.values()].map((s) => s.patient), orders }, { places: ward.places, spelling: 'camel', today });
  return { people, warnings };
}

function patientByRecord(patients: Map<Entry, PatientState>, rn: string): Patient {
  for (const s of patients.values()) if (s.patient.recordNumber === rn) return s.patient;
  throw new Error(`no patient ${rn}`);
}

function addCondition(p: Patient, c: Condition): void {
  if (!p.conditions.includes(c)) p.conditions.push(c);
}

/** Every `coding[].code` of a CodeableConcept (or of each of a list of them). */
function codes(concept: unknown): string[] {
  const list = Array.isArray(concept) ? concept : [concept];
  return list.flatMap((c) => codings(c).map((k) => k.code).filter((k): k is string => typeof k === 'string'));
}

function codings(concept: unknown): Json[] {
  if (concept === null || typeof concept !== 'object') return [];
  const coding = (concept as Json).coding;
  return Array.isArray(coding) ? coding.filter((c): c is Json => c !== null && typeof c === 'object') : [];
}

function conceptText(r: FieldReader, concept: unknown, field: string): string {
  const rec = r.record(concept, field);
  if (typeof rec.text === 'string' && rec.text.trim()) return rec.text.trim();
  const display = codings(rec).map((c) => c.display).find((d): d is string => typeof d === 'string' && d.trim() !== '');
  if (!display) r.fail(field, 'has neither text nor a coding with a display');
  return display.trim();
}

function readPatient(r: FieldReader, entry: Entry, today: string, defaultLanguage: Language, warnings: string[]): Patient {
  const res = entry.resource;
  const at = entry.at;
  let recordNumber: string | null = null;
  let wristband: string | null = null;
  const ids = res.identifier === undefined ? [] : r.array(res.identifier, `${at}.identifier`);
  ids.forEach((v, i) => {
    const id = r.record(v, `${at}.identifier[${i}]`);
    if (id.use === 'old') return;
    const isMr = codings(id.type).some((c) => c.code === MEDICAL_RECORD_TYPE && (c.system === undefined || c.system === IDENTIFIER_TYPE_SYSTEM));
    const isBand = id.system === WRISTBAND_SYSTEM;
    if (!isMr && !isBand) return;
    const value = r.nonEmptyString(id.value, `${at}.identifier[${i}].value`).trim();
    if (isMr) {
      if (recordNumber !== null && recordNumber !== value) r.fail(`${at}.identifier[${i}]`, `a second medical record number "${value}" (first "${recordNumber}")`);
      recordNumber = value;
    }
    if (isBand) {
      if (wristband !== null && wristband !== value) r.fail(`${at}.identifier[${i}]`, `a second wristband "${value}" (first "${wristband}")`);
      wristband = value;
    }
  });
  if (recordNumber === null) r.fail(`${at}.identifier`, `no medical record number (an identifier whose type is ${IDENTIFIER_TYPE_SYSTEM}|${MEDICAL_RECORD_TYPE})`);
  if (wristband === null) r.fail(`${at}.identifier`, `no wristband (an identifier with system ${WRISTBAND_SYSTEM}); the robot could not identify this patient`);

  const language = patientLanguage(r, res.communication, `${at}.communication`);
  if (!language) warnings.push(`${at}: ${recordNumber} speaks neither Chinese nor English by Patient.communication; using ${defaultLanguage}`);

  // Chinese speakers' names are written family name first, in pinyin as in characters ("Wang Fang");
  // without a stated language, HumanName's usual given-then-family order.
  const familyFirst = language === 'zh-CN';
  const names = (res.name === undefined ? [] : r.array(res.name, `${at}.name`)).map((n, i) => ({ n: r.record(n, `${at}.name[${i}]`), i }))
    .filter(({ n }) => n.use !== 'old');
  const primary = names.find(({ n }) => n.use === 'official') ?? names[0];
  if (!primary) r.fail(`${at}.name`, 'the patient has no name');
  const name = formatName(r, primary.n, `${at}.name[${primary.i}]`, familyFirst);
  const otherNames = [...new Set(names.filter((x) => x !== primary).map(({ n, i }) => formatName(r, n, `${at}.name[${i}]`, familyFirst)))].filter((o) => o !== name);

  return {
    recordNumber, name, otherNames, birthDate: birthDate(r, res.birthDate, `${at}.birthDate`, today),
    language: language ?? defaultLanguage, conditions: [], allergies: [], wristband, bed: null,
  };
}

/** HumanName as people write it: its text, else given and family names (family first when asked; unspaced in characters). */
function formatName(r: FieldReader, n: Json, field: string, familyFirst: boolean): string {
  if (typeof n.text === 'string' && n.text.trim()) return n.text.trim();
  const family = typeof n.family === 'string' ? n.family.trim() : '';
  const given = (n.given === undefined ? [] : r.array(n.given, `${field}.given`)).map((g, i) => r.string(g, `${field}.given[${i}]`).trim());
  if (/\p{Script=Han}/u.test(family)) return (family + given.join('')).trim() || r.fail(field, 'is empty');
  const text = (familyFirst ? [family, ...given] : [...given, family]).filter(Boolean).join(' ');
  if (!text) r.fail(field, 'has neither text nor family and given names');
  return text;
}

function patientLanguage(r: FieldReader, value: unknown, field: string): Language | null {
  const list = (value === undefined ? [] : r.array(value, field)).map((c, i) => r.record(c, `${field}[${i}]`));
  list.sort((a, b) => Number(b.preferred === true) - Number(a.preferred === true));
  for (const c of list) {
    for (const code of codes(c.language)) {
      if (/^zh(-|$)/i.test(code)) return 'zh-CN';
      if (/^en(-|$)/i.test(code)) return 'en';
    }
  }
  return null;
}

type Lookup = (ref: unknown, field: string, wanted: string) => Entry | null;

function readOrder(
  r: FieldReader, entry: Entry, patientOf: (ref: unknown, field: string) => PatientState, lookup: Lookup, warnings: string[],
): MedicationOrder | null {
  const res = entry.resource;
  const at = entry.at;
  const id = r.nonEmptyString(res.id, `${at}.id`);
  const intent = r.string(res.intent, `${at}.intent`);
  if (!ORDER_INTENTS.includes(intent)) {
    warnings.push(`${at}: MedicationRequest "${id}" has intent "${intent}", not an order; not delivered`);
    return null;
  }
  const statusText = r.string(res.status, `${at}.status`);
  if (!(ORDER_STATUSES as readonly string[]).includes(statusText)) {
    r.fail(`${at}.status`, `"${statusText}" is not an order status the ward can act on (statuses: ${ORDER_STATUSES.join(', ')})`);
  }
  const patient = patientOf(res.subject, `${at}.subject`).patient.recordNumber;

  let conceptField = `${at}.medicationCodeableConcept`;
  let concept = res.medicationCodeableConcept;
  if (concept === undefined && res.medicationReference !== undefined) {
    const med = lookup(res.medicationReference, `${at}.medicationReference`, 'Medication');
    if (!med) r.fail(`${at}.medicationReference.reference`, 'the Medication is not in the bundle; the robot must know what it carries');
    conceptField = `${med.at}.code`;
    concept = med.resource.code;
  }
  if (concept === undefined) r.fail(`${at}.medicationCodeableConcept`, 'missing; give the medication as a CodeableConcept or a Medication reference');
  const conceptRec = r.record(concept, conceptField);
  const all = codings(conceptRec).filter((c) => typeof c.code === 'string' && typeof c.system === 'string');
  const coding = all.find((c) => c.system === RXNORM_SYSTEM) ?? all[0];
  if (!coding) r.fail(`${conceptField}.coding`, 'no coding with a system and a code');
  const display = typeof coding.display === 'string' && coding.display.trim() ? coding.display.trim() : conceptText(r, conceptRec, conceptField);

  const dosages = r.array(res.dosageInstruction, `${at}.dosageInstruction`);
  const dosage = r.nonEmptyString(r.record(dosages[0], `${at}.dosageInstruction[0]`).text, `${at}.dosageInstruction[0].text`);

  let controlled = false;
  (res.extension === undefined ? [] : r.array(res.extension, `${at}.extension`)).forEach((x, j) => {
    const ext = r.record(x, `${at}.extension[${j}]`);
    if (ext.url === CONTROLLED_DRUG_EXTENSION) controlled = r.boolean(ext.valueBoolean, `${at}.extension[${j}].valueBoolean`);
  });
  return { id, patient, medication: { code: coding.code as string, system: coding.system as string, display }, dosage, status: statusText as OrderStatus, controlled };
}

/** Conditions from an encounter's reasonCode, reasonReference and diagnosis (ICD-10 codings only). */
function encounterConditions(r: FieldReader, entry: Entry, lookup: Lookup, warnings: string[]): Condition[] {
  const res = entry.resource;
  const fromConcept = (concept: unknown): Condition[] =>
    codings(concept)
      .filter((c) => (ICD10_SYSTEMS as readonly unknown[]).includes(c.system) && typeof c.code === 'string')
      .map((c) => conditionOfIcd10(c.code as string))
      .filter((c): c is Condition => c !== null);
  const fromCondition = (ref: unknown, field: string): Condition[] => {
    const rec = r.record(ref, field);
    if (typeof rec.reference === 'string' && /(^|\/)Procedure\//.test(rec.reference)) return [];
    const cond = lookup(ref, field, 'Condition');
    if (!cond) {
      warnings.push(`${field}: the Condition is not in the bundle; ignored`);
      return [];
    }
    const c = cond.resource;
    if (INACTIVE_CLINICAL.some((s) => codes(c.clinicalStatus).includes(s)) || NOT_TRUE.some((s) => codes(c.verificationStatus).includes(s))) return [];
    return fromConcept(c.code);
  };
  const list = (v: unknown, field: string) => (v === undefined ? [] : r.array(v, field));
  return [
    ...list(res.reasonCode, `${entry.at}.reasonCode`).flatMap((c) => fromConcept(c)),
    ...list(res.reasonReference, `${entry.at}.reasonReference`).flatMap((ref, i) => fromCondition(ref, `${entry.at}.reasonReference[${i}]`)),
    ...list(res.diagnosis, `${entry.at}.diagnosis`).flatMap((d, i) =>
      fromCondition(r.record(d, `${entry.at}.diagnosis[${i}]`).condition, `${entry.at}.diagnosis[${i}].condition`)),
  ];
}

/** The ward bed a bed Location names, by its name, an identifier or an alias, matched to a bed place's name or label. */
function wardBed(loc: Json, places: readonly Place[]): string | null {
  const names = new Set<string>();
  if (typeof loc.name === 'string') names.add(loc.name.trim());
  if (Array.isArray(loc.alias)) for (const a of loc.alias) if (typeof a === 'string') names.add(a.trim());
  if (Array.isArray(loc.identifier)) {
    for (const id of loc.identifier) if (id && typeof id === 'object' && typeof (id as Json).value === 'string') names.add(((id as Json).value as string).trim());
  }
  const bed = places.find((p) => p.kind === 'bed' && (names.has(p.name) || LANGUAGES.some((l) => names.has(p.label[l]))));
  return bed?.name ?? null;
}
