import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type Database from 'better-sqlite3';
import { AuditLog } from '../audit/index.js';
import { openTestDatabase } from '../store/module-schema.js';
import { AccountService } from './account-service.js';
import { AccountConflict, AccountInputError, AccountNotFound, LoginRefused } from './account-types.js';
import { TEST_ONLY_SCRYPT } from './password-hash.js';
import { ManualClock } from '../manual-clock.js';

const PASSWORD = 'ward-seven-rounds';
const MINUTE = 60_000;

describe('AccountService', () => {
  let db: Database.Database;
  let clock: ManualClock;
  let audit: AuditLog;
  let accounts: AccountService;

  beforeEach(async () => {
    db = await openTestDatabase();
    clock = new ManualClock(Date.UTC(2025, 2, 3, 8, 0, 0));
    audit = new AuditLog(db, { clock });
    accounts = new AccountService(db, { clock, audit, scrypt: TEST_ONLY_SCRYPT });
    await accounts.createAccount({ username: 'manager.chen', name: 'Chen Jing', roles: ['ward_manager'], password: PASSWORD });
    await accounts.createAccount({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], password: PASSWORD, badge: 'B-1001', pin: '4821' });
  });
  afterEach(() => { db.close(); });

  const refusal = async (p: Promise<unknown>): Promise<LoginRefused> => {
    try {
      await p;
    } catch (err) {
      if (err instanceof LoginRefused) return err;
      throw err;
    }
    throw new Error('expected the sign-in to be refused');
  };

  it('creates accounts without ever exposing or storing a secret in clear', async () => {
    const a = accounts.account('nurse.li');
    expect(a).toEqual({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'], badge: 'B-1001', disabled: false, hasPin: true, lockedUntilMs: null, createdAtMs: clock.now(), updatedAtMs: clock.now() });
    const row = db.prepare('SELECT password_hash, pin_hash FROM accounts WHERE username = ?').get('nurse.li') as { password_hash: string; pin_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(row.pin_hash).not.toContain('4821');
    expect(JSON.stringify(audit.entries({ limit: 100 }))).not.toMatch(/scrypt|ward-seven|4821/);
    expect(accounts.accounts().map((x) => x.username)).toEqual(['manager.chen', 'nurse.li']);
  });

  it('names every bad field, and refuses taken usernames and badges', async () => {
    const err = await accounts.createAccount({ username: 'Bad Name', name: ' ', roles: ['surgeon' as never], password: 'short', pin: '12' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccountInputError);
    expect((err as AccountInputError).problems.map((p) => p.field)).toEqual(['username', 'name', 'roles[0]', 'password', 'pin']);
    await expect(accounts.createAccount({ username: 'x.y', name: 'X', roles: [], password: PASSWORD })).rejects.toThrow(/roles: must list at least one/);
    await expect(accounts.createAccount({ username: 'nurse.li', name: 'Other', roles: ['nurse'], password: PASSWORD })).rejects.toThrow(AccountConflict);
    await expect(accounts.createAccount({ username: 'nurse.wang', name: 'Wang', roles: ['nurse'], password: PASSWORD, badge: 'B-1001' }))
      .rejects.toThrow('badge: "B-1001" belongs to nurse.li; remove it there first');
  });

  it('signs in, resolves the token with a sliding 8-hour expiry, and signs out', async () => {
    const { token, account, expiresAtMs } = await accounts.login('nurse.li', PASSWORD);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(account.username).toBe('nurse.li');
    expect(expiresAtMs).toBe(clock.now() + 8 * 3600_000);
    const stored = db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]?.token_hash).not.toContain(token);
    expect(accounts.resolve(token)).toEqual({ username: 'nurse.li', name: 'Li Na', roles: ['nurse'] });
    clock.jump(7 * 3600_000);
    expect(accounts.resolve(token)).not.toBeNull(); // used: the session now ends 8 h from here
    clock.jump(7 * 3600_000);
    expect(accounts.resolve(token)).not.toBeNull();
    clock.jump(8 * 3600_000 + 1);
    expect(accounts.resolve(token)).toBeNull();
    const second = await accounts.login('nurse.li', PASSWORD);
    expect(accounts.logout(second.token)).toBe(true);
    expect(accounts.resolve(second.token)).toBeNull();
    expect(accounts.logout(second.token)).toBe(false);
    expect(accounts.resolve('not-a-token')).toBeNull();
    expect(audit.entries({ subjectId: 'nurse.li', limit: 50 }).map((e) => e.action)).toEqual(['account.created', 'session.started', 'session.started', 'session.ended']);
  });

  it('locks an account for 15 minutes after 5 wrong passwords in a row, and a reset lifts it', async () => {
    for (let i = 0; i < 4; i++) expect((await refusal(accounts.login('nurse.li', 'wrong-password!'))).reason).toBe('bad_credentials');
    const locked = await refusal(accounts.login('nurse.li', 'wrong-password!'));
    expect(locked.reason).toBe('locked');
    expect(locked.message).toBe(`account "nurse.li" is locked until ${new Date(clock.now() + 15 * MINUTE).toISOString()} after 5 failed sign-ins in a row; wait, or ask a ward manager to reset the password`);
    expect((await refusal(accounts.login('nurse.li', PASSWORD))).reason).toBe('locked');
    expect(await accounts.verifyBadge('B-1001', '4821')).toEqual({ ok: false, reason: 'locked' });
    expect(accounts.account('nurse.li')?.lockedUntilMs).toBe(clock.now() + 15 * MINUTE);
    clock.jump(15 * MINUTE + 1);
    expect((await accounts.login('nurse.li', PASSWORD)).account.lockedUntilMs).toBeNull();

    for (let i = 0; i < 5; i++) await refusal(accounts.login('nurse.li', 'wrong-password!'));
    await accounts.setPassword('nurse.li', 'a-brand-new-one', { by: { kind: 'staff', id: 'manager.chen' } });
    expect((await accounts.login('nurse.li', 'a-brand-new-one')).account.username).toBe('nurse.li');
    expect(audit.entries({ subjectId: 'nurse.li', limit: 100 }).filter((e) => e.action === 'account.locked')).toHaveLength(2);
  });

  it('a successful sign-in resets the count of failures', async () => {
    for (let i = 0; i < 4; i++) await refusal(accounts.login('nurse.li', 'wrong-password!'));
    await accounts.login('nurse.li', PASSWORD);
    for (let i = 0; i < 4; i++) expect((await refusal(accounts.login('nurse.li', 'wrong-password!'))).reason).toBe('bad_credentials');
  });

  it('answers unknown usernames like wrong passwords, and disabled accounts only with the right password', async () => {
    expect((await refusal(accounts.login('nobody', PASSWORD))).message).toBe('wrong username or password');
    const { token } = await accounts.login('nurse.li', PASSWORD);
    await accounts.disable('nurse.li');
    expect(accounts.resolve(token)).toBeNull();
    expect((await refusal(accounts.login('nurse.li', 'wrong-password!'))).reason).toBe('bad_credentials');
    expect((await refusal(accounts.login('nurse.li', PASSWORD))).message).toMatch(/disabled; ask a ward manager/);
    expect(await accounts.verifyBadge('B-1001', '4821')).toEqual({ ok: false, reason: 'disabled' });
  });

  it('checks a badge and PIN at the robot', async () => {
    expect(await accounts.verifyBadge('B-1001', '4821', { robot: 'robot_1' })).toEqual({ ok: true, user: { username: 'nurse.li', name: 'Li Na', roles: ['nurse'] } });
    expect(await accounts.verifyBadge('B-1001', '0000')).toEqual({ ok: false, reason: 'wrong_pin' });
    expect(await accounts.verifyBadge('B-9999', '4821')).toEqual({ ok: false, reason: 'unknown_badge' });
    expect(await accounts.verifyBadge('manager has no badge', '4821')).toEqual({ ok: false, reason: 'unknown_badge' });
    const verified = audit.entries({ subjectId: 'nurse.li', limit: 10 }).find((e) => e.action === 'badge.verified');
    expect(verified?.actor).toEqual({ kind: 'robot', id: 'robot_1' });
    await accounts.setPin('nurse.li', null);
    expect(await accounts.verifyBadge('B-1001', '4821')).toEqual({ ok: false, reason: 'wrong_pin' });
  });

  it('updates what the patch names and keeps at least one enabled ward manager', async () => {
    const updated = await accounts.updateAccount('nurse.li', { name: 'Li Na (RN)', roles: ['nurse', 'ward_manager'], badge: 'B-2002' });
    expect(updated).toMatchObject({ name: 'Li Na (RN)', roles: ['nurse', 'ward_manager'], badge: 'B-2002' });
    await accounts.updateAccount('manager.chen', { disabled: true });
    await expect(accounts.updateAccount('nurse.li', { roles: ['nurse'] })).rejects.toThrow(/last enabled ward_manager/);
    await expect(accounts.disable('nurse.li')).rejects.toThrow(AccountConflict);
    await expect(accounts.updateAccount('nobody', { name: 'X' })).rejects.toThrow(AccountNotFound);
    await expect(accounts.updateAccount('nurse.li', { password: 'short' })).rejects.toThrow('password: must be at least 10 characters');
    await expect(accounts.updateAccount('nurse.li', { hash: 'x' } as never)).rejects.toThrow(/hash: cannot be changed/);
  });

  it('seeds the ward\'s staff that have no account, and names missing secrets', async () => {
    const staff = [
      { username: 'nurse.li', name: 'Li Na', roles: ['nurse' as const], badge: 'B-1001' },
      { username: 'pharm.zhou', name: 'Zhou Min', roles: ['pharmacist' as const], badge: 'B-3003' },
    ];
    await expect(accounts.seedFromWard(staff, {})).rejects.toThrow('secrets.pharm.zhou: missing');
    expect(await accounts.seedFromWard(staff, { 'pharm.zhou': { password: 'pharmacy-demo-1', pin: '7777' } })).toEqual(['pharm.zhou']);
    expect(await accounts.seedFromWard(staff, {})).toEqual([]);
    expect(await accounts.verifyBadge('B-3003', '7777')).toMatchObject({ ok: true });
  });

  it('upgrades a cheap hash to the configured cost on the next sign-in', async () => {
    const strict = new AccountService(db, { clock, scrypt: { N: 2 ** 12, r: 8, p: 1 } });
    await strict.login('nurse.li', PASSWORD);
    const row = db.prepare('SELECT password_hash FROM accounts WHERE username = ?').get('nurse.li') as { password_hash: string };
    expect(row.password_hash.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect((await strict.login('nurse.li', PASSWORD)).account.username).toBe('nurse.li');
  });
});
