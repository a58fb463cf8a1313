import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeEach } from '@jest/globals';
import type Database from 'better-sqlite3';
import { loadWard } from '../../robot/index.js';
import type { MedicationOrder, Patient } from '../../robot/index.js';
import { openTestDatabase } from '../store/module-schema.js';
import type { BrainClock } from '../clock.js';
import { WardConflictError, WardNotFoundError, WardValidationError } from './errors.js';
import { WardRecords } from './ward-records.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ward = loadWard(path.resolve(repoRoot, 'sim/maps/small_ward/small_ward.ward.yaml'));
const clock: BrainClock = { now: () => Date.UTC(2025, 5, 1, 8, 0), after: () => () => {} };

const patient = (n: number, extra: Partial<Patient> = {}): Patient => ({
  recordNumber: `MRN-9${n}`, name: `Test Patient ${n}`, otherNames: [], birthDate: '1950-01-01', language: 'en',
  conditions: [], allergies: [], wristband: `WB-9${n}`, bed: null, ...extra,
});
const order = (id: string, patientRn: string, extra: Partial<MedicationOrder> = {}): MedicationOrder => ({
  id, patient: patientRn, medication: { code: '313782', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display: 'Acetaminophen 325 MG Oral Tablet' },
  dosage: '650 mg orally every 6 hours as needed', status: 'active', controlled: false, ...extra,
});

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

let db: Database.Database;
let records: WardRecords;
beforeEach(async () => {
  db = await openTestDatabase();
  records = new WardRecords(db, ward, { clock });
});

