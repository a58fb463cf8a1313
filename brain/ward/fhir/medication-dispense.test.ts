import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { loadWard } from '../../../robot/index.js';
import type { StaffMember } from '../../../robot/index.js';
import { MedicationDispenseError, medicationDispense } from '../index.js';
import type { DispenseInput } from '../index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const ward = loadWard(path.join(repoRoot, 'sim/maps/small_ward/small_ward.ward.yaml'));
const { people } = ward;
const controlled = people.orders.find((o) => o.controlled && o.status === 'active')!;
const plain = people.orders.find((o) => !o.controlled && o.status === 'active')!;
const staff = (role: string) => people.staff.find((s) => s.roles.some((r) => r === role))!;
const nurse = staff('nurse');
const pharmacist = staff('pharmacist');
const patientOf = (rn: string) => people.patients.find((p) => p.recordNumber === rn)!;

const input = (extra: Partial<DispenseInput> = {}): DispenseInput => ({
  order: controlled, patient: patientOf(controlled.patient), robot: 'robot_1', receiver: nurse, pharmacist,
  whenHandedOver: '2025-06-01T09:30:00+08:00', status: 'completed', ...extra,
});

function errorOf(extra: Partial<DispenseInput>): MedicationDispenseError {
  try {
    medicationDispense(input(extra));
  } catch (err) {
    expect(err).toBeInstanceOf(MedicationDispenseError);
    return err as MedicationDispenseError;
  }
  throw new Error('expected a refusal');
}

describe('medicationDispense', () => {
  it('records a completed hand-off: robot as courier Device, pharmacist and nurse as Practitioners, the nurse as receiver', () => {
    const d = medicationDispense(input());
    expect(d).toMatchObject({
      resourceType: 'MedicationDispense',
      status: 'completed',
      medicationCodeableConcept: { coding: [controlled.medication], text: controlled.medication.display },
      subject: { type: 'Patient', identifier: { value: controlled.patient } },
      authorizingPrescription: [{ reference: `MedicationRequest/${controlled.id}`, type: 'MedicationRequest' }],
      receiver: [{ type: 'Practitioner', identifier: { system: 'urn:ward-robot:staff-username', value: nurse.username }, display: nurse.name }],
      dosageInstruction: [{ text: controlled.dosage }],
      whenHandedOver: '2025-06-01T01:30:00.000Z',
    });
    expect(d.performer).toEqual([
      { function: { text: 'courier' }, actor: { type: 'Device', identifier: { system: 'urn:ward-robot:robot', value: 'robot_1' }, display: 'robot_1' } },
      { function: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationdispense-performer-function', code: 'packager', display: 'Packager' }], text: 'loading pharmacist' },
        actor: { type: 'Practitioner', identifier: { system: 'urn:ward-robot:staff-username', value: pharmacist.username }, display: pharmacist.name } },
      { function: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationdispense-performer-function', code: 'checker', display: 'Checker' }], text: 'receiving nurse' },
        actor: { type: 'Practitioner', identifier: { system: 'urn:ward-robot:staff-username', value: nurse.username }, display: nurse.name } },
    ]);
    expect(d.id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(d.statusReasonCodeableConcept).toBeUndefined();
  });

  it('records a declined or stopped hand-off with its reason', () => {
    const d = medicationDispense(input({ status: 'declined', statusReason: { text: 'wristband did not match the order' }, whenHandedOver: Date.UTC(2025, 5, 1) }));
    expect(d.status).toBe('declined');
    expect(d.statusReasonCodeableConcept).toEqual({ text: 'wristband did not match the order' });
    expect(d.whenHandedOver).toBe('2025-06-01T00:00:00.000Z');
    const s = medicationDispense(input({
      status: 'stopped', statusReason: { text: 'patient moved', code: 'altchoice', system: 'http://terminology.hl7.org/CodeSystem/medicationdispense-status-reason' },
    }));
    expect(s.statusReasonCodeableConcept).toEqual({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medicationdispense-status-reason', code: 'altchoice' }], text: 'patient moved' });
  });

  it('refuses what would make a false custody record, naming the argument', () => {
    expect(errorOf({ status: 'declined' }).message).toBe('statusReason: a declined hand-off needs the reason in text');
    expect(errorOf({ status: 'in-progress' as never }).field).toBe('status');
    const other = people.patients.find((p) => p.recordNumber !== controlled.patient)!;
    expect(errorOf({ patient: other }).message).toBe(`patient: order ${controlled.id} is for ${controlled.patient}, not ${other.recordNumber}`);
    expect(errorOf({ receiver: pharmacist }).message).toBe(`receiver.roles: ${pharmacist.username} is not a nurse (roles: pharmacist)`);
    expect(errorOf({ pharmacist: nurse }).field).toBe('pharmacist.roles');
    const both: StaffMember = { username: 'both', name: 'Dual Role', roles: ['nurse', 'pharmacist'], badge: null };
    expect(errorOf({ receiver: both, pharmacist: both }).message).toMatch(/^receiver: .* is a controlled drug; the receiver must be another person than the loading pharmacist$/);
    expect(() => medicationDispense(input({ order: plain, patient: patientOf(plain.patient), receiver: both, pharmacist: both }))).not.toThrow();
    expect(errorOf({ whenHandedOver: '2025-06-01 09:30' }).message).toBe('whenHandedOver: "2025-06-01 09:30" is not an ISO date-time with a time zone');
    expect(errorOf({ whenHandedOver: Number.NaN }).field).toBe('whenHandedOver');
    expect(errorOf({ robot: ' ' }).field).toBe('robot');
  });
});
