import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type Database from 'better-sqlite3';
import { AuditLog } from '../audit/index.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import { AlertService } from './alert-service.js';
import { AlertAlreadyAcknowledged, AlertInputError, AlertNotFound, type AlertEvent, type RaiseAlertInput } from './alert-types.js';

const nurse = { username: 'nurse.li', name: 'Li Na', roles: ['nurse' as const] };
const pain: RaiseAlertInput = {
  kind: 'pain_high', severity: 'high', bed: 'bed_7', patient: 'MRN-0007', taskId: 'round-1', robot: 'robot_1',
  text: { en: 'Bed 7 reports pain 8/10', 'zh-CN': '7号床疼痛评分 8/10' }, data: { score: 8 },
};

describe('AlertService', () => {
  let db: Database.Database;
  let clock: ManualClock;
  let audit: AuditLog;
  let alerts: AlertService;
  let events: AlertEvent[];

  beforeEach(async () => {
    db = await openTestDatabase();
    clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    audit = new AuditLog(db, { clock });
    alerts = new AlertService(db, { clock, audit });
    events = [];
    alerts.subscribe((e) => events.push(e));
  });
  afterEach(() => { db.close(); });

  it('raises an alert once per kind, task and bed while it is open, and audits it', () => {
    const a = alerts.raise(pain, { by: { kind: 'robot', id: 'robot_1' } });
    expect(a).toMatchObject({ kind: 'pain_high', severity: 'high', bed: 'bed_7', patient: 'MRN-0007', taskId: 'round-1', data: { score: 8 }, raisedAtMs: clock.now(), acknowledged: null });
    clock.jump(5000);
    expect(alerts.raise({ ...pain, data: { score: 9 } }).id).toBe(a.id);
    const otherBed = alerts.raise({ ...pain, bed: 'bed_8' });
    expect(otherBed.id).not.toBe(a.id);
    expect(events.map((e) => [e.type, e.alert.id])).toEqual([['raised', a.id], ['raised', otherBed.id]]);
    expect(audit.entries({ subjectType: 'alert', limit: 10 }).map((e) => [e.action, e.subject.id, e.actor.id])).toEqual([
      ['alert.raised', a.id, 'robot_1'], ['alert.raised', otherBed.id, 'brain'],
    ]);
    expect(audit.verify().ok).toBe(true);
  });

  it('acknowledges once, with who, when and a note; a new alert may then be raised for the same bed', () => {
    const a = alerts.raise(pain);
    clock.jump(90_000);
    const acked = alerts.acknowledge(a.id, nurse, '  going now ');
    expect(acked.acknowledged).toEqual({ by: { username: 'nurse.li', name: 'Li Na' }, atMs: clock.now(), note: 'going now' });
    expect(() => alerts.acknowledge(a.id, nurse)).toThrow(AlertAlreadyAcknowledged);
    expect(() => alerts.acknowledge(a.id, nurse)).toThrow(/already acknowledged by Li Na \(nurse\.li\) at /);
    expect(() => alerts.acknowledge('nope', nurse)).toThrow(AlertNotFound);
    const ack = audit.entries({ subjectId: a.id, limit: 10 }).find((e) => e.action === 'alert.acknowledged');
    expect(ack).toMatchObject({ actor: { kind: 'staff', id: 'nurse.li' }, reason: 'going now', data: { kind: 'pain_high', waitedMs: 90_000 } });
    expect(events.at(-1)).toEqual({ type: 'acknowledged', alert: acked });
    expect(alerts.raise(pain).id).not.toBe(a.id);
  });

  it('lists open alerts most severe first and all alerts newest first', () => {
    const normal = alerts.raise({ ...pain, kind: 'loading_needed', severity: 'normal', bed: null, patient: null });
    clock.jump(1000);
    const critical = alerts.raise({ ...pain, kind: 'red_flag', severity: 'critical' });
    clock.jump(1000);
    const high = alerts.raise({ ...pain, kind: 'low_battery', severity: 'high', bed: null, patient: null, taskId: null });
    expect(alerts.open().map((a) => a.id)).toEqual([critical.id, high.id, normal.id]);
    alerts.acknowledge(critical.id, nurse);
    expect(alerts.open().map((a) => a.id)).toEqual([high.id, normal.id]);
    expect(alerts.list().map((a) => a.id)).toEqual([high.id, critical.id, normal.id]);
    expect(alerts.list({ includeAcknowledged: false }).map((a) => a.id)).toEqual([high.id, normal.id]);
    expect(alerts.list({ kind: 'red_flag' }).map((a) => a.id)).toEqual([critical.id]);
    expect(alerts.list({ since: clock.now() - 1000 }).map((a) => a.id)).toEqual([high.id, critical.id]);
  });

  it('names each bad field and stores nothing', () => {
    const err = (() => {
      try {
        alerts.raise({ kind: 'fire' as never, severity: 'urgent' as never, text: { en: 'x', 'zh-CN': '' }, bed: '', data: { n: Infinity } });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(AlertInputError);
    expect((err as AlertInputError).problems.map((p) => p.field)).toEqual(['kind', 'severity', 'text.zh-CN', 'bed', 'data.n']);
    expect(alerts.list()).toEqual([]);
    expect(audit.entries({ limit: 10 })).toEqual([]);
  });

  it('rolls the alert back when its audit entry cannot be written, and survives a failing listener', () => {
    db.exec("CREATE TRIGGER block_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk says no'); END;");
    expect(() => alerts.raise(pain)).toThrow('disk says no');
    expect(alerts.list()).toEqual([]);
    db.exec('DROP TRIGGER block_audit');
    alerts.subscribe(() => { throw new Error('socket gone'); });
    const a = alerts.raise(pain);
    expect(alerts.get(a.id)?.id).toBe(a.id);
    expect(events.map((e) => e.type)).toEqual(['raised']);
  });
});
