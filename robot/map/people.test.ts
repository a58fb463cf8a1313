import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { CONDITIONS, FieldReader, MapFileError, STAFF_ROLES, loadWard, parsePeople } from './index.js';
import type { Place } from './index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SMALL_MAP = path.resolve(repoRoot, 'sim/maps/small_ward/small_ward.building.yaml');
const SMALL_WARD = path.resolve(repoRoot, 'sim/maps/small_ward/small_ward.ward.yaml');
const CLINIC_WARD = path.resolve(repoRoot, 'sim/maps/clinic/clinic.ward.yaml');

const PLACES = `places:
  - { name: bed_1, kind: bed, waypoint: bay_1 }
  - { name: bed_2, kind: bed, waypoint: bay_2 }
  - { name: pharmacy, kind: pharmacy, waypoint: pharmacy_hatch }
`;
const PATIENT_1 = `  - record_number: MRN-1
    name: Wang Fang
    other_names: [王芳]
    birth_date: "1948-02-29"
    language: zh-CN
    conditions: [diabetes, insulin_use]
    allergies: [penicillin]
    wristband: WB-1
    bed: bed_1
`;
const PATIENT_2 = `  - { record_number: MRN-2, name: John Smith, birth_date: "1960-11-05", language: en, wristband: WB-2 }
`;
const STAFF = `staff:
  - { username: nurse.li, name: Li Na, roles: [nurse], badge: BADGE-1 }
  - { username: pharm.zhou, name: Zhou Min, roles: [pharmacist, ward_manager] }
`;
const ORDER = (extra = '') => `  - id: MR-1
    patient: MRN-1
    medication: { code: "1719280", system: "http://www.nlm.nih.gov/research/umls/rxnorm", display: "oxycodone 5 MG Oral Tablet" }
    dosage: 5 mg orally every 4 hours as needed
    status: active
    controlled: true${extra}
`;

function wardFile(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'people-'));
  const file = path.join(dir, 'test.ward.yaml');
  fs.writeFileSync(file, `name: People test\nmap: ${JSON.stringify(SMALL_MAP)}\n${PLACES}${body}`);
  return file;
}

function messageOf(body: string): string {
  const file = wardFile(body);
  try {
    loadWard(file);
  } catch (err) {
    expect(err).toBeInstanceOf(MapFileError);
    return (err as Error).message;
  }
  throw new Error('expected the ward file to be rejected');
}

describe('people in a ward file', () => {
  it('reads patients, staff and orders with their defaults', () => {
    const ward = loadWard(wardFile(`patients:\n${PATIENT_1}${PATIENT_2}${STAFF}orders:\n${ORDER()}`));
    expect(ward.people.patients).toEqual([
      {
        recordNumber: 'MRN-1', name: 'Wang Fang', otherNames: ['王芳'], birthDate: '1948-02-29', language: 'zh-CN',
        conditions: ['diabetes', 'insulin_use'], allergies: ['penicillin'], wristband: 'WB-1', bed: 'bed_1',
      },
      { recordNumber: 'MRN-2', name: 'John Smith', otherNames: [], birthDate: '1960-11-05', language: 'en', conditions: [], allergies: [], wristband: 'WB-2', bed: null },
    ]);
    expect(ward.people.staff).toEqual([
      { username: 'nurse.li', name: 'Li Na', roles: ['nurse'], badge: 'BADGE-1' },
      { username: 'pharm.zhou', name: 'Zhou Min', roles: ['pharmacist', 'ward_manager'], badge: null },
    ]);
    expect(ward.people.orders).toEqual([{
      id: 'MR-1', patient: 'MRN-1',
      medication: { code: '1719280', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display: 'oxycodone 5 MG Oral Tablet' },
      dosage: '5 mg orally every 4 hours as needed', status: 'active', controlled: true,
    }]);
  });

  it('a ward file without people has empty lists', () => {
    expect(loadWard(wardFile('')).people).toEqual({ patients: [], staff: [], orders: [] });
  });
});

