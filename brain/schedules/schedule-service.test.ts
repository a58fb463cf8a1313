// Schedules against a ManualClock: a simulated day or week passes in milliseconds, and a "restart"
// is a new service on the same SQLite file.
import { describe, it, expect, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openTestDatabase } from '../store/module-schema.js';
import { ManualClock } from '../manual-clock.js';
import { ScheduleValidationError } from './schedule-input.js';
import { ScheduleNotFound, ScheduleService, type ScheduleAuditEntry, type ScheduleServiceOptions } from './schedule-service.js';
import type { ScheduledDispatchRequest } from './task-template.js';
import { formatLocal } from './zoned-time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TZ = 'Asia/Shanghai';
/** 2025-06-01 00:00 in Shanghai. */
const JUNE_1 = Date.parse('2025-05-31T16:00:00Z');
const at = (ms: number): string => formatLocal(ms, TZ);

interface Sent { request: ScheduledDispatchRequest; scheduleId: string; occurrenceMs: number; atMs: number }

function harness(db: Database.Database, clock: ManualClock, extra: Partial<ScheduleServiceOptions> = {}) {
  const sent: Sent[] = [];
  const audit: ScheduleAuditEntry[] = [];
  const service = new ScheduleService(db, {
    clock, timeZone: TZ,
    dispatch: async (request, meta) => {
      sent.push({ request, ...meta, atMs: clock.now() });
      return { taskId: `task-${sent.length}` };
    },
    audit: { append: (e) => audit.push(e) },
    ...extra,
  });
  return { service, sent, audit };
}

const rounds = {
  name: 'Ward rounds',
  recurrence: { times: ['08:00', '16:00'], start_date: '2025-06-01' },
  task_request: { category: 'ward_round', description: { ward: 'A' }, labels: ['app=dashboard'] },
};

const open: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function memoryDb(): Promise<Database.Database> {
  const db = await openTestDatabase();
  open.push(db);
  return db;
}
async function fileDb(file: string): Promise<Database.Database> {
  const db = await openTestDatabase(file);
  open.push(db);
  return db;
}

