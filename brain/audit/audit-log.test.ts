import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openTestDatabase } from '../store/module-schema.js';
import { ManualClock } from '../manual-clock.js';
import { AuditLog, AuditInputError } from './audit-log.js';
import { canonicalJson } from './canonical-json.js';
import { GENESIS_HASH, type AuditInput } from './audit-types.js';
import { runVerifyCli } from './verify-cli.js';

const nurse = { kind: 'staff', id: 'nurse.li' } as const;
const entry = (i: number): AuditInput => ({ actor: nurse, action: 'alert.acknowledged', subject: { type: 'alert', id: `a${i}` }, data: { i, note: `n${i}` } });

describe('AuditLog', () => {
  let db: Database.Database;
  let log: AuditLog;
  const clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));

  beforeEach(async () => {
    db = await openTestDatabase();
    log = new AuditLog(db, { clock });
  });
  afterEach(() => { db.close(); });

  it('chains entries from the genesis hash, each hash over the canonical JSON of every field', () => {
    const a = log.append({ ...entry(1), reason: 'patient asked' });
    clock.jump(1000);
    const b = log.append({ actor: { kind: 'robot', id: 'robot_1' }, action: 'drawer.opened', subject: { type: 'task', id: 't1' } });
    expect(a.seq).toBe(1);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.seq).toBe(2);
    expect(b.prevHash).toBe(a.hash);
    expect(b.timeMs - a.timeMs).toBe(1000);
    expect(b.reason).toBeNull();
    expect(b.data).toBeNull();
    const { hash, ...rest } = a;
    const expected = createHash('sha256').update(canonicalJson({ ...rest, actor: { ...rest.actor }, subject: { ...rest.subject } })).digest('hex');
    expect(hash).toBe(expected);
    expect(log.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('hashes the same data identically whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('commits and rolls back with the caller\'s own transaction', () => {
    log.append(entry(1));
    expect(() => db.transaction(() => {
      log.append(entry(2));
      throw new Error('the caller\'s change failed');
    })()).toThrow('the caller\'s change failed');
    expect(log.entries({ limit: 10 }).map((e) => e.seq)).toEqual([1]);
    expect(log.append(entry(3)).seq).toBe(2);
    expect(log.verify().ok).toBe(true);
  });

  it('refuses input it could not hash faithfully, naming the field', () => {
    expect(() => log.append({ ...entry(1), data: { dose: { mg: Number.NaN } } })).toThrow(/data\.dose\.mg: NaN is not a finite number/);
    expect(() => log.append({ ...entry(1), data: { when: new Date() as never } })).toThrow(AuditInputError);
    expect(() => log.append({ ...entry(1), actor: { kind: 'visitor' as never, id: 'x' } })).toThrow(/actor\.kind/);
    expect(() => log.append({ ...entry(1), subject: { type: 'alert', id: '' } })).toThrow(/subject\.id/);
    expect(log.entries({ limit: 10 })).toEqual([]);
  });

  it('refuses UPDATE and DELETE with a trigger', () => {
    log.append(entry(1));
    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow('audit log is append-only');
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('audit log is append-only');
  });

  it('filters entries by subject, actor and seq', () => {
    for (let i = 1; i <= 5; i++) log.append(entry(i));
    log.append({ actor: { kind: 'system', id: 'brain' }, action: 'account.created', subject: { type: 'account', id: 'nurse.li' } });
    expect(log.entries({ subjectType: 'alert', subjectId: 'a3', limit: 10 }).map((e) => e.seq)).toEqual([3]);
    expect(log.entries({ actor: 'nurse.li', sinceSeq: 2, limit: 2 }).map((e) => e.seq)).toEqual([3, 4]);
    expect(log.entries({ limit: 2 }).map((e) => e.seq)).toEqual([5, 6]);
    expect(log.entries({ actorKind: 'system', limit: 10 }).map((e) => e.action)).toEqual(['account.created']);
    expect(log.entries({ limit: 1 })[0]?.data).toBeNull();
    expect(log.entries({ sinceSeq: 0, limit: 1 })[0]?.data).toEqual({ i: 1, note: 'n1' });
  });

  it('searches by action or action prefix, time, words, and pages back from the latest', () => {
    const t0 = log.append({ actor: nurse, action: 'alert.acknowledged', subject: { type: 'alert', id: 'a1' }, reason: 'Gave 100% of the dose_now', data: { patient: 'MRN-0042' } }).timeMs;
    clock.jump(60_000);
    log.append({ actor: { kind: 'robot', id: 'robot_1' }, action: 'custody.loaded', subject: { type: 'medication_request', id: 'MR-7' }, data: { patient: 'MRN-0042', note: '王芳' } });
    clock.jump(60_000);
    log.append({ actor: { kind: 'robot', id: 'robot_2' }, action: 'custody.handed_over', subject: { type: 'medication_request', id: 'MR-8' } });
    log.append({ actor: { kind: 'system', id: 'brain' }, action: 'custodyx.other', subject: { type: 'task', id: 't9' } });
    const seqs = (q: Omit<Parameters<AuditLog['entries']>[0], 'limit'>, limit = 10) => log.entries({ ...q, limit }).map((e) => e.seq);

    expect(seqs({ action: 'custody.loaded' })).toEqual([2]);
    expect(seqs({ action: 'custody.*' })).toEqual([2, 3]);
    expect(seqs({ action: 'custody*' })).toEqual([2, 3, 4]);
    expect(seqs({ fromMs: t0 + 60_000, toMs: t0 + 60_000 })).toEqual([2]);
    expect(seqs({ fromMs: t0 + 1 })).toEqual([2, 3, 4]);
    // Words anywhere in action, actor, subject and reason, case-insensitively; all of them must be found.
    expect(seqs({ text: 'ROBOT_2' })).toEqual([3]);
    expect(seqs({ text: 'mr-7 custody' })).toEqual([2]);
    expect(seqs({ text: 'mr-7 alert' })).toEqual([]);
    // Typed characters are text, never patterns: % and _ match only themselves.
    expect(seqs({ text: '100%' })).toEqual([1]);
    expect(seqs({ text: 'dose_now' })).toEqual([1]);
    expect(seqs({ text: 'dose%now' })).toEqual([]);
    // The data only when asked: it may name patients.
    expect(seqs({ text: 'MRN-0042' })).toEqual([]);
    expect(seqs({ text: 'MRN-0042', textInData: true })).toEqual([1, 2]);
    expect(seqs({ text: '王芳', textInData: true })).toEqual([2]);
    // Paging back: the latest two, then the two before them.
    expect(seqs({}, 2)).toEqual([3, 4]);
    expect(seqs({ beforeSeq: 3 }, 2)).toEqual([1, 2]);
    expect(seqs({ beforeSeq: 3, action: 'custody.*' }, 2)).toEqual([2]);
  });
});