describe('people errors name the field', () => {
  const withPatient = (line: string) => `patients:\n${PATIENT_2.replace('wristband: WB-2', line)}`;

  it('birth dates: format, real date, future, too old', () => {
    expect(messageOf(withPatient('wristband: WB-2, birth_date: x').replace('birth_date: "1960-11-05", ', '')))
      .toBe('test.ward.yaml: patients[0].birth_date: expected a date YYYY-MM-DD, got "x"');
    expect(messageOf(`patients:\n${PATIENT_2.replace('1960-11-05', '1961-02-29')}`))
      .toBe('test.ward.yaml: patients[0].birth_date: "1961-02-29" is not a real date');
    expect(messageOf(`patients:\n${PATIENT_2.replace('1960-11-05', '2999-01-01')}`))
      .toMatch(/^test\.ward\.yaml: patients\[0\]\.birth_date: "2999-01-01" is in the future \(today is \d{4}-\d{2}-\d{2}\)$/);
    expect(messageOf(`patients:\n${PATIENT_2.replace('1960-11-05', '1860-01-01')}`))
      .toBe('test.ward.yaml: patients[0].birth_date: "1860-01-01" is before 1900; check the year');
    expect(messageOf(`patients:\n${PATIENT_2.replace('"1960-11-05"', '19601105')}`))
      .toBe('test.ward.yaml: patients[0].birth_date: expected text, got number 19601105');
  });

  it('language, conditions and roles from their lists', () => {
    expect(messageOf(`patients:\n${PATIENT_2.replace('language: en', 'language: fr')}`))
      .toBe('test.ward.yaml: patients[0].language: unknown language "fr" (languages: zh-CN, en)');
    expect(messageOf(withPatient('wristband: WB-2, conditions: [diabetes, asthma]')))
      .toBe(`test.ward.yaml: patients[0].conditions[1]: unknown condition "asthma" (conditions: ${CONDITIONS.join(', ')})`);
    expect(messageOf(withPatient('wristband: WB-2, conditions: [diabetes, diabetes]')))
      .toBe('test.ward.yaml: patients[0].conditions[1]: "diabetes" is listed twice (also patients[0].conditions[0])');
    expect(messageOf('staff:\n  - { username: a, name: A, roles: [doctor] }\n'))
      .toBe(`test.ward.yaml: staff[0].roles[0]: unknown role "doctor" (roles: ${STAFF_ROLES.join(', ')})`);
    expect(messageOf('staff:\n  - { username: a, name: A, roles: [] }\n'))
      .toBe(`test.ward.yaml: staff[0].roles: is empty; give at least one role (${STAFF_ROLES.join(', ')})`);
    expect(messageOf('staff:\n  - { username: a, name: A }\n'))
      .toBe('test.ward.yaml: staff[0].roles: expected a list, got nothing (the field is missing)');
  });

  it('unknown keys, naming the key', () => {
    expect(messageOf(withPatient('wristband: WB-2, ward: 3'))).toBe(
      'test.ward.yaml: patients[0].ward: unknown key "ward" (allowed: record_number, name, other_names, birth_date, language, conditions, allergies, wristband, bed)',
    );
    expect(messageOf(withPatient('wristband: WB-2, birthDate: "1960-01-01"'))).toMatch(/^test\.ward\.yaml: patients\[0\]\.birthDate: unknown key "birthDate"/);
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER().replace('display:', 'strength: 5, display:')}`))
      .toBe('test.ward.yaml: orders[0].medication.strength: unknown key "strength" (allowed: code, system, display)');
    expect(messageOf('staff:\n  - { username: a, name: A, roles: [nurse], pin: 1234 }\n'))
      .toBe('test.ward.yaml: staff[0].pin: unknown key "pin" (allowed: username, name, roles, badge)');
  });

  it('duplicates: record numbers, wristbands, usernames, badges, order ids', () => {
    expect(messageOf(`patients:\n${PATIENT_1}${PATIENT_2.replace('MRN-2', 'MRN-1')}`))
      .toBe('test.ward.yaml: patients[1].record_number: duplicate record number "MRN-1" (also patients[0])');
    expect(messageOf(`patients:\n${PATIENT_1}${PATIENT_2.replace('WB-2', 'WB-1')}`))
      .toBe('test.ward.yaml: patients[1].wristband: duplicate wristband "WB-1" (also patients[0])');
    expect(messageOf(`${STAFF.replace('pharm.zhou', 'nurse.li')}`))
      .toBe('test.ward.yaml: staff[1].username: duplicate username "nurse.li" (also staff[0])');
    expect(messageOf(`${STAFF.replace('roles: [pharmacist, ward_manager]', 'roles: [pharmacist], badge: BADGE-1')}`))
      .toBe('test.ward.yaml: staff[1].badge: duplicate badge "BADGE-1" (also staff[0])');
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER()}${ORDER()}`))
      .toBe('test.ward.yaml: orders[1].id: duplicate order id "MR-1" (also orders[0])');
  });

  it('beds: must be a bed place and hold one patient', () => {
    expect(messageOf(withPatient('wristband: WB-2, bed: pharmacy')))
      .toBe('test.ward.yaml: patients[0].bed: "pharmacy" is a pharmacy, not a bed');
    expect(messageOf(withPatient('wristband: WB-2, bed: bed_9')))
      .toBe('test.ward.yaml: patients[0].bed: unknown bed "bed_9"; did you mean bed_1, bed_2?');
    expect(messageOf(`patients:\n${PATIENT_1}${PATIENT_2.replace('WB-2', 'WB-2, bed: bed_1')}`))
      .toBe('test.ward.yaml: patients[1].bed: duplicate bed (one patient per bed) "bed_1" (also patients[0])');
  });

  it('orders: patient must exist, status and controlled checked, system a URI', () => {
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER().replace('patient: MRN-1', 'patient: MRN-7')}`))
      .toBe('test.ward.yaml: orders[0].patient: no patient with record number "MRN-7"; did you mean MRN-1?');
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER().replace('status: active', 'status: paused')}`))
      .toMatch(/^test\.ward\.yaml: orders\[0\]\.status: unknown status "paused" \(statuss?: active, on-hold/);
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER().replace('controlled: true', 'controlled: yes')}`))
      .toBe('test.ward.yaml: orders[0].controlled: expected true or false, got text "yes"');
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER().replace('    controlled: true\n', '')}`))
      .toBe('test.ward.yaml: orders[0].controlled: expected true or false, got nothing (the field is missing)');
    expect(messageOf(`patients:\n${PATIENT_1}orders:\n${ORDER().replace('"http://www.nlm.nih.gov/research/umls/rxnorm"', 'rxnorm')}`))
      .toBe('test.ward.yaml: orders[0].medication.system: "rxnorm" is not a URI (e.g. http://www.nlm.nih.gov/research/umls/rxnorm)');
  });

  it('identifiers with stray spaces and a list where a mapping belongs', () => {
    expect(messageOf(`patients:\n${PATIENT_2.replace('WB-2', '" WB-2"')}`))
      .toBe('test.ward.yaml: patients[0].wristband: " WB-2" has spaces at the start or end');
    expect(messageOf('patients: { a: 1 }\n')).toBe('test.ward.yaml: patients: expected a list, got a mapping');
  });
});

