// Patients, staff and medication orders, checked the same way wherever they come from: the ward file
// (snake_case YAML keys) or the brain's ward records (the camelCase fields of people-types.ts). One
// set of rules keeps a record the brain accepts from being one the ward file would refuse, and back.
import type { FieldReader } from './fields.js';
import { closestNames } from './places.js';
import type { Place } from './places.js';
import { CONDITIONS, LANGUAGES, ORDER_STATUSES, STAFF_ROLES } from './people-types.js';
import type { Condition, Language, MedicationOrder, OrderStatus, Patient, StaffMember, StaffRole, WardPeople } from './people-types.js';

/** How the keys are spelled: `yaml` for ward files (record_number), `camel` for TypeScript objects (recordNumber). */
export type PeopleSpelling = 'yaml' | 'camel';

export interface PeopleContext {
  /** The ward's places; a patient's bed must be one of kind `bed`. */
  places: readonly Place[];
  spelling: PeopleSpelling;
  /** Today as YYYY-MM-DD; birth dates after it are refused. Defaults to the local date. */
  today?: string;
}

const PATIENT_KEYS = {
  recordNumber: 'record_number', name: 'name', otherNames: 'other_names', birthDate: 'birth_date',
  language: 'language', conditions: 'conditions', allergies: 'allergies', wristband: 'wristband', bed: 'bed',
} as const satisfies Record<keyof Patient, string>;
const STAFF_KEYS = { username: 'username', name: 'name', roles: 'roles', badge: 'badge' } as const satisfies Record<keyof StaffMember, string>;
const ORDER_KEYS = {
  id: 'id', patient: 'patient', medication: 'medication', dosage: 'dosage', status: 'status', controlled: 'controlled',
} as const satisfies Record<keyof MedicationOrder, string>;
const MEDICATION_KEYS = ['code', 'system', 'display'] as const;

/** Key names of a record in the given spelling, e.g. `keys(PATIENT_KEYS, 'yaml').recordNumber === 'record_number'`. */
function keys<K extends string>(table: Record<K, string>, spelling: PeopleSpelling): Record<K, string> {
  if (spelling === 'yaml') return table;
  return Object.fromEntries(Object.keys(table).map((k) => [k, k])) as Record<K, string>;
}

export function localDate(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Checks that `value` is a real calendar date YYYY-MM-DD, not before 1900 and not after `today`. */
export function birthDate(r: FieldReader, value: unknown, field: string, today: string): string {
  const text = r.string(value, field);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) r.fail(field, `expected a date YYYY-MM-DD, got "${text}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    r.fail(field, `"${text}" is not a real date`);
  }
  if (y < 1900) r.fail(field, `"${text}" is before 1900; check the year`);
  if (text > today) r.fail(field, `"${text}" is in the future (today is ${today})`);
  return text;
}

function oneOf<T extends string>(r: FieldReader, value: unknown, field: string, allowed: readonly T[], what: string): T {
  const text = r.string(value, field);
  if (!(allowed as readonly string[]).includes(text)) r.fail(field, `unknown ${what} "${text}" (${what}s: ${allowed.join(', ')})`);
  return text as T;
}

function listOf<T>(r: FieldReader, value: unknown, field: string, item: (v: unknown, at: string) => T, { optional = true } = {}): T[] {
  if (optional && (value === undefined || value === null)) return [];
  const out = r.array(value, field).map((v, i) => item(v, `${field}[${i}]`));
  const seen = new Map<T, number>();
  out.forEach((v, i) => {
    const first = seen.get(v);
    if (first !== undefined) r.fail(`${field}[${i}]`, `"${String(v)}" is listed twice (also ${field}[${first}])`);
    seen.set(v, i);
  });
  return out;
}

/** An identifier: text without spaces at either end, so a barcode or a typed id matches exactly. */
function identifier(r: FieldReader, value: unknown, field: string): string {
  const text = r.nonEmptyString(value, field);
  if (text.trim() !== text) r.fail(field, `"${text}" has spaces at the start or end`);
  return text;
}

export function parsePatient(r: FieldReader, value: unknown, at: string, ctx: PeopleContext): Patient {
  const k = keys(PATIENT_KEYS, ctx.spelling);
  const rec = r.record(value, at);
  r.onlyKeys(rec, at, Object.values(k));
  const f = (key: keyof Patient) => `${at}.${k[key]}`;
  const recordNumber = identifier(r, rec[k.recordNumber], f('recordNumber'));
  const name = r.nonEmptyString(rec[k.name], f('name'));
  const otherNames = listOf(r, rec[k.otherNames], f('otherNames'), (v, p) => r.nonEmptyString(v, p));
  const birth = birthDate(r, rec[k.birthDate], f('birthDate'), ctx.today ?? localDate());
  const language: Language = oneOf(r, rec[k.language], f('language'), LANGUAGES, 'language');
  const conditions: Condition[] = listOf(r, rec[k.conditions], f('conditions'), (v, p) => oneOf(r, v, p, CONDITIONS, 'condition'));
  const allergies = listOf(r, rec[k.allergies], f('allergies'), (v, p) => r.nonEmptyString(v, p));
  const wristband = identifier(r, rec[k.wristband], f('wristband'));
  let bed: string | null = null;
  if (rec[k.bed] !== undefined && rec[k.bed] !== null) bed = bedPlace(r, rec[k.bed], f('bed'), ctx.places);
  return { recordNumber, name, otherNames, birthDate: birth, language, conditions, allergies, wristband, bed };
}

/** Checks that `value` names a place of kind `bed`, suggesting close bed names when it does not. */
export function bedPlace(r: FieldReader, value: unknown, field: string, places: readonly Place[]): string {
  const name = r.nonEmptyString(value, field);
  const place = places.find((p) => p.name === name);
  if (!place) {
    const hint = closestNames(places.filter((p) => p.kind === 'bed').map((p) => p.name), name);
    r.fail(field, `unknown bed "${name}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`);
  }
  if (place.kind !== 'bed') r.fail(field, `"${name}" is a ${place.kind}, not a bed`);
  return name;
}