describe('tampering with the audit file', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let log: AuditLog;
  let editor: Database.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    file = join(dir, 'ward.db');
    db = await openTestDatabase(file);
    log = new AuditLog(db, { clock: new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0)) });
    for (let i = 1; i <= 6; i++) log.append(entry(i));
    // A second connection, as someone with the file would open it, with the guards removed.
    editor = await openTestDatabase(file);
    editor.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  });
  afterEach(() => {
    editor.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lines: string[] = [];
  const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };

  it('finds a changed data field at its seq', () => {
    editor.prepare('UPDATE audit_log SET data = ? WHERE seq = 3').run('{"i":3,"note":"nothing happened"}');
    expect(log.verify()).toEqual({ ok: false, entries: 6, firstBroken: { seq: 3, reason: expect.stringMatching(/^hash does not match the entry's contents/) } });
  });

  it('finds a deleted middle entry', () => {
    editor.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(log.verify()).toEqual({ ok: false, entries: 5, firstBroken: { seq: 4, reason: 'entry 4 is missing: the entry after 3 is 5' } });
  });

  it('finds a changed hash at its seq', () => {
    editor.prepare("UPDATE audit_log SET hash = 'ab' || substr(hash, 3) WHERE seq = 2").run();
    expect(log.verify().firstBroken).toEqual({ seq: 2, reason: expect.stringMatching(/^hash does not match/) });
  });

  it('finds a forged entry whose own hash was recomputed: the next entry no longer links to it', async () => {
    const [five] = log.entries({ sinceSeq: 4, limit: 1 });
    if (!five) throw new Error('entry 5 missing');
    const forged = { ...five, actor: { kind: 'staff' as const, id: 'pharmacist.zhou' } };
    const { hash: _old, ...unhashed } = forged;
    const { entryHash } = await import('./entry-hash.js');
    editor.prepare('UPDATE audit_log SET actor_id = ?, hash = ? WHERE seq = 5').run('pharmacist.zhou', entryHash(unhashed));
    expect(log.verify().firstBroken).toEqual({ seq: 6, reason: 'prevHash does not match the hash of entry 5' });
  });

  it('verify-cli exits 0 when intact, 1 with the first broken seq, 2 on usage errors', () => {
    lines.length = 0;
    expect(runVerifyCli(['--db', file], io)).toBe(0);
    expect(lines.pop()).toBe('audit log intact: 6 entries');
    editor.prepare("UPDATE audit_log SET reason = 'forged' WHERE seq = 2").run();
    expect(runVerifyCli(['--db', file], io)).toBe(1);
    expect(lines.pop()).toMatch(/^audit log BROKEN at seq 2: hash does not match/);
    expect(runVerifyCli(['--db', file, '--json'], io)).toBe(1);
    expect(JSON.parse(lines.pop() as string)).toMatchObject({ ok: false, entries: 6, firstBroken: { seq: 2 } });
    expect(runVerifyCli([], io)).toBe(2);
    expect(lines.pop()).toMatch(/--db FILE is missing/);
    expect(runVerifyCli(['--db', join(dir, 'nope.db')], io)).toBe(2);
    expect(lines.pop()).toMatch(/no such file/);
    expect(runVerifyCli(['--frobnicate'], io)).toBe(2);
    const notADb = join(dir, 'text.db');
    writeFileSync(notADb, 'hello, this is not sqlite at all, not even a little bit');
    expect(runVerifyCli(['--db', notADb], io)).toBe(2);
  });
});