describe('parsePeople with camelCase keys (the brain\'s spelling)', () => {
  const places: Place[] = [{ name: 'bed_1', kind: 'bed', level: 'L1', x: 0, y: 0, yaw: null, label: { en: 'Bed 1', 'zh-CN': '1号床' }, vertex: null }];
  const patient = {
    recordNumber: 'MRN-1', name: 'A', otherNames: [], birthDate: '2000-01-01', language: 'en', conditions: [], allergies: [], wristband: 'W', bed: 'bed_1',
  };

  it('accepts the TypeScript shape and names camelCase fields', () => {
    const r = new FieldReader('records');
    expect(parsePeople(r, { patients: [patient] }, { places, spelling: 'camel' }).patients).toEqual([patient]);
    expect(() => parsePeople(r, { patients: [{ ...patient, birthDate: '2000-02-30' }] }, { places, spelling: 'camel' }))
      .toThrow('records: patients[0].birthDate: "2000-02-30" is not a real date');
    expect(() => parsePeople(r, { patients: [{ ...patient, record_number: 'x' }] }, { places, spelling: 'camel' }))
      .toThrow(/patients\[0\]\.record_number: unknown key "record_number"/);
  });

  it('uses the given today for the future check', () => {
    const r = new FieldReader('records');
    expect(() => parsePeople(r, { patients: [patient] }, { places, spelling: 'camel', today: '1999-12-31' }))
      .toThrow('records: patients[0].birthDate: "2000-01-01" is in the future (today is 1999-12-31)');
  });
});

describe('the shipped wards', () => {
  for (const [label, file, beds] of [['small ward', SMALL_WARD, 10], ['clinic', CLINIC_WARD, 30]] as const) {
    it(`${label}: a patient in every bed, every condition, both languages, the staff roles, controlled and inactive orders`, () => {
      const { people, places } = loadWard(file);
      const bedNames = places.filter((p) => p.kind === 'bed').map((p) => p.name).sort();
      expect(bedNames).toHaveLength(beds);
      expect(people.patients.map((p) => p.bed).sort()).toEqual(bedNames);
      expect(new Set(people.patients.flatMap((p) => p.conditions))).toEqual(new Set(CONDITIONS));
      expect(new Set(people.patients.map((p) => p.language))).toEqual(new Set(['en', 'zh-CN']));
      for (const p of people.patients) expect(p.wristband).not.toBe(p.recordNumber);
      const count = (role: string) => people.staff.filter((s) => s.roles.some((r) => r === role) && s.badge !== null).length;
      expect(count('nurse')).toBeGreaterThanOrEqual(2);
      expect(count('pharmacist')).toBeGreaterThanOrEqual(2);
      expect(count('ward_manager')).toBeGreaterThanOrEqual(1);
      expect(count('engineer')).toBeGreaterThanOrEqual(1);
      const active = people.orders.filter((o) => o.status === 'active');
      expect(active.filter((o) => o.controlled).length).toBeGreaterThanOrEqual(2);
      expect(people.orders.length - active.length).toBeGreaterThanOrEqual(2);
      expect(active.length).toBeGreaterThanOrEqual(label === 'clinic' ? 40 : 8);
    });
  }
});
