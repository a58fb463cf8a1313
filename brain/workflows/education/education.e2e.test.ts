// End to end: a health-education session for one clinic patient, dispatched by a nurse over HTTP and
// driven by the real brain over rosbridge to the headless simulator. The patient says back one
// topic's steps but not the rest, so a repeat is queued for the next day. Asserts what was STORED:
// the session with a graded record per teach-back question, the queued repeat, and the audit chain.
import { describe, it, expect, afterEach } from '@jest/globals';
import { signIn } from '../../demo-staff.js';
import type { SqliteTaskStore, TaskState } from '../../index.js';
import { api, closeWardRig, dispatchTask, finished, startWardRig, taskLog, type WardRig } from '../../../test/ward-rig.js';
import { EducationRecords } from './education-records.js';
import { REPEAT_AFTER_MS } from './education-workflow.js';

let rig: WardRig | null = null;

afterEach(async () => {
  if (!rig) return;
  const r = rig;
  rig = null;
  await closeWardRig(r);
});

// An English-speaking patient whose only recorded condition is inhaler use: one topic, three teach-back questions.
const PATIENT = 'MRN-200029';
const ANSWERS = {
  'teach_back:inhaler_steps': 'I shake it, breathe out, press it while I take a slow deep breath in, then hold my breath for ten seconds',
  'teach_back:after_steroid_inhaler': "I don't know",
  'teach_back:breathing_red_flags': "I'm not sure, I don't know",
};

describe('health education end to end in the simulated clinic', () => {
  it('teaches the patient\'s topic, records each teach-back, and queues a repeat a day later for what was not understood', async () => {
    const r = rig = await startWardRig('education-e2e-');
    const patient = r.ward.people.patients.find((p) => p.recordNumber === PATIENT);
    expect(patient).toMatchObject({ language: 'en', conditions: ['inhaler_use'] });
    r.sim.people.script(PATIENT, { answers: ANSWERS });

    const nurse = await signIn(r.brain.url, 'nurse.chen');
    const { id, robot } = await dispatchTask(r, nurse, 'health_education', { patient: PATIENT });
    const done = await finished(r, id, nurse, 120_000);
    if (done.status !== 'completed') throw new Error(`education ended ${done.status}: ${JSON.stringify({ reason: done.status_reason, log: await taskLog(r, id, nurse) })}`);
    expect(done.status).toBe('completed');

    // The patient was asked every teach-back question and answered as scripted.
    const asked = r.sim.robotRecords(robot).transcript.filter((l) => l.kind === 'ask').map((l) => l.questionId);
    expect([...new Set(asked)]).toEqual(Object.keys(ANSWERS));

    // Stored: one session of the topic, a graded record per question.
    const records = new EducationRecords((r.brain.store as SqliteTaskStore).database);
    const sessions = records.sessionsOfTask(id);
    expect(sessions).toHaveLength(1);
    const session = sessions[0]!;
    expect(session).toMatchObject({ taskId: id, patient: PATIENT, topic: 'inhaler_use', language: 'en' });
    expect(session.sectionsTaught.length).toBeGreaterThan(0);
    expect(session.checks.map((c) => [c.questionId, c.section, c.understood, c.rawAnswer])).toEqual([
      ['inhaler_steps', 'steps', true, ANSWERS['teach_back:inhaler_steps']],
      ['after_steroid_inhaler', 'after_use', false, ANSWERS['teach_back:after_steroid_inhaler']],
      ['breathing_red_flags', 'when_to_call', false, ANSWERS['teach_back:breathing_red_flags']],
    ]);
    expect(session.checks[0]!.matched).toEqual(expect.arrayContaining(['shake', 'breathe_out_first', 'press_while_breathing_in', 'hold_breath']));
    expect(records.previous(PATIENT)).toEqual([{ topic: 'inhaler_use', version: session.version, sectionsNotUnderstood: ['after_use', 'when_to_call'] }]);

    // A repeat is queued for a day later on the sim clock, labelled with the task it repeats.
    const tasks = (await api<{ tasks: TaskState[] }>(r, '/api/tasks', nurse)).body.tasks;
    const repeats = tasks.filter((t) => t.booking.labels?.includes(`repeat_of:${id}`));
    expect(repeats).toHaveLength(1);
    const repeat = repeats[0]!;
    expect(repeat).toMatchObject({ category: 'health_education', status: 'queued', detail: { patient: PATIENT, topics: ['inhaler_use'] } });
    expect(session.repeatTaskId).toBe(repeat.booking.id);
    const finishedAt = done.unix_millis_finish_time!;
    const earliest = repeat.booking.unix_millis_earliest_start_time!;
    expect(Math.abs(earliest - (finishedAt + REPEAT_AFTER_MS))).toBeLessThan(5 * 60_000);
    expect(Math.abs(earliest - (r.sim.now() + REPEAT_AFTER_MS))).toBeLessThan(10 * 60_000);
    expect(JSON.stringify(done.detail)).toContain(PATIENT);

    expect(r.brain.wardServices.alerts.list({ includeAcknowledged: true }).filter((a) => a.taskId === id)).toEqual([]);
    expect(r.brain.wardServices.audit.verify().ok).toBe(true);
  }, 180_000);
});