describe('ScheduleService running on the brain clock', () => {
  it('dispatches a day of 08:00 and 16:00 rounds exactly twice, labelled and requested by the creator', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service, sent, audit } = harness(await memoryDb(), clock);
    const s = service.create(rounds, 'manager.wang');
    service.start();
    await clock.advance(DAY - 1);
    await service.stop();

    expect(sent.map((x) => at(x.occurrenceMs))).toEqual(['2025-06-01 08:00 +08:00', '2025-06-01 16:00 +08:00']);
    expect(sent.map((x) => x.atMs)).toEqual(sent.map((x) => x.occurrenceMs));
    expect(sent[0]?.request).toEqual({
      type: 'dispatch_task_request',
      request: {
        category: 'ward_round', description: { ward: 'A' }, labels: ['app=dashboard', `schedule:${s.id}`],
        requester: 'manager.wang', unix_millis_earliest_start_time: sent[0]?.occurrenceMs,
      },
    });
    expect(sent[0]?.scheduleId).toBe(s.id);
    expect(service.occurrences(s.id, 10).map((o) => [at(o.occurrenceMs), o.outcome, o.taskId, o.detail])).toEqual([
      ['2025-06-01 16:00 +08:00', 'dispatched', 'task-2', null],
      ['2025-06-01 08:00 +08:00', 'dispatched', 'task-1', null],
    ]);
    expect(audit.map((e) => [e.actor.kind, e.actor.id, e.action, e.subject.id])).toEqual([
      ['staff', 'manager.wang', 'schedule.create', s.id],
      ['system', 'schedules', 'schedule.dispatch', s.id],
      ['system', 'schedules', 'schedule.dispatch', s.id],
    ]);
    expect(audit[1]?.data).toEqual({ occurrence_ms: sent[0]?.occurrenceMs, task_id: 'task-1', late_ms: 0 });
  });

  it('runs every other day over a week, and keeps one timer armed for several schedules', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service, sent } = harness(await memoryDb(), clock);
    const education = service.create({
      name: 'Health education', recurrence: { times: ['10:00'], every_days: 2, start_date: '2025-06-01' },
      task_request: { category: 'health_education', description: { topic: 'falls' } },
    }, 'manager.wang');
    service.create(rounds, 'manager.wang');
    service.start();
    await service.idle();
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(7 * DAY);
    await service.stop();
    expect(clock.pendingTimers()).toBe(0);

    const educationDays = sent.filter((x) => x.scheduleId === education.id).map((x) => at(x.occurrenceMs));
    expect(educationDays).toEqual(['2025-06-01 10:00 +08:00', '2025-06-03 10:00 +08:00', '2025-06-05 10:00 +08:00', '2025-06-07 10:00 +08:00']);
    expect(sent).toHaveLength(4 + 14);
    expect(service.upcoming(education.id, 2).map(at)).toEqual(['2025-06-09 10:00 +08:00', '2025-06-11 10:00 +08:00']);
  });

  it('records a failed dispatch with its reason and still fires the next occurrence', async () => {
    const clock = new ManualClock(JUNE_1);
    let calls = 0;
    const { service, audit } = harness(await memoryDb(), clock, {
      dispatch: async () => {
        calls++;
        if (calls === 1) throw new Error('request.description.place: unknown place "ward_z"');
        return { taskId: 'task-ok' };
      },
    });
    const s = service.create(rounds, 'manager.wang');
    service.start();
    await clock.advance(DAY - 1);
    await service.stop();
    expect(service.occurrences(s.id).map((o) => [at(o.occurrenceMs), o.outcome, o.taskId, o.detail])).toEqual([
      ['2025-06-01 16:00 +08:00', 'dispatched', 'task-ok', null],
      ['2025-06-01 08:00 +08:00', 'failed', null, 'request.description.place: unknown place "ward_z"'],
    ]);
    const failed = audit.find((e) => e.action === 'schedule.dispatch_failed');
    expect(failed?.reason).toBe('request.description.place: unknown place "ward_z"');
  });

  it('treats a dispatch that answers without a task id as failed', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service } = harness(await memoryDb(), clock, { dispatch: async () => ({ taskId: '' }) });
    const s = service.create(rounds, 'manager.wang');
    service.start();
    await clock.advance(9 * HOUR);
    await service.stop();
    expect(service.occurrences(s.id)[0]).toMatchObject({ outcome: 'failed', detail: expect.stringContaining('without a taskId') });
  });

  it('wakes at least daily for far occurrences and fires nothing before start_date', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service, sent } = harness(await memoryDb(), clock);
    service.create({ ...rounds, recurrence: { times: ['08:00'], start_date: '2026-06-01' } }, 'manager.wang');
    service.start();
    await clock.advance(3 * DAY);
    expect(sent).toHaveLength(0);
    expect(clock.pendingTimers()).toBe(1);
    await service.stop();
  });
});

