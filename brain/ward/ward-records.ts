// The ward's patients and medication orders as the brain keeps them, in the shared SQLite file.
// The ward file seeds them once; after that the records (moved beds, completed orders, hospital
// imports) are the truth and a restart never puts the ward file's version back. Staff accounts are
// not here: they belong to the accounts module.
import type Database from 'better-sqlite3';
import {
  FieldReader, ORDER_STATUSES, UniqueValues, bedPlace, localDate, parseOrder, parsePatient,
} from '../../robot/index.js';
import type { MedicationOrder, OrderStatus, Patient, Place, WardPeople } from '../../robot/index.js';
import { wallClock } from '../clock.js';
import type { BrainClock } from '../clock.js';
import { migrateModule } from '../store/module-schema.js';
import type { ModuleMigration } from '../store/module-schema.js';
import { WardConflictError, WardNotFoundError, WardValidationError } from './errors.js';

const MIGRATIONS: readonly ModuleMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE ward_patients (
        record_number TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        other_names TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        language TEXT NOT NULL,
        conditions TEXT NOT NULL,
        allergies TEXT NOT NULL,
        wristband TEXT NOT NULL UNIQUE,
        bed TEXT UNIQUE,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE ward_orders (
        id TEXT PRIMARY KEY NOT NULL,
        patient TEXT NOT NULL REFERENCES ward_patients (record_number),
        medication_code TEXT NOT NULL,
        medication_system TEXT NOT NULL,
        medication_display TEXT NOT NULL,
        dosage TEXT NOT NULL,
        status TEXT NOT NULL,
        controlled INTEGER NOT NULL CHECK (controlled IN (0, 1)),
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX ward_orders_by_patient ON ward_orders (patient, status);
    `,
  },
];

interface PatientRow {
  record_number: string; name: string; other_names: string; birth_date: string; language: string;
  conditions: string; allergies: string; wristband: string; bed: string | null;
}
interface OrderRow {
  id: string; patient: string; medication_code: string; medication_system: string; medication_display: string;
  dosage: string; status: string; controlled: number;
}

function toPatient(row: PatientRow): Patient {
  return {
    recordNumber: row.record_number, name: row.name, otherNames: JSON.parse(row.other_names) as string[], birthDate: row.birth_date,
    language: row.language as Patient['language'], conditions: JSON.parse(row.conditions) as Patient['conditions'],
    allergies: JSON.parse(row.allergies) as string[], wristband: row.wristband, bed: row.bed,
  };
}

function toOrder(row: OrderRow): MedicationOrder {
  return {
    id: row.id, patient: row.patient, medication: { code: row.medication_code, system: row.medication_system, display: row.medication_display },
    dosage: row.dosage, status: row.status as OrderStatus, controlled: row.controlled === 1,
  };
}

/** Field checks of the ward file, failing with a WardValidationError in the caller's camelCase spelling. */
class RecordReader extends FieldReader {
  constructor() {
    super('ward records');
  }
  override fail(field: string, problem: string): never {
    throw new WardValidationError(field, problem);
  }
}

export interface ImportCounts {
  patientsAdded: number;
  patientsUpdated: number;
  ordersAdded: number;
  ordersUpdated: number;
}

export interface SeedResult {
  patientsAdded: number;
  ordersAdded: number;
  /** Entries of the ward file left out because the stored records disagree with them, with the reason. */
  skipped: string[];
}

export interface OrderQuery {
  patient?: string;
  status?: OrderStatus | readonly OrderStatus[];
}

export interface WardRecordsOptions {
  /** Time of `updated_at`, and "today" for refusing birth dates in the future. */
  clock?: BrainClock;
}

interface HasPlaces {
  places: readonly Place[];
}

export class WardRecords {
  private readonly clock: BrainClock;
  private readonly places: readonly Place[];

  /** `ward` gives the bed places a patient may lie in. */
  constructor(private readonly db: Database.Database, ward: HasPlaces, opts: WardRecordsOptions = {}) {
    this.clock = opts.clock ?? wallClock;
    this.places = ward.places;
    migrateModule(db, 'ward', MIGRATIONS);
  }

  patient(recordNumber: string): Patient | null {
    const row = this.db.prepare('SELECT * FROM ward_patients WHERE record_number = ?').get(recordNumber) as PatientRow | undefined;
    return row ? toPatient(row) : null;
  }

  patientInBed(bed: string): Patient | null {
    const row = this.db.prepare('SELECT * FROM ward_patients WHERE bed = ?').get(bed) as PatientRow | undefined;
    return row ? toPatient(row) : null;
  }

  patientByWristband(wristband: string): Patient | null {
    const row = this.db.prepare('SELECT * FROM ward_patients WHERE wristband = ?').get(wristband) as PatientRow | undefined;
    return row ? toPatient(row) : null;
  }

  patients(): Patient[] {
    return (this.db.prepare('SELECT * FROM ward_patients ORDER BY record_number').all() as PatientRow[]).map(toPatient);
  }

  order(id: string): MedicationOrder | null {
    const row = this.db.prepare('SELECT * FROM ward_orders WHERE id = ?').get(id) as OrderRow | undefined;
    return row ? toOrder(row) : null;
  }

  orders(query: OrderQuery = {}): MedicationOrder[] {
    const r = new RecordReader();
    const where: string[] = [];
    const args: string[] = [];
    if (query.patient !== undefined) {
      where.push('patient = ?');
      args.push(r.nonEmptyString(query.patient, 'patient'));
    }
    if (query.status !== undefined) {
      const list: readonly unknown[] = typeof query.status === 'string' ? [query.status] : query.status;
      const statuses = list.map((s, i) => this.status(r, s, typeof query.status === 'string' ? 'status' : `status[${i}]`));
      where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
      args.push(...statuses);
    }
    const sql = `SELECT * FROM ward_orders${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.db.prepare(sql).all(...args) as OrderRow[]).map(toOrder);
  }

  /**
   * Moves an order from `expected` to `status` in one statement, so that of two deliveries racing
   * for the same order exactly one wins; the other gets a WardConflictError naming the status it found.
   */
  setOrderStatus(id: string, status: OrderStatus, expected: OrderStatus | readonly OrderStatus[]): MedicationOrder {
    const r = new RecordReader();
    const to = this.status(r, status, 'status');
    const list: readonly unknown[] = typeof expected === 'string' ? [expected] : expected;
    const from = list.map((s, i) => this.status(r, s, typeof expected === 'string' ? 'expectedStatus' : `expectedStatus[${i}]`));
    if (from.length === 0) r.fail('expectedStatus', 'is empty; name the status the order must be in');
    const changed = this.db.prepare(`UPDATE ward_orders SET status = ?, updated_at = ? WHERE id = ? AND status IN (${from.map(() => '?').join(', ')})`)
      .run(to, this.clock.now(), id, ...from).changes;
    const now = this.order(id);
    if (!now) throw new WardNotFoundError('order', id);
    if (changed === 0) throw new WardConflictError('status', `order "${id}" is ${now.status}, not ${from.join(' or ')}`);
    return now;
  }

  /** Puts a patient in a bed (or in none, with null); a bed holds one patient. */
  moveToBed(recordNumber: string, bed: string | null): Patient {
    const r = new RecordReader();
    const target = bed === null ? null : bedPlace(r, bed, 'bed', this.places);
    return this.db.transaction(() => {
      const patient = this.patient(recordNumber);
      if (!patient) throw new WardNotFoundError('patient', recordNumber);
      if (target !== null) {
        const occupant = this.patientInBed(target);
        if (occupant && occupant.recordNumber !== recordNumber) {
          throw new WardConflictError('bed', `bed "${target}" is taken by ${occupant.recordNumber}; move that patient first`);
        }
      }
      this.db.prepare('UPDATE ward_patients SET bed = ?, updated_at = ? WHERE record_number = ?').run(target, this.clock.now(), recordNumber);
      return { ...patient, bed: target };
    })();
  }

  /**
   * Adds the ward file's patients and orders that are not stored yet. Stored records win: an entry
   * that would clash with them (its bed or wristband now belongs to a stored patient, or its order's
   * patient was left out) is skipped and reported, never written over.
   */
  seedFromWard(ward: { people: WardPeople }): SeedResult {
    const result: SeedResult = { patientsAdded: 0, ordersAdded: 0, skipped: [] };
    const r = new RecordReader();
    const ctx = { places: this.places, spelling: 'camel' as const, today: this.today() };
    const patients = ward.people.patients.map((p, i) => parsePatient(r, p, `patients[${i}]`, ctx));
    const orders = ward.people.orders.map((o, i) => parseOrder(r, o, `orders[${i}]`, ctx));
    this.db.transaction(() => {
      for (const p of patients) {
        if (this.patient(p.recordNumber)) continue;
        const owner = this.patientByWristband(p.wristband);
        if (owner) {
          result.skipped.push(`patient ${p.recordNumber}: wristband "${p.wristband}" belongs to stored patient ${owner.recordNumber}`);
          continue;
        }
        const occupant = p.bed === null ? null : this.patientInBed(p.bed);
        if (occupant) {
          result.skipped.push(`patient ${p.recordNumber}: bed "${p.bed}" is taken by stored patient ${occupant.recordNumber}`);
          continue;
        }
        this.insertPatient(p);
        result.patientsAdded++;
      }
      for (const o of orders) {
        if (this.order(o.id)) continue;
        if (!this.patient(o.patient)) {
          result.skipped.push(`order ${o.id}: patient ${o.patient} is not stored`);
          continue;
        }
        this.insertOrder(o);
        result.ordersAdded++;
      }
    })();
    return result;
  }

  /**
   * Adds or replaces the given patients and orders (e.g. from a hospital FHIR bundle) in one
   * transaction: every entry is checked first, and one bad entry writes nothing. Staff accounts are
   * refused here; they go to the accounts module.
   */
  importPeople(people: unknown): ImportCounts {
    const r = new RecordReader();
    const root = r.record(people, '(people)');
    r.onlyKeys(root, '', ['patients', 'orders', 'staff']);
    if (root.staff !== undefined && root.staff !== null && r.array(root.staff, 'staff').length > 0) {
      r.fail('staff', 'staff accounts are kept by the accounts module, not the ward records; import them there');
    }
    const ctx = { places: this.places, spelling: 'camel' as const, today: this.today() };
    const list = (v: unknown, field: string) => (v === undefined || v === null ? [] : r.array(v, field));

    const records = new UniqueValues(r, 'record number');
    const wristbands = new UniqueValues(r, 'wristband');
    const beds = new UniqueValues(r, 'bed (one patient per bed)');
    const patients = list(root.patients, 'patients').map((v, i) => {
      const at = `patients[${i}]`;
      const p = parsePatient(r, v, at, ctx);
      records.add(p.recordNumber, `${at}.recordNumber`, at);
      wristbands.add(p.wristband, `${at}.wristband`, at);
      if (p.bed !== null) beds.add(p.bed, `${at}.bed`, at);
      return p;
    });
    const ids = new UniqueValues(r, 'order id');
    const orders = list(root.orders, 'orders').map((v, i) => {
      const at = `orders[${i}]`;
      const o = parseOrder(r, v, at, ctx);
      ids.add(o.id, `${at}.id`, at);
      return o;
    });

    return this.db.transaction((): ImportCounts => {
      const counts: ImportCounts = { patientsAdded: 0, patientsUpdated: 0, ordersAdded: 0, ordersUpdated: 0 };
      patients.forEach((p, i) => {
        const bedHolder = p.bed === null ? null : this.patientInBed(p.bed);
        if (bedHolder && !records.has(bedHolder.recordNumber)) {
          r.fail(`patients[${i}].bed`, `bed "${p.bed}" is taken by stored patient ${bedHolder.recordNumber}; move or include that patient too`);
        }
        const bandHolder = this.patientByWristband(p.wristband);
        if (bandHolder && bandHolder.recordNumber !== p.recordNumber && !records.has(bandHolder.recordNumber)) {
          r.fail(`patients[${i}].wristband`, `wristband "${p.wristband}" belongs to stored patient ${bandHolder.recordNumber}`);
        }
      });
      orders.forEach((o, i) => {
        if (!records.has(o.patient) && !this.patient(o.patient)) {
          r.fail(`orders[${i}].patient`, `no patient with record number "${o.patient}" in this import or the ward records`);
        }
        const stored = this.order(o.id);
        if (stored && stored.patient !== o.patient) {
          r.fail(`orders[${i}].patient`, `order "${o.id}" belongs to ${stored.patient}; an order never moves to another patient`);
        }
      });
      // Patients in the batch may swap beds or wristbands among themselves; freeing theirs first keeps
      // the unique columns from refusing a state that is only half-written.
      // The placeholder wristband lives only inside this transaction.
      const free = this.db.prepare("UPDATE ward_patients SET bed = NULL, wristband = 'importing:' || record_number WHERE record_number = ?");
      const existing = new Set(patients.filter((p) => this.patient(p.recordNumber)).map((p) => p.recordNumber));
      for (const rn of existing) free.run(rn);
      for (const p of patients) {
        if (existing.has(p.recordNumber)) {
          this.updatePatient(p);
          counts.patientsUpdated++;
        } else {
          this.insertPatient(p);
          counts.patientsAdded++;
        }
      }
      for (const o of orders) {
        if (this.order(o.id)) {
          this.updateOrder(o);
          counts.ordersUpdated++;
        } else {
          this.insertOrder(o);
          counts.ordersAdded++;
        }
      }
      return counts;
    })();
  }

  private today(): string {
    return localDate(new Date(this.clock.now()));
  }

  private status(r: FieldReader, value: unknown, field: string): OrderStatus {
    const s = r.string(value, field);
    if (!(ORDER_STATUSES as readonly string[]).includes(s)) r.fail(field, `unknown status "${s}" (statuses: ${ORDER_STATUSES.join(', ')})`);
    return s as OrderStatus;
  }

  private patientValues(p: Patient): unknown[] {
    return [
      p.name, JSON.stringify(p.otherNames), p.birthDate, p.language, JSON.stringify(p.conditions), JSON.stringify(p.allergies),
      p.wristband, p.bed, this.clock.now(), p.recordNumber,
    ];
  }

  private insertPatient(p: Patient): void {
    this.db.prepare(`INSERT INTO ward_patients (name, other_names, birth_date, language, conditions, allergies, wristband, bed, updated_at, record_number)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...this.patientValues(p));
  }

  private updatePatient(p: Patient): void {
    this.db.prepare(`UPDATE ward_patients SET name = ?, other_names = ?, birth_date = ?, language = ?, conditions = ?, allergies = ?,
      wristband = ?, bed = ?, updated_at = ? WHERE record_number = ?`).run(...this.patientValues(p));
  }

  private orderValues(o: MedicationOrder): unknown[] {
    return [o.patient, o.medication.code, o.medication.system, o.medication.display, o.dosage, o.status, o.controlled ? 1 : 0, this.clock.now(), o.id];
  }

  private insertOrder(o: MedicationOrder): void {
    this.db.prepare(`INSERT INTO ward_orders (patient, medication_code, medication_system, medication_display, dosage, status, controlled, updated_at, id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...this.orderValues(o));
  }

  private updateOrder(o: MedicationOrder): void {
    this.db.prepare(`UPDATE ward_orders SET patient = ?, medication_code = ?, medication_system = ?, medication_display = ?, dosage = ?,
      status = ?, controlled = ?, updated_at = ? WHERE id = ?`).run(...this.orderValues(o));
  }
}
