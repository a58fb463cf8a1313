import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteTaskStore, SchemaVersionError } from './sqlite-store.js';
import { SCHEMA_VERSION } from './migrations.js';
import { StoreConflictError, StoreValidationError, TaskNotFoundError, type NewTask, type NewTaskEvent } from './types.js';

function newTask(id: string, over: Partial<NewTask> = {}): NewTask {
  return {
    id, category: 'go_to_place', description: { place: 'bed_1' }, priority: null, requester: 'nurse_li',
    labels: ['dashboard'], status: 'queued', assignedRobot: null, requestTimeMs: 1_000, earliestStartMs: null,
    startTimeMs: null, finishTimeMs: null, estimateMs: null, progress: null, statusReason: null, cancellation: null,
    ...over,
  };
}
const event = (kind: string, over: Partial<NewTaskEvent> = {}): NewTaskEvent =>
  ({ unixMs: 1_000, tier: 'info', kind, text: kind, data: null, ...over });

describe('SqliteTaskStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'brain-store-'));
    file = join(dir, 'sub', 'brain.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in WAL mode at the current schema version, creating the folder', async () => {
    const store = new SqliteTaskStore(file);
    expect(store.journalMode).toBe('wal');
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    await store.close();
  });

  it('creates a task with its first event and walks it through transitions', async () => {
    const store = new SqliteTaskStore(file, { now: () => 5_000 });
    const created = await store.createTask(newTask('t1', { priority: { type: 'binary', value: 1 } }), [event('created')]);
    expect(created.task).toMatchObject({ id: 't1', status: 'queued', priority: { type: 'binary', value: 1 }, updatedMs: 5_000 });
    expect(created.events).toEqual([{ taskId: 't1', seq: 1, unixMs: 1_000, tier: 'info', kind: 'created', text: 'created', data: null }]);

    const underway = await store.updateTask('t1', { status: 'underway', assignedRobot: 'robot_1', startTimeMs: 2_000 },
      [event('dispatched', { data: { robot: 'robot_1' } })], ['queued']);
    expect(underway.task).toMatchObject({ status: 'underway', assignedRobot: 'robot_1', startTimeMs: 2_000 });
    expect(underway.events[0]).toMatchObject({ seq: 2, kind: 'dispatched', data: { robot: 'robot_1' } });

    await store.updateTask('t1', { progress: { distanceRemainingM: 3.5, etaS: 7 } }, []);
    const failed = await store.updateTask('t1', {
      status: 'failed', finishTimeMs: 9_000, progress: null,
      statusReason: { code: 'no_route', message: 'no lane to bed_1' },
    }, [event('failed', { tier: 'error' }), event('released')]);
    expect(failed.task).toMatchObject({ status: 'failed', progress: null, statusReason: { code: 'no_route', message: 'no lane to bed_1' } });
    expect(failed.events.map((e) => e.seq)).toEqual([3, 4]);
    expect((await store.listEvents('t1')).map((e) => e.kind)).toEqual(['created', 'dispatched', 'failed', 'released']);
    await store.close();
  });

  it('refuses a transition from a status the caller did not expect, writing nothing', async () => {
    const store = new SqliteTaskStore(file);
    await store.createTask(newTask('t1', { status: 'completed' }), [event('created')]);
    await expect(store.updateTask('t1', { status: 'canceled' }, [event('canceled')], ['queued', 'underway']))
      .rejects.toBeInstanceOf(StoreConflictError);
    expect((await store.getTask('t1'))?.status).toBe('completed');
    expect(await store.listEvents('t1')).toHaveLength(1);
    await expect(store.updateTask('nope', { status: 'failed' }, [])).rejects.toBeInstanceOf(TaskNotFoundError);
    await store.close();
  });

  it('lists newest first, filters by status and pages', async () => {
    const store = new SqliteTaskStore(file);
    for (const [i, status] of (['queued', 'completed', 'queued', 'failed'] as const).entries()) {
      await store.createTask(newTask(`t${i}`, { status, requestTimeMs: 1_000 + i }), []);
    }
    expect((await store.listTasks()).map((t) => t.id)).toEqual(['t3', 't2', 't1', 't0']);
    expect((await store.listTasks({ status: ['queued'] })).map((t) => t.id)).toEqual(['t2', 't0']);
    expect((await store.listTasks({ status: ['queued'], oldestFirst: true })).map((t) => t.id)).toEqual(['t0', 't2']);
    expect((await store.listTasks({ limit: 2, offset: 1 })).map((t) => t.id)).toEqual(['t2', 't1']);
    await store.close();
  });

  it('keeps tasks and events across a reopen', async () => {
    const first = new SqliteTaskStore(file);
    await first.createTask(newTask('t1', { cancellation: { requestTimeMs: 3_000, labels: ['by=nurse'] } }), [event('created', { data: { a: [1, 'x'] } })]);
    await first.close();
    const second = new SqliteTaskStore(file);
    expect(await second.getTask('t1')).toMatchObject({ id: 't1', labels: ['dashboard'], cancellation: { requestTimeMs: 3_000, labels: ['by=nurse'] } });
    expect((await second.listEvents('t1'))[0]?.data).toEqual({ a: [1, 'x'] });
    await second.close();
  });

  it('names the field of an invalid write and leaves no row behind', async () => {
    const store = new SqliteTaskStore(file);
    await expect(store.createTask(newTask('t1'), [event('created'), event('bad', { tier: 'loud' as never })]))
      .rejects.toThrow('events[1].tier: must be one of info, warning, error, got "loud"');
    await expect(store.createTask(newTask('t2', { status: 'done' as never }), [])).rejects.toThrow(/^status: must be one of/);
    await expect(store.createTask(newTask('t3', { description: { when: Number.NaN } }), []))
      .rejects.toThrow('description.when: holds NaN, which JSON cannot carry');
    await expect(store.createTask(newTask(''), [])).rejects.toBeInstanceOf(StoreValidationError);
    expect(await store.listTasks()).toEqual([]);

    await store.createTask(newTask('t4'), [event('created')]);
    await expect(store.updateTask('t4', { status: 'failed', statusReason: { code: 'gremlins' as never, message: '' } }, [event('failed')]))
      .rejects.toThrow('patch.statusReason.code: "gremlins" is not a known failure code');
    expect((await store.getTask('t4'))?.status).toBe('queued');
    expect(await store.listEvents('t4')).toHaveLength(1);
    await store.close();
  });

  it('rolls back the task row when an event insert fails inside the transaction', async () => {
    await new SqliteTaskStore(file).close();
    // A trigger makes SQLite refuse the event after the task row was inserted in the same transaction.
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON task_events WHEN NEW.kind = 'boom'
      BEGIN SELECT RAISE(ABORT, 'boom refused'); END;`);
    raw.close();
    const store = new SqliteTaskStore(file);
    // better-sqlite3 builds its errors in the realm that first loaded the addon, which under Jest need
    // not be this test file's, so the error is matched by its message rather than as an Error.
    await expect(store.createTask(newTask('t1'), [event('created'), event('boom')])).rejects.toMatchObject({ message: 'boom refused' });
    expect(await store.getTask('t1')).toBeNull();
    expect(await store.listEvents('t1')).toEqual([]);

    await store.createTask(newTask('t2'), [event('created')]);
    await expect(store.updateTask('t2', { status: 'underway', assignedRobot: 'robot_1' }, [event('boom')])).rejects.toMatchObject({ message: 'boom refused' });
    expect(await store.getTask('t2')).toMatchObject({ status: 'queued', assignedRobot: null });
    await store.close();
  });

  it('refuses a database written by a newer brain', async () => {
    const db = new Database(file.replace('sub/', ''));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteTaskStore(file.replace('sub/', ''))).toThrow(SchemaVersionError);
  });
});
