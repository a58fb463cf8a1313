// End to end: the identity check of a medication delivery goes through the robot's camera. The
// simulated robot photographs the patient's wristband close up, the perception core decodes the
// barcode (its codes also go out on /<robot>/barcodes with symbology and confidence), and the real
// brain compares what was decoded with the order over the real rosbridge socket. A band printed with
// another patient's code is decoded as that code and refused; a worn band decodes as nothing and is
// refused; either way the drawer stays locked and a nurse is alerted.
import { describe, it, expect, afterEach } from '@jest/globals';
import { MESSAGE_TYPES, robotNames, type BarcodeReading, type MedicationOrder } from '../../../robot/index.js';
import { api, closeWardRig, finished, startWardRig, taskLog, waitingFor, type WardRig } from '../../../test/ward-rig.js';
import { DEMO_PIN, signIn } from '../../demo-staff.js';
import type { TaskState, WireAlert } from '../../index.js';

let rig: WardRig | null = null;
afterEach(async () => {
  const r = rig;
  rig = null;
  if (r) await closeWardRig(r);
});

const NURSE_CHEN = { badge: 'BADGE-3001', pin: DEMO_PIN };

interface Sent { r: WardRig; nurse: string; pharm: string; order: MedicationOrder; bed: string; id: string; robot: string; band: string; readings: BarcodeReading[] }

/** One non-controlled order sent, loaded by the pharmacist; every code the robot's camera decodes is collected. */
async function loadedDelivery(script?: (r: WardRig, order: MedicationOrder, otherBand: string) => void): Promise<Sent> {
  const r = (rig = await startWardRig('wristband-camera-e2e-'));
  const nurse = await signIn(r.brain.url, 'nurse.chen');
  const pharm = await signIn(r.brain.url, 'pharm.qian');
  const order = r.brain.wardServices.records.orders({ status: 'active' }).find((o) => !o.controlled)!;
  const patients = r.ward.people.patients;
  const patient = patients.find((p) => p.recordNumber === order.patient)!;
  const other = patients.find((p) => p.recordNumber !== order.patient)!;
  script?.(r, order, other.wristband);
  const res = await api<{ state: TaskState }>(r, '/api/tasks', nurse, {
    method: 'POST', body: { type: 'dispatch_task_request', request: { category: 'medication_delivery', description: { orders: [order.id] } } },
  });
  expect(res.status).toBe(201);
  const id = res.body.state.booking.id;
  const robot = res.body.state.assigned_to?.name ?? r.sim.world.robots[0]!.name;
  const readings: BarcodeReading[] = [];
  r.sim.rosbridge.graph.createNode('/e2e_barcode_listener')
    .createSubscription<BarcodeReading>(robotNames(robot).barcodes, MESSAGE_TYPES.barcodes, (m) => readings.push(m));
  r.sim.people.staffArrives(robot, NURSE_CHEN);
  await waitingFor(r, id, pharm, 'load');
  expect((await api(r, `/api/tasks/${id}/load`, pharm, { method: 'POST', body: {} })).status).toBe(202);
  return { r, nurse, pharm, order, bed: patient.bed!, id, robot, band: patient.wristband, readings };
}

/** The refused delivery comes back to the pharmacy; the pharmacist unloads it. */
async function unloadedAfterRefusal(d: Sent): Promise<TaskState> {
  await waitingFor(d.r, d.id, d.pharm, 'unload');
  expect((await api(d.r, `/api/tasks/${d.id}/unload`, d.pharm, { method: 'POST', body: {} })).status).toBe(202);
  return finished(d.r, d.id, d.nurse);
}

