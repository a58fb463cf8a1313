// End to end: a ward round of eleven clinic beds, dispatched by a nurse over HTTP and driven by the
// real brain over rosbridge to the headless simulator. Asserts what was STORED: a round record per
// bed, the alerts the answers called for (and who acknowledged one), the summary staff read in both
// languages (and that an engineer may not), and an intact audit chain.
import { describe, it, expect, afterEach } from '@jest/globals';
import type { Alert, WireAlert } from '../../alerts/index.js';
import { signIn } from '../../demo-staff.js';
import { api, closeWardRig, dispatchTask, finished, startWardRig, taskLog, type WardRig } from '../../../test/ward-rig.js';

let rig: WardRig | null = null;

afterEach(async () => {
  if (!rig) return;
  const r = rig;
  rig = null;
  await closeWardRig(r);
});

const BEDS = ['bed_1', 'bed_2', 'bed_3', 'bed_4', 'bed_5', 'bed_6', 'bed_7', 'bed_8', 'bed_9', 'bed_10', 'bed_11'];
const ABSENT_BED = 'bed_3';
const PAIN_BED = 'bed_5';
const RED_FLAG_BED = 'bed_8';

describe('ward round end to end in the simulated clinic', () => {
  it('visits every bed, records each visit, alerts on absence, high pain and a red flag, and serves the summary to nurses only', async () => {
    const r = rig = await startWardRig('round-e2e-');
    const patientIn = (bed: string) => {
      const p = r.ward.people.patients.find((x) => x.bed === bed);
      if (!p) throw new Error(`no patient in ${bed} in the clinic ward file`);
      return p;
    };
    const absent = patientIn(ABSENT_BED);
    const inPain = patientIn(PAIN_BED);
    const flagged = patientIn(RED_FLAG_BED);
    r.sim.people.script(absent.recordNumber, { present: false });
    r.sim.people.script(inPain.recordNumber, { answers: { 'round:pain': '8' } });
    r.sim.people.script(flagged.recordNumber, { answers: { 'round:anything_else': 'I slipped in the bathroom this morning and fell' } });

    const nurse = await signIn(r.brain.url, 'nurse.chen');
    const engineer = await signIn(r.brain.url, 'eng.kim');
    const { id } = await dispatchTask(r, nurse, 'ward_round', { beds: BEDS });

    const done = await finished(r, id, nurse, 120_000);
    if (done.status !== 'completed') throw new Error(`round ended ${done.status}: ${JSON.stringify({ reason: done.status_reason, log: await taskLog(r, id, nurse) })}`);
    expect(done.status).toBe('completed');

    // One stored visit per bed.
    const summary = r.brain.rounds.summary(id);
    expect(summary.entries.map((e) => e.bed).sort()).toEqual([...BEDS].sort());
    expect(summary.counts).toMatchObject({ beds: BEDS.length, visited: BEDS.length - 1, absent: 1, noAnswer: 0, skipped: 0 });
    const entry = (bed: string) => summary.entries.find((e) => e.bed === bed)!;
    expect(entry(ABSENT_BED)).toMatchObject({ status: 'absent', patient: absent.recordNumber, answers: [] });
    expect(entry(PAIN_BED).status).toBe('visited');
    expect(entry(PAIN_BED).answers.find((a) => a.question === 'pain')).toMatchObject({ raw: '8', value: 8, unclear: false });
    expect(entry(RED_FLAG_BED).answers.find((a) => a.question === 'anything_else')).toMatchObject({ redFlags: ['fall'] });
    for (const bed of BEDS.filter((b) => b !== ABSENT_BED)) {
      expect(entry(bed).answers.map((a) => a.question)).toEqual(['pain', 'sleep', 'nausea', 'breathing', 'mobility', 'anything_else']);
    }

    // Alerts stored, each naming the right bed and patient, and listed on the visit that raised it.
    const ofTask = r.brain.wardServices.alerts.list({ includeAcknowledged: true }).filter((a) => a.taskId === id);
    const byKind = (kind: Alert['kind']) => ofTask.filter((a) => a.kind === kind);
    expect(byKind('patient_absent').map((a) => [a.bed, a.patient])).toEqual([[ABSENT_BED, absent.recordNumber]]);
    expect(byKind('pain_high').map((a) => [a.bed, a.patient, a.severity])).toEqual([[PAIN_BED, inPain.recordNumber, 'high']]);
    // One alert, whoever heard it first: the dialogue (it checks every utterance) or the round; a fall is urgent, not critical.
    expect(byKind('red_flag').map((a) => [a.bed, a.patient, a.severity])).toEqual([[RED_FLAG_BED, flagged.recordNumber, 'high']]);
    expect(byKind('red_flag')[0]!.data).toMatchObject({ flags: ['fall'] });
    expect(entry(ABSENT_BED).alerts).toEqual(byKind('patient_absent').map((a) => a.id));
    expect(entry(PAIN_BED).alerts).toEqual(byKind('pain_high').map((a) => a.id));
    expect(entry(RED_FLAG_BED).alerts).toEqual(byKind('red_flag').map((a) => a.id));
    expect(summary.counts.alerts).toBe(ofTask.length);

    // The same alerts over HTTP.
    const listed = (await api<{ alerts: WireAlert[] }>(r, '/api/alerts', nurse)).body.alerts.filter((a) => a.task_id === id);
    expect(listed.map((a) => a.kind).sort()).toEqual(['pain_high', 'patient_absent', 'red_flag']);
    expect(listed.every((a) => a.raised_at_ms > 0 && a.acknowledged === null)).toBe(true);

    // The summary over HTTP: nurses read it in both languages; an engineer may not.
    type Shown = { task_id: string; beds: { bed: string; status: string; alerts: { kind: string }[]; answers: { question: string; value: unknown }[]; summary: { en: string; 'zh-CN': string } }[]; text: { en: string; 'zh-CN': string } };
    const shown = await api<Shown>(r, `/api/rounds/${id}`, nurse);
    expect(shown.status).toBe(200);
    expect(shown.body.task_id).toBe(id);
    expect(shown.body.beds).toHaveLength(BEDS.length);
    const shownEntry = (bed: string) => shown.body.beds.find((e) => e.bed === bed)!;
    expect(shownEntry(PAIN_BED).summary.en).toContain('pain 8/10');
    expect(shownEntry(PAIN_BED).summary['zh-CN']).toContain('疼痛 8/10');
    expect(shownEntry(PAIN_BED).alerts.map((a) => a.kind)).toContain('pain_high');
    expect(shownEntry(PAIN_BED).answers.find((a) => a.question === 'pain')?.value).toBe(8);
    expect(shownEntry(ABSENT_BED).summary.en).toContain('not at the bedside');
    expect(shownEntry(ABSENT_BED).summary['zh-CN']).toContain('不在床旁');
    expect(shown.body.text.en.split('\n')).toHaveLength(BEDS.length);
    expect(shown.body.text['zh-CN'].split('\n')).toHaveLength(BEDS.length);
    expect(shown.body.text['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect((await api(r, `/api/rounds/${id}`, engineer)).status).toBe(403);

    // A nurse acknowledges the pain alert; the store keeps who did.
    const pain = byKind('pain_high')[0]!;
    const ack = await api<{ alert: WireAlert }>(r, `/api/alerts/${pain.id}/acknowledge`, nurse, { method: 'POST', body: { note: 'analgesia given' } });
    expect(ack.status).toBe(200);
    expect(ack.body.alert).toMatchObject({ id: pain.id, task_id: id, acknowledged: { by: { username: 'nurse.chen' }, at_ms: expect.any(Number), note: 'analgesia given' } });
    const stored = r.brain.wardServices.alerts.list({ includeAcknowledged: true }).find((a) => a.id === pain.id);
    expect(stored?.acknowledged).toMatchObject({ by: { username: 'nurse.chen' }, note: 'analgesia given' });

    expect(r.brain.wardServices.audit.verify().ok).toBe(true);
  }, 180_000);
});