export function parseStaffMember(r: FieldReader, value: unknown, at: string, ctx: PeopleContext): StaffMember {
  const k = keys(STAFF_KEYS, ctx.spelling);
  const rec = r.record(value, at);
  r.onlyKeys(rec, at, Object.values(k));
  const username = identifier(r, rec[k.username], `${at}.${k.username}`);
  if (/\s/.test(username)) r.fail(`${at}.${k.username}`, `"${username}" contains a space`);
  const name = r.nonEmptyString(rec[k.name], `${at}.${k.name}`);
  const roles: StaffRole[] = listOf(r, rec[k.roles], `${at}.${k.roles}`, (v, p) => oneOf(r, v, p, STAFF_ROLES, 'role'), { optional: false });
  if (roles.length === 0) r.fail(`${at}.${k.roles}`, `is empty; give at least one role (${STAFF_ROLES.join(', ')})`);
  const badge = rec[k.badge] === undefined || rec[k.badge] === null ? null : identifier(r, rec[k.badge], `${at}.${k.badge}`);
  return { username, name, roles, badge };
}

export function parseOrder(r: FieldReader, value: unknown, at: string, ctx: PeopleContext): MedicationOrder {
  const k = keys(ORDER_KEYS, ctx.spelling);
  const rec = r.record(value, at);
  r.onlyKeys(rec, at, Object.values(k));
  const id = identifier(r, rec[k.id], `${at}.${k.id}`);
  const patient = identifier(r, rec[k.patient], `${at}.${k.patient}`);
  const medAt = `${at}.${k.medication}`;
  const med = r.record(rec[k.medication], medAt);
  r.onlyKeys(med, medAt, MEDICATION_KEYS);
  const code = identifier(r, med.code, `${medAt}.code`);
  const system = identifier(r, med.system, `${medAt}.system`);
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(system)) r.fail(`${medAt}.system`, `"${system}" is not a URI (e.g. http://www.nlm.nih.gov/research/umls/rxnorm)`);
  const display = r.nonEmptyString(med.display, `${medAt}.display`);
  const dosage = r.nonEmptyString(rec[k.dosage], `${at}.${k.dosage}`);
  const status: OrderStatus = oneOf(r, rec[k.status], `${at}.${k.status}`, ORDER_STATUSES, 'status');
  const controlled = r.boolean(rec[k.controlled], `${at}.${k.controlled}`);
  return { id, patient, medication: { code, system, display }, dosage, status, controlled };
}

/** Remembers where each unique value was first seen and fails on a second use. */
export class UniqueValues {
  private readonly seen = new Map<string, string>();
  constructor(private readonly r: FieldReader, private readonly what: string) {}

  /** `where` is the field path of the first use, named in the error for the second. */
  add(value: string, field: string, where = field): void {
    const first = this.seen.get(value);
    if (first !== undefined) this.r.fail(field, `duplicate ${this.what} "${value}" (also ${first})`);
    this.seen.set(value, where);
  }

  has(value: string): boolean {
    return this.seen.has(value);
  }
}

/**
 * The people lists of a ward file (or a batch for the ward records): every entry checked, then the
 * rules across entries: unique record numbers, wristbands, usernames, badges and order ids; at most
 * one patient per bed; every order's patient listed.
 */
export function parsePeople(
  r: FieldReader,
  lists: { patients?: unknown; staff?: unknown; orders?: unknown },
  ctx: PeopleContext,
): WardPeople {
  const pk = keys(PATIENT_KEYS, ctx.spelling);
  const sk = keys(STAFF_KEYS, ctx.spelling);
  const ok = keys(ORDER_KEYS, ctx.spelling);
  const optional = (v: unknown, field: string) => (v === undefined || v === null ? [] : r.array(v, field));

  const records = new UniqueValues(r, 'record number');
  const wristbands = new UniqueValues(r, 'wristband');
  const beds = new UniqueValues(r, 'bed (one patient per bed)');
  const patients = optional(lists.patients, 'patients').map((v, i) => {
    const at = `patients[${i}]`;
    const p = parsePatient(r, v, at, ctx);
    records.add(p.recordNumber, `${at}.${pk.recordNumber}`, at);
    wristbands.add(p.wristband, `${at}.${pk.wristband}`, at);
    if (p.bed !== null) beds.add(p.bed, `${at}.${pk.bed}`, at);
    return p;
  });

  const usernames = new UniqueValues(r, 'username');
  const badges = new UniqueValues(r, 'badge');
  const staff = optional(lists.staff, 'staff').map((v, i) => {
    const at = `staff[${i}]`;
    const s = parseStaffMember(r, v, at, ctx);
    usernames.add(s.username, `${at}.${sk.username}`, at);
    if (s.badge !== null) badges.add(s.badge, `${at}.${sk.badge}`, at);
    return s;
  });

  const ids = new UniqueValues(r, 'order id');
  const orders = optional(lists.orders, 'orders').map((v, i) => {
    const at = `orders[${i}]`;
    const o = parseOrder(r, v, at, ctx);
    ids.add(o.id, `${at}.${ok.id}`, at);
    if (!records.has(o.patient)) {
      const hint = closestNames(patients.map((p) => p.recordNumber), o.patient);
      r.fail(`${at}.${ok.patient}`, `no patient with record number "${o.patient}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`);
    }
    return o;
  });
  return { patients, staff, orders };
}
