// End to end: the brain restarts in the middle of a delivery, after the drawers were loaded and
// before any patient was identified. A new brain on the same database file and the same simulator
// must resume the task, trust nothing from before: lock the drawers, take the medication back to the
// pharmacy for a pharmacist to unload, and fail the task as brain_restarted. No drawer may open at a bed.
import { describe, it, expect, afterEach } from '@jest/globals';
import { until } from '../../../test/until.js';
import { api, closeWardRig, dispatchTask, finished, restartBrain, startWardRig, taskLog, waitingFor, WAIT_MS, type WardRig } from '../../../test/ward-rig.js';
import { DEMO_PIN, signIn } from '../../demo-staff.js';
import type { TaskState } from '../../index.js';

let rig: WardRig | null = null;

afterEach(async () => {
  if (!rig) return;
  const r = rig;
  rig = null;
  await closeWardRig(r);
});

describe('a brain restart in the middle of a delivery', () => {
  it('resumes the task on the new brain: drawers locked, medication returned and unloaded, task failed brain_restarted, no drawer opened at a bed', async () => {
    const r = rig = await startWardRig('delivery-restart-e2e-');
    const beds = new Set(r.ward.places.filter((p) => p.kind === 'bed').map((p) => p.name));
    const order = r.brain.wardServices.records.orders({ status: 'active' }).find((o) => !o.controlled);
    if (!order) throw new Error('no active non-controlled order in the clinic records');

    const nurse = await signIn(r.brain.url, 'nurse.chen');
    const pharm = await signIn(r.brain.url, 'pharm.qian');
    const { id, robot } = await dispatchTask(r, nurse, 'medication_delivery', { orders: [order.id] });
    r.sim.people.staffArrives(robot, { badge: 'BADGE-3001', pin: DEMO_PIN });

    await waitingFor(r, id, pharm, 'load');
    expect((await api(r, `/api/tasks/${id}/load`, pharm, { method: 'POST', body: {} })).status).toBe(202);
    const kindsNow = () => r.brain.wardServices.custody.entries({ taskId: id }).map((e) => e.kind);
    await until('the loaded custody entry', () => kindsNow().includes('loaded'), WAIT_MS, 2);
    // Restart at once: the robot is on its way to the bed, nobody identified yet.
    expect(kindsNow()).not.toContain('patient_identified');
    const firstBrainKinds = kindsNow();
    const brain = await restartBrain(r);

    // The new brain's sessions are its own: sign in again.
    const nurse2 = await signIn(brain.url, 'nurse.chen');
    const pharm2 = await signIn(brain.url, 'pharm.qian');
    await until(`task ${id} resumed`, async () => (await taskLog(r, id, nurse2)).some((e) => e.kind === 'resumed'), WAIT_MS, 25);
    const next = await until('unload or the end', async () => {
      if ((await api<{ waiting: string[] }>(r, `/api/tasks/${id}/waiting`, pharm2)).body.waiting.includes('unload')) return 'unload';
      const t = (await api<TaskState>(r, `/api/tasks/${id}`, nurse2)).body;
      if (t.status === 'underway' || t.status === 'queued') return null;
      return JSON.stringify({ status: t.status, reason: t.status_reason, log: await taskLog(r, id, nurse2), custody: brain.wardServices.custody.entries({ taskId: id }).map((e) => e.kind) });
    }, WAIT_MS, 25);
    expect(next).toBe('unload');

    const entries = () => brain.wardServices.custody.entries({ taskId: id });
    const afterRestart = entries().slice(firstBrainKinds.length);
    expect(afterRestart.map((e) => e.kind)).toEqual(['not_delivered', 'returned']);
    expect(afterRestart[0]).toMatchObject({ orderId: order.id, actor: 'system', data: { reason: 'brain_restarted' } });
    expect(afterRestart[1]).toMatchObject({ orderId: order.id });

    expect((await api(r, `/api/tasks/${id}/unload`, pharm2, { method: 'POST', body: {} })).status).toBe(202);
    const done = await finished(r, id, nurse2);
    expect(done.status).toBe('failed');
    expect(done.status_reason?.code).toBe('brain_restarted');

    const kinds = entries().map((e) => e.kind);
    expect(kinds).toContain('unloaded');
    expect(kinds.indexOf('unloaded')).toBeGreaterThan(kinds.indexOf('returned'));
    expect(entries().find((e) => e.kind === 'unloaded')).toMatchObject({ orderId: order.id, actor: 'pharm.qian' });
    for (const k of ['patient_identified', 'staff_authenticated', 'handed_over'] as const) expect(kinds).not.toContain(k);
    expect(brain.wardServices.custody.carried(id)).toEqual([]);
    expect(brain.wardServices.custody.dispenses({ taskId: id })).toEqual([]);
    expect(brain.wardServices.records.order(order.id)?.status).toBe('active');

    const log = await taskLog(r, id, nurse2);
    expect(log.filter((e) => e.kind === 'resumed')).toHaveLength(1);

    // The resumed run locked its drawers before doing anything else; nothing opened at a bed.
    const acts = r.sim.robotRecords(robot).actuations;
    expect(acts.filter((a) => a.command === 'UNLOCK' && a.place !== null && beds.has(a.place))).toEqual([]);
    expect(acts.some((a) => a.command === 'LOCK' && a.authorization === `restart:${id}`)).toBe(true);
    expect(acts.filter((a) => a.command === 'UNLOCK').every((a) => a.place === 'pharmacy')).toBe(true);
    expect(r.sim.robotRecords(robot).drawers.every((d) => d === 'LOCKED')).toBe(true);

    // One audit chain across both brains.
    expect(brain.wardServices.audit.verify().ok).toBe(true);
  }, 180_000);
});
