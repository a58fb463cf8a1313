// Test fixture: the built-in ward with three patients in beds 1 to 3 (two Chinese-speaking, one
// English-speaking) and a nurse, built by hand while the ward file cannot list people yet.
import { loadWard, type Patient, type WardMap, type WardPeople } from '../../robot/index.js';
import { BUILTIN_WARD_FILE } from '../maps/index.js';

export const WANG: Patient = {
  recordNumber: 'MRN-1001', name: 'Wang Fang', otherNames: ['王芳'], birthDate: '1956-03-02', language: 'zh-CN',
  conditions: ['diabetes'], allergies: ['penicillin'], wristband: 'WB-MRN-1001', bed: 'bed_1',
};
export const SMITH: Patient = {
  recordNumber: 'MRN-1002', name: 'John Smith', otherNames: [], birthDate: '1948-11-20', language: 'en',
  conditions: ['hypertension'], allergies: [], wristband: 'WB-MRN-1002', bed: 'bed_2',
};
export const LI: Patient = {
  recordNumber: 'MRN-1003', name: 'Li Lei', otherNames: [], birthDate: '1970-01-09', language: 'zh-CN',
  conditions: [], allergies: [], wristband: 'WB-MRN-1003', bed: 'bed_3',
};

export function testPeople(): WardPeople {
  return {
    patients: [WANG, SMITH, LI].map((p) => ({ ...p, otherNames: [...p.otherNames], conditions: [...p.conditions], allergies: [...p.allergies] })),
    staff: [{ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], badge: 'BADGE-7' }],
    orders: [],
  };
}

/** A fresh copy of the built-in ward with the test patients on it. */
export function wardWithPeople(): WardMap {
  return { ...loadWard(BUILTIN_WARD_FILE), people: testPeople() };
}