describe('ScheduleService across a restart', () => {
  it('does not dispatch twice, dispatches late within the grace window and records older ones as missed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedules-'));
    dirs.push(dir);
    const file = join(dir, 'brain.db');
    const clock = new ManualClock(JUNE_1 + 7 * HOUR);

    const first = harness(await fileDb(file), clock);
    const s = first.service.create(rounds, 'manager.wang');
    first.service.start();
    await clock.advance(2 * HOUR); // 09:00: the 08:00 round went out
    await first.service.stop();
    expect(first.sent).toHaveLength(1);

    // Restarted at once: nothing is due that has not been done.
    const second = harness(await fileDb(file), clock);
    second.service.start();
    await second.service.idle();
    await second.service.stop();
    expect(second.sent).toHaveLength(0);

    // Down until 08:20 the next day: 16:00 is 16 h late (missed), 08:00 is 20 min late (dispatched late).
    await clock.advance(23 * HOUR + 20 * 60_000);
    const third = harness(await fileDb(file), clock);
    third.service.start();
    await third.service.idle();
    expect(third.sent.map((x) => at(x.occurrenceMs))).toEqual(['2025-06-02 08:00 +08:00']);
    expect(third.service.occurrences(s.id).map((o) => [at(o.occurrenceMs), o.outcome, o.detail])).toEqual([
      ['2025-06-02 08:00 +08:00', 'dispatched', 'dispatched 20 min late (the brain was not running or its clock jumped)'],
      ['2025-06-01 16:00 +08:00', 'missed', 'due 16 h 20 min ago, more than the 30 min grace; not dispatched (the brain was not running or its clock jumped)'],
      ['2025-06-01 08:00 +08:00', 'dispatched', null],
    ]);
    expect(third.audit.find((e) => e.action === 'schedule.missed')?.data).toMatchObject({ count: 1 });

    // And it keeps going: the 16:00 round that day.
    await clock.advance(8 * HOUR);
    await third.service.stop();
    expect(third.sent.map((x) => at(x.occurrenceMs))).toEqual(['2025-06-02 08:00 +08:00', '2025-06-02 16:00 +08:00']);
  });

  it('does not send again an occurrence whose dispatch was cut off by a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schedules-'));
    dirs.push(dir);
    const file = join(dir, 'brain.db');
    const crashedClock = new ManualClock(JUNE_1 + 7 * HOUR);
    const crashed = harness(await fileDb(file), crashedClock, { dispatch: () => new Promise(() => undefined) });
    const s = crashed.service.create(rounds, 'manager.wang');
    crashed.service.start();
    await crashedClock.advance(HOUR + 1);

    const clock = new ManualClock(crashedClock.now());
    const restarted = harness(await fileDb(file), clock);
    restarted.service.start();
    await restarted.service.idle();
    await restarted.service.stop();
    expect(restarted.sent).toHaveLength(0);
    expect(restarted.service.occurrences(s.id)[0]).toMatchObject({
      outcome: 'failed', detail: 'the brain stopped while dispatching; whether the task was created is unknown',
    });
  });

  it('honours a shorter grace window', async () => {
    const clock = new ManualClock(JUNE_1 + 7 * HOUR);
    const db = await memoryDb();
    const s = harness(db, clock).service.create(rounds, 'manager.wang');
    await clock.advance(HOUR + 10 * 60_000); // 08:10, the brain was not running
    const late = harness(db, clock, { graceMs: 5 * 60_000 });
    late.service.start();
    await late.service.idle();
    await late.service.stop();
    expect(late.sent).toHaveLength(0);
    expect(late.service.occurrences(s.id)[0]?.outcome).toBe('missed');
  });
});

