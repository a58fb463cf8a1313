import { describe, it, expect } from '@jest/globals';
import { CUSTODY_KINDS } from './api-types.js';
import { toCustody, toSchedule } from './api-wire.js';
import { en } from './i18n/en.js';
import { setLang } from './i18n.js';
import { parseTimes, recurrenceText } from './schedule-text.js';
import { scheduleField } from './schedules-panel.js';

describe('custody chain in the dashboard', () => {
  it('has a label for every custody kind the brain records', () => {
    for (const kind of CUSTODY_KINDS) expect(Object.keys(en)).toContain(`custody.kind.${kind}`);
  });

  it('reads the snake_case custody answer and the FHIR dispenses', () => {
    const c = toCustody({
      task_id: 'task-1',
      custody: [
        { seq: 2, time_ms: 2000, task_id: 'task-1', run_id: 'r', robot: 'robot_1', drawer: 1, order_id: 'MR-1001', patient: 'MRN-1', kind: 'loaded', actor: 'pharm.zhou', data: {} },
        { seq: 1, time_ms: 1000, task_id: 'task-1', run_id: 'r', robot: 'robot_1', drawer: null, order_id: null, patient: null, kind: 'load_authorized', actor: 'pharm.zhou', data: { witness: 'nurse.li' } },
        { kind: 'no seq' },
      ],
      dispenses: [{
        resourceType: 'MedicationDispense', id: 'd1', status: 'completed', whenHandedOver: '2025-06-01T08:00:00.000Z',
        authorizingPrescription: [{ reference: 'MedicationRequest/MR-1001' }], receiver: [{ display: 'Li Na', identifier: { value: 'nurse.li' } }],
        medicationCodeableConcept: { text: 'Amlodipine' }, subject: { display: 'Wang' },
      }],
    });
    expect(c.custody.map((e) => [e.seq, e.kind, e.order_id])).toEqual([[1, 'load_authorized', null], [2, 'loaded', 'MR-1001']]);
    expect(c.dispenses).toEqual([{ id: 'd1', order: 'MR-1001', status: 'completed', medication: 'Amlodipine', receiver: 'Li Na', patient: 'Wang', when_ms: Date.parse('2025-06-01T08:00:00Z'), reason: null }]);
  });
});

describe('schedules in the dashboard', () => {
  it('says the recurrence in words', () => {
    // setLang marks the page's language; a stand-in page for node.
    (globalThis as { document?: unknown }).document ??= { documentElement: {} };
    setLang('en');
    expect(recurrenceText({ times: ['16:00', '08:00'], start_date: '2025-06-01' })).toBe('every day at 08:00 and 16:00, from 2025-06-01');
    expect(recurrenceText({ times: ['10:30'], every_days: 2, start_date: '2025-06-01', end_date: '2025-07-01' })).toBe('every 2 days at 10:30, from 2025-06-01 to 2025-07-01');
    setLang('zh-CN');
    expect(recurrenceText({ times: ['08:00', '16:00'], start_date: '2025-06-01' })).toBe('每天 08:00和16:00，自 2025-06-01 起');
    setLang('en');
  });

  it('reads times of day as staff type them, naming the first that is not one', () => {
    expect(parseTimes('8:00, 16:00 08:00')).toEqual({ ok: true, times: ['08:00', '16:00'] });
    expect(parseTimes('08:00, 25:00')).toEqual({ ok: false, bad: '25:00' });
    expect(parseTimes(' ')).toEqual({ ok: false, bad: '' });
  });

  it('puts each refusal of the brain under the field it names', () => {
    expect(scheduleField('name: must be a non-empty string')).toBe('name');
    expect(scheduleField('recurrence.times[1]: "25:00" is not a time of day (HH:MM)')).toBe('times');
    expect(scheduleField('recurrence.every_days: 0 must be a whole number of days from 1 to 366')).toBe('every');
    expect(scheduleField('recurrence.start_date: "x" is not a date')).toBe('start');
    expect(scheduleField('task_request.description.patient: no patient MRN-9')).toBe('patient');
    expect(scheduleField('task_request.category: unknown')).toBe('category');
    expect(scheduleField('something else')).toBeNull();
  });

  it('reads a schedule of the list with safe defaults', () => {
    const s = toSchedule({ id: 's1', name: 'Rounds', enabled: true, recurrence: { times: ['08:00'], start_date: '2025-06-01' }, task_request: { category: 'ward_round', description: {} }, time_zone: 'Asia/Shanghai', next: { unix_millis: 5, local: 'x' } });
    expect(s).toMatchObject({ id: 's1', recurrence: { times: ['08:00'], start_date: '2025-06-01' }, next: { unix_millis: 5 } });
    expect(toSchedule({ name: 'no id' })).toBeNull();
  });
});