function expectLockedAtBed(d: Sent): void {
  const acts = d.r.sim.robotRecords(d.robot).actuations;
  expect(acts.filter((a) => a.command === 'UNLOCK' && a.place === d.bed)).toEqual([]);
  expect(d.r.sim.robotRecords(d.robot).drawers.every((s) => s === 'LOCKED')).toBe(true);
  const kinds = d.r.brain.wardServices.custody.entries({ taskId: d.id }).map((e) => e.kind);
  expect(kinds).toContain('identity_failed');
  expect(kinds).not.toContain('patient_identified');
  expect(kinds).not.toContain('handed_over');
  expect(d.r.brain.wardServices.custody.dispenses({ taskId: d.id })).toEqual([]);
}

async function expectMismatchAlert(d: Sent): Promise<void> {
  const alerts = (await api<{ alerts: WireAlert[] }>(d.r, '/api/alerts', d.nurse)).body.alerts.filter((a) => a.task_id === d.id);
  expect(alerts.map((a) => a.kind)).toContain('wristband_mismatch');
  expect(alerts.find((a) => a.kind === 'wristband_mismatch')?.severity).toBe('critical');
}

describe('the wristband check of a delivery goes through the robot\'s camera', () => {
  it('delivers when the camera decodes the patient\'s own band: the code, symbology and confidence on /<robot>/barcodes are what the brain matched', async () => {
    const d = await loadedDelivery();
    expect((await finished(d.r, d.id, d.nurse)).status).toBe('completed');
    // Decoded from the close-up frames, agreeing across frames: one frame alone is at most 0.5 sure.
    expect(d.readings.length).toBeGreaterThanOrEqual(2);
    expect(d.readings.every((m) => m.text === d.band && m.symbology === 'code128')).toBe(true);
    expect(Math.max(...d.readings.map((m) => m.confidence))).toBeGreaterThan(0.5);
    const identified = d.r.brain.wardServices.custody.entries({ taskId: d.id }).find((e) => e.kind === 'patient_identified');
    expect(identified?.data).toMatchObject({ wristband_read: d.band });
    expect(d.r.sim.robotRecords(d.robot).actuations.filter((a) => a.command === 'UNLOCK' && a.place === d.bed)).toHaveLength(1);
  }, 120_000);

  it('refuses a band printed with another patient\'s code: the camera decodes that code, the drawer stays locked, a nurse is alerted', async () => {
    let otherBand = '';
    const d = await loadedDelivery((r, order, other) => {
      otherBand = other;
      r.sim.people.script(order.patient, { wristband: other });
    });
    const done = await unloadedAfterRefusal(d);
    expect(done.status).toBe('failed');
    expect(d.readings.length).toBeGreaterThanOrEqual(2);
    expect(d.readings.every((m) => m.text === otherBand && m.symbology === 'code128')).toBe(true);
    const failed = d.r.brain.wardServices.custody.entries({ taskId: d.id }).find((e) => e.kind === 'identity_failed');
    expect(failed?.data).toMatchObject({ check: 'wristband', wristband_read: otherBand });
    expectLockedAtBed(d);
    await expectMismatchAlert(d);
    expect(d.r.brain.wardServices.records.order(d.order.id)?.status).toBe('active');
    expect(d.r.brain.wardServices.audit.verify().ok).toBe(true);
  }, 120_000);

  it('refuses a worn band the camera cannot decode: the task log says why, the drawer stays locked, a nurse is alerted', async () => {
    const d = await loadedDelivery((r, order) => r.sim.people.script(order.patient, { wristbandReadable: false }));
    const done = await unloadedAfterRefusal(d);
    expect(done.status).toBe('failed');
    expect(d.readings).toEqual([]);
    const failed = d.r.brain.wardServices.custody.entries({ taskId: d.id }).find((e) => e.kind === 'identity_failed');
    expect(failed?.data).toMatchObject({ check: 'wristband', wristband_read: '' });
    const log = JSON.stringify(await taskLog(d.r, d.id, d.nurse));
    expect(log).toMatch(new RegExp(`no wristband read within \\d+ s: the band in ${d.bed} could not be decoded in \\d+ frames`));
    expectLockedAtBed(d);
    await expectMismatchAlert(d);
  }, 120_000);
});