describe('WardRecords seeded from the ward file', () => {
  it('stores every patient and order of the small ward, and reads them back as they were', () => {
    const seeded = records.seedFromWard(ward);
    expect(seeded).toEqual({ patientsAdded: 10, ordersAdded: ward.people.orders.length, skipped: [] });
    const byRn = (a: Patient, b: Patient) => a.recordNumber.localeCompare(b.recordNumber);
    expect(records.patients()).toEqual([...ward.people.patients].sort(byRn));
    expect(records.orders()).toEqual([...ward.people.orders].sort((a, b) => a.id.localeCompare(b.id)));
    const first = ward.people.patients[0]!;
    expect(records.patient(first.recordNumber)).toEqual(first);
    expect(records.patientInBed(first.bed!)).toEqual(first);
    expect(records.patient('MRN-nobody')).toBeNull();
    expect(records.patientInBed('bed_99')).toBeNull();
  });

  it('never overwrites stored records, and reports what it left out', () => {
    records.seedFromWard(ward);
    const first = ward.people.patients[0]!;
    records.moveToBed(first.recordNumber, null);
    const someOrder = ward.people.orders.find((o) => o.status === 'active')!;
    records.setOrderStatus(someOrder.id, 'completed', 'active');
    expect(records.seedFromWard(ward)).toEqual({ patientsAdded: 0, ordersAdded: 0, skipped: [] });
    expect(records.patient(first.recordNumber)!.bed).toBeNull();
    expect(records.order(someOrder.id)!.status).toBe('completed');

    // A newcomer whose bed a stored patient now holds is skipped, and so is the newcomer's order.
    const other = ward.people.patients[1]!;
    const newcomer = patient(1, { bed: other.bed });
    const result = records.seedFromWard({ people: { patients: [newcomer], staff: [], orders: [order('MR-new', newcomer.recordNumber)] } });
    expect(result).toEqual({
      patientsAdded: 0, ordersAdded: 0,
      skipped: [`patient MRN-91: bed "${other.bed}" is taken by stored patient ${other.recordNumber}`, 'order MR-new: patient MRN-91 is not stored'],
    });
  });

  it('survives reopening the same database file', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(path.join(tmpdir(), 'ward-records-'));
    const file = path.join(dir, 'ward.db');
    try {
      const d1 = await openTestDatabase(file);
      new WardRecords(d1, ward, { clock }).seedFromWard(ward);
      d1.close();
      const d2 = await openTestDatabase(file);
      expect(new WardRecords(d2, ward, { clock }).patients()).toHaveLength(10);
      d2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('orders', () => {
  beforeEach(() => {
    records.importPeople({ patients: [patient(1), patient(2)], orders: [order('A', 'MRN-91'), order('B', 'MRN-91', { status: 'on-hold' }), order('C', 'MRN-92', { controlled: true })] });
  });

  it('filters by patient and status', () => {
    expect(records.orders({ patient: 'MRN-91' }).map((o) => o.id)).toEqual(['A', 'B']);
    expect(records.orders({ status: 'active' }).map((o) => o.id)).toEqual(['A', 'C']);
    expect(records.orders({ patient: 'MRN-91', status: ['on-hold', 'completed'] }).map((o) => o.id)).toEqual(['B']);
    expect(records.order('C')!.controlled).toBe(true);
    expect(() => records.orders({ status: 'paused' as never })).toThrow('status: unknown status "paused"');
  });

  it('setOrderStatus completes an order once; the second delivery gets a conflict', () => {
    expect(records.setOrderStatus('A', 'completed', 'active').status).toBe('completed');
    const err = thrown(() => records.setOrderStatus('A', 'completed', 'active'));
    expect(err).toBeInstanceOf(WardConflictError);
    expect(err.message).toBe('status: order "A" is completed, not active');
    expect(records.order('A')!.status).toBe('completed');
    expect(thrown(() => records.setOrderStatus('Z', 'completed', 'active'))).toBeInstanceOf(WardNotFoundError);
    expect(records.setOrderStatus('B', 'active', ['on-hold', 'draft']).status).toBe('active');
    expect(thrown(() => records.setOrderStatus('B', 'done' as never, 'active')).message).toMatch(/^status: unknown status "done"/);
  });
});

describe('beds', () => {
  it('moveToBed moves a patient, frees a bed, and refuses a taken bed or a non-bed place', () => {
    records.importPeople({ patients: [patient(1, { bed: 'bed_1' }), patient(2)] });
    expect(records.moveToBed('MRN-92', 'bed_2').bed).toBe('bed_2');
    expect(records.patientInBed('bed_2')!.recordNumber).toBe('MRN-92');
    const taken = thrown(() => records.moveToBed('MRN-92', 'bed_1'));
    expect(taken).toBeInstanceOf(WardConflictError);
    expect(taken.message).toBe('bed: bed "bed_1" is taken by MRN-91; move that patient first');
    expect(thrown(() => records.moveToBed('MRN-92', 'pharmacy')).message).toBe('bed: "pharmacy" is a pharmacy, not a bed');
    expect(thrown(() => records.moveToBed('MRN-99', 'bed_3'))).toBeInstanceOf(WardNotFoundError);
    expect(records.moveToBed('MRN-91', null).bed).toBeNull();
    expect(records.moveToBed('MRN-92', 'bed_1').bed).toBe('bed_1');
  });
});

describe('importPeople', () => {
  it('adds, then updates, and lets patients in the same import swap beds and wristbands', () => {
    expect(records.importPeople({ patients: [patient(1, { bed: 'bed_1' }), patient(2, { bed: 'bed_2' })], orders: [order('A', 'MRN-91')], staff: [] }))
      .toEqual({ patientsAdded: 2, patientsUpdated: 0, ordersAdded: 1, ordersUpdated: 0 });
    const counts = records.importPeople({
      patients: [patient(1, { bed: 'bed_2', wristband: 'WB-92' }), patient(2, { bed: 'bed_1', wristband: 'WB-91' }), patient(3)],
      orders: [order('A', 'MRN-91', { status: 'stopped' })],
    });
    expect(counts).toEqual({ patientsAdded: 1, patientsUpdated: 2, ordersAdded: 0, ordersUpdated: 1 });
    expect(records.patientInBed('bed_2')!.recordNumber).toBe('MRN-91');
    expect(records.patient('MRN-91')!.wristband).toBe('WB-92');
    expect(records.order('A')!.status).toBe('stopped');
  });

  it('is all or nothing: a bad entry anywhere writes nothing', () => {
    records.importPeople({ patients: [patient(1, { bed: 'bed_1' })] });
    const before = { patients: records.patients(), orders: records.orders() };
    const err = thrown(() => records.importPeople({ patients: [patient(2, { bed: 'bed_2' }), patient(3, { bed: 'bed_1' })] }));
    expect(err).toBeInstanceOf(WardValidationError);
    expect(err.message).toBe('patients[1].bed: bed "bed_1" is taken by stored patient MRN-91; move or include that patient too');
    expect((err as WardValidationError).field).toBe('patients[1].bed');
    expect(thrown(() => records.importPeople({ patients: [patient(2)], orders: [order('A', 'MRN-99')] })).message)
      .toBe('orders[0].patient: no patient with record number "MRN-99" in this import or the ward records');
    expect({ patients: records.patients(), orders: records.orders() }).toEqual(before);
  });

  it('checks every field with the ward file\'s rules, naming it', () => {
    const msg = (people: unknown) => thrown(() => records.importPeople(people)).message;
    expect(msg({ patients: [patient(1, { birthDate: '1950-02-30' })] })).toBe('patients[0].birthDate: "1950-02-30" is not a real date');
    expect(msg({ patients: [patient(1, { birthDate: '2025-06-02' })] })).toBe('patients[0].birthDate: "2025-06-02" is in the future (today is 2025-06-01)');
    expect(msg({ patients: [patient(1, { language: 'fr' as never })] })).toBe('patients[0].language: unknown language "fr" (languages: zh-CN, en)');
    expect(msg({ patients: [patient(1), patient(1)] })).toBe('patients[1].recordNumber: duplicate record number "MRN-91" (also patients[0])');
    expect(msg({ patients: [patient(1), patient(2, { wristband: 'WB-91' })] })).toBe('patients[1].wristband: duplicate wristband "WB-91" (also patients[0])');
    expect(msg({ patients: [{ ...patient(1), mrn: 'x' }] })).toMatch(/^patients\[0\]\.mrn: unknown key "mrn"/);
    expect(msg({ patients: [patient(1)], orders: [order('A', 'MRN-91', { controlled: 'yes' as never })] }))
      .toBe('orders[0].controlled: expected true or false, got text "yes"');
    expect(msg({ patients: [patient(1)], orders: [order('A', 'MRN-91'), order('A', 'MRN-91')] })).toBe('orders[1].id: duplicate order id "A" (also orders[0])');
    expect(msg({ staff: [{ username: 'x' }] })).toBe('staff: staff accounts are kept by the accounts module, not the ward records; import them there');
    expect(msg({ beds: [] })).toMatch(/^beds: unknown key "beds"/);
    expect(msg([])).toBe('(people): expected a mapping (key: value), got a list');
  });

  it('refuses a wristband of a stored patient and an order that changes patient', () => {
    records.importPeople({ patients: [patient(1), patient(2)], orders: [order('A', 'MRN-91')] });
    expect(thrown(() => records.importPeople({ patients: [patient(3, { wristband: 'WB-91' })] })).message)
      .toBe('patients[0].wristband: wristband "WB-91" belongs to stored patient MRN-91');
    expect(thrown(() => records.importPeople({ orders: [order('A', 'MRN-92')] })).message)
      .toBe('orders[0].patient: order "A" belongs to MRN-91; an order never moves to another patient');
  });
});