describe('ScheduleService changes', () => {
  it('validates input, naming the field, and asks checkTemplate about the task request', async () => {
    const seen: unknown[] = [];
    const { service } = harness(await memoryDb(), new ManualClock(JUNE_1), {
      checkTemplate: (t) => {
        seen.push(t);
        return t.category === 'ward_round' ? [] : [`task_request.category: unknown category "${t.category}"`];
      },
    });
    const problems = (fn: () => unknown): string[] => {
      try {
        fn();
      } catch (err) {
        if (err instanceof ScheduleValidationError) return err.problems;
        throw err;
      }
      throw new Error('expected a ScheduleValidationError');
    };
    expect(problems(() => service.create({ ...rounds, recurrence: { times: ['08:00', '25:00'], start_date: '2025-06-01' } }, 'manager.wang'))).toEqual([
      'recurrence.times[1]: "25:00" is not a time of day (HH:MM)',
    ]);
    expect(problems(() => service.create({ name: ' ', recurrence: rounds.recurrence, task_request: { category: '', description: [] }, colour: 'red' }, 'manager.wang'))).toEqual([
      'colour: is not a known field (fields: name, enabled, recurrence, task_request)',
      'name: must be a non-empty string',
      'task_request.category: must be a non-empty string',
      'task_request.description: must be an object',
    ]);
    expect(problems(() => service.create({ ...rounds, task_request: { ...rounds.task_request, requester: 'x' } }, 'manager.wang'))).toEqual([
      'task_request.requester: is set by the schedule for each occurrence; leave it out',
    ]);
    expect(problems(() => service.create({ ...rounds, task_request: { category: 'dance', description: {} } }, 'manager.wang'))).toEqual([
      'task_request.category: unknown category "dance"',
    ]);
    const s = service.create(rounds, 'manager.wang');
    expect(problems(() => service.update(s.id, { task_request: { category: 'dance', description: {} } }, 'manager.wang'))).toEqual([
      'task_request.category: unknown category "dance"',
    ]);
    expect(problems(() => service.update(s.id, {}, 'manager.wang'))).toEqual(['body: name at least one field to change (name, enabled, recurrence, task_request)']);
    expect(problems(() => service.update(s.id, { enabled: 'yes' }, 'manager.wang'))).toEqual(['enabled: must be true or false']);
    expect(problems(() => service.create(rounds, ''))).toEqual(['username: must name the signed-in staff member']);
    expect(seen).toHaveLength(4);
    expect(service.list()).toHaveLength(1);
  });

  it('updates: a new recurrence and a re-enabled schedule count from now; disabled fires nothing', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service, sent, audit } = harness(await memoryDb(), clock);
    const s = service.create(rounds, 'manager.wang');
    service.start();
    const off = service.update(s.id, { enabled: false, name: 'Rounds (paused)' }, 'manager.li');
    expect(off).toMatchObject({ enabled: false, name: 'Rounds (paused)', updatedBy: 'manager.li', createdBy: 'manager.wang' });
    expect(service.upcoming(s.id, 3)).toEqual([]);
    await clock.advance(DAY + 9 * HOUR); // to 2025-06-02 09:00
    expect(sent).toHaveLength(0);

    service.update(s.id, { enabled: true }, 'manager.li');
    await clock.advance(6 * HOUR); // 15:00: the morning round passed while it was off and is not caught up
    expect(sent).toHaveLength(0);
    expect(service.occurrences(s.id)).toEqual([]);

    service.update(s.id, { recurrence: { times: ['15:30'], start_date: '2025-06-01' } }, 'manager.li');
    expect(service.upcoming(s.id, 2).map(at)).toEqual(['2025-06-02 15:30 +08:00', '2025-06-03 15:30 +08:00']);
    await clock.advance(HOUR + 30 * 60_000);
    await service.stop();
    expect(sent.map((x) => at(x.occurrenceMs))).toEqual(['2025-06-02 15:30 +08:00']);
    expect(audit.filter((e) => e.action === 'schedule.update').map((e) => e.data)).toEqual([
      { changes: { name: 'Rounds (paused)', enabled: false } },
      { changes: { enabled: true } },
      { changes: { recurrence: { times: ['15:30'], start_date: '2025-06-01' } } },
    ]);
  });

  it('soft-deletes: the schedule stops and is gone from reads, and unknown ids are ScheduleNotFound', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service, sent, audit } = harness(await memoryDb(), clock);
    const s = service.create(rounds, 'manager.wang');
    service.start();
    await clock.advance(9 * HOUR);
    service.remove(s.id, 'manager.li');
    await clock.advance(DAY);
    await service.stop();
    expect(sent).toHaveLength(1);
    expect(service.get(s.id)).toBeNull();
    expect(service.list()).toEqual([]);
    expect(() => service.update(s.id, { name: 'x' }, 'manager.li')).toThrow(ScheduleNotFound);
    expect(() => service.remove('schedule-nope', 'manager.li')).toThrow('no schedule with id "schedule-nope"');
    expect(audit.at(-1)).toMatchObject({ actor: { kind: 'staff', id: 'manager.li' }, action: 'schedule.delete', subject: { type: 'schedule', id: s.id } });
  });

  it('does not change anything when the audit log refuses the change', async () => {
    const clock = new ManualClock(JUNE_1);
    const { service } = harness(await memoryDb(), clock, { audit: { append: () => { throw new Error('audit disk full'); } } });
    expect(() => service.create(rounds, 'manager.wang')).toThrow('audit disk full');
    expect(service.list()).toEqual([]);
  });

  it('refuses an unknown time zone or a negative grace window, naming the option', async () => {
    const db = await memoryDb();
    const clock = new ManualClock(JUNE_1);
    expect(() => harness(db, clock, { timeZone: 'Asia/Atlantis' })).toThrow('timeZone: "Asia/Atlantis"');
    expect(() => harness(db, clock, { graceMs: -1 })).toThrow('graceMs: -1');
  });
});
