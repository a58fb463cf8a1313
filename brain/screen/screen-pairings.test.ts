import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type Database from 'better-sqlite3';
import { AuditLog } from '../audit/index.js';
import { ManualClock } from '../manual-clock.js';
import { openTestDatabase } from '../store/module-schema.js';
import { ScreenPairings, screenTokenDigest } from './screen-pairings.js';

describe('ScreenPairings (screen tokens)', () => {
  let db: Database.Database;
  let audit: AuditLog;
  let clock: ManualClock;
  let pairings: ScreenPairings;

  beforeEach(async () => {
    db = await openTestDatabase();
    clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    audit = new AuditLog(db, { clock });
    pairings = new ScreenPairings(db, { clock, audit });
  });
  afterEach(() => { db.close(); });

  it('gives a random token once, keeps only its SHA-256, and resolves it to its robot', () => {
    const { token, pairing } = pairings.pair('robot_1', 'nurse.li');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pairing).toEqual({ id: expect.any(String), robot: 'robot_1', createdBy: 'nurse.li', createdAtMs: clock.now() });
    const rows = db.prepare('SELECT * FROM screen_pairings').all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ robot: 'robot_1', created_by: 'nurse.li', token_hash: screenTokenDigest(token), revoked_at_ms: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(pairings.resolve(token)).toEqual(pairing);
    expect(pairings.active('robot_1')).toEqual(pairing);
    expect(pairings.active('robot_2')).toBeNull();
    expect(pairings.pair('robot_1', 'nurse.li').token).not.toBe(token);
  });

  it('resolves nothing for an unknown token, a staff-looking header, or anything that is not a token', () => {
    const { token } = pairings.pair('robot_1', 'nurse.li');
    for (const bad of [undefined, null, 42, '', 'x'.repeat(43), `${token}x`, `Screen ${token}`, token.slice(1)]) {
      expect(pairings.resolve(bad)).toBeNull();
    }
  });

  it('ends the old token when a robot is paired again, and every token on revoke, auditing each', () => {
    const first = pairings.pair('robot_1', 'nurse.li');
    const other = pairings.pair('robot_2', 'nurse.li');
    clock.jump(1_000);
    const second = pairings.pair('robot_1', 'eng.ma');
    expect(pairings.resolve(first.token)).toBeNull();
    expect(pairings.resolve(second.token)?.robot).toBe('robot_1');
    expect(db.prepare('SELECT revoked_by FROM screen_pairings WHERE id = ?').get(first.pairing.id)).toEqual({ revoked_by: 'eng.ma' });

    expect(pairings.revoke('robot_1', 'manager.sun')).toEqual([second.pairing.id]);
    expect(pairings.revoke('robot_1', 'manager.sun')).toEqual([]);
    expect(pairings.resolve(second.token)).toBeNull();
    expect(pairings.active('robot_1')).toBeNull();
    expect(pairings.resolve(other.token)?.robot).toBe('robot_2');

    const entries = audit.entries({ subjectType: 'screen_pairing', limit: 50 });
    expect(entries.map((e) => [e.action, e.actor.id, e.data])).toEqual([
      ['screen.paired', 'nurse.li', { robot: 'robot_1', replaced: [] }],
      ['screen.paired', 'nurse.li', { robot: 'robot_2', replaced: [] }],
      ['screen.paired', 'eng.ma', { robot: 'robot_1', replaced: [first.pairing.id] }],
      ['screen.revoked', 'manager.sun', { robot: 'robot_1' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain(second.token);
  });

  it('keeps pairings across a restart of the brain (same database)', () => {
    const { token } = pairings.pair('robot_1', 'nurse.li');
    const again = new ScreenPairings(db, { clock });
    expect(again.resolve(token)?.robot).toBe('robot_1');
  });
});
