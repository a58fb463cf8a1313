// Staff accounts, their sign-in sessions, and badge + PIN checks at the robot. Secrets are kept
// only as scrypt hashes, session tokens only as SHA-256 digests; every change and every sign-in
// (or refused one) goes to the audit log in the same transaction as the change itself.
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { StaffMember } from '../../robot/index.js';
import type { AuditActor, AuditSink } from '../audit/index.js';
import type { BrainClock } from '../clock.js';
import { migrateModule } from '../store/module-schema.js';
import { accountFromRow, AUTH_MIGRATIONS, AUTH_MODULE, lockedUntil, rolesOf, userFromRow, type AccountRow } from './account-rows.js';
import {
  badgeProblems, nameProblems, passwordProblems, pinProblems, rolesProblems, usernameProblems,
} from './account-rules.js';
import {
  AccountConflict, AccountInputError, AccountNotFound, LoginRefused,
  type Account, type AccountPatch, type BadgeCheck, type CreateAccountInput, type FieldProblem, type LoginResult, type SignedInUser,
} from './account-types.js';
import { hashSecret, needsRehash, PASSWORD_SCRYPT, verifySecret, type ScryptParams } from './password-hash.js';

export interface AccountServiceOptions {
  clock: BrainClock;
  logger?: Logger;
  audit?: AuditSink;
  /** scrypt cost for new hashes; lower it (TEST_ONLY_SCRYPT) only in tests and benchmarks. */
  scrypt?: ScryptParams;
  /** A session ends this long after its last use (sliding). Default: one 8-hour shift. */
  sessionTtlMs?: number;
  /** Failed sign-ins (password or PIN) in a row that lock the account. Default 5. */
  maxFailedAttempts?: number;
  /** How long a lock lasts. Default 15 minutes. */
  lockMs?: number;
}

/** Who made a change, for the audit log; the brain itself when not given. */
export interface ChangeOptions {
  by?: AuditActor;
}

const SYSTEM: AuditActor = { kind: 'system', id: 'brain' };
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// Sliding the expiry on every request would write on every request; a minute's slack is invisible.
const SLIDE_STEP_MS = 60_000;
const PATCH_FIELDS = ['name', 'roles', 'disabled', 'badge', 'password', 'pin'] as const;

export const tokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export class AccountService {
  private readonly scrypt: ScryptParams;
  private readonly ttlMs: number;
  private readonly maxFailed: number;
  private readonly lockMs: number;
  private dummyHash: Promise<string> | null = null;

  constructor(private readonly db: Database.Database, private readonly opts: AccountServiceOptions) {
    migrateModule(db, AUTH_MODULE, AUTH_MIGRATIONS);
    this.scrypt = opts.scrypt ?? PASSWORD_SCRYPT;
    this.ttlMs = opts.sessionTtlMs ?? 8 * 3600_000;
    this.maxFailed = opts.maxFailedAttempts ?? 5;
    this.lockMs = opts.lockMs ?? 15 * 60_000;
  }

  private now(): number {
    return Math.round(this.opts.clock.now());
  }

  private row(username: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined;
  }

  private rowByBadge(badge: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE badge = ?').get(badge) as AccountRow | undefined;
  }

  private audit(actor: AuditActor, action: string, username: string, data?: Record<string, string | number | boolean | null | string[]>, reason?: string): void {
    this.opts.audit?.append({ actor, action, subject: { type: 'account', id: username }, ...(data ? { data } : {}), ...(reason ? { reason } : {}) });
  }

  account(username: string): Account | null {
    const row = this.row(username);
    return row ? accountFromRow(row, this.now()) : null;
  }

  accounts(): Account[] {
    const now = this.now();
    return (this.db.prepare('SELECT * FROM accounts ORDER BY username').all() as AccountRow[]).map((r) => accountFromRow(r, now));
  }

  async createAccount(input: CreateAccountInput, opts: ChangeOptions = {}): Promise<Account> {
    const problems: FieldProblem[] = [
      ...usernameProblems(input.username), ...nameProblems(input.name), ...rolesProblems(input.roles), ...passwordProblems(input.password),
      ...(input.badge == null ? [] : badgeProblems(input.badge)), ...(input.pin == null ? [] : pinProblems(input.pin)),
    ];
    if (problems.length) throw new AccountInputError(problems);
    this.checkFree(input.username, input.badge ?? null);
    const passwordHash = await hashSecret(input.password, this.scrypt);
    const pinHash = input.pin == null ? null : await hashSecret(input.pin, this.scrypt);
    return this.db.transaction(() => {
      // Checked again: another request may have taken the name while this one was hashing.
      this.checkFree(input.username, input.badge ?? null);
      const now = this.now();
      this.db.prepare(`INSERT INTO accounts (username, name, roles, badge, password_hash, pin_hash, created_at_ms, updated_at_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(input.username, input.name.trim(), JSON.stringify(input.roles), input.badge ?? null, passwordHash, pinHash, now, now);
      this.audit(opts.by ?? SYSTEM, 'account.created', input.username, { name: input.name.trim(), roles: input.roles, badge: input.badge ?? null, pin: pinHash !== null });
      return accountFromRow(this.row(input.username) as AccountRow, now);
    })();
  }

  private checkFree(username: string, badge: string | null, except?: string): void {
    if (except === undefined && this.row(username)) throw new AccountConflict(`username: "${username}" is taken`);
    if (badge === null) return;
    const holder = this.rowByBadge(badge);
    if (holder && holder.username !== except) throw new AccountConflict(`badge: "${badge}" belongs to ${holder.username}; remove it there first`);
  }

  /** Changes what `patch` names, all at once; a new password or disabling ends the account's sessions. */
  async updateAccount(username: string, patch: AccountPatch, opts: ChangeOptions = {}): Promise<Account> {
    const problems: FieldProblem[] = [];
    for (const key of Object.keys(patch)) {
      if (!(PATCH_FIELDS as readonly string[]).includes(key)) problems.push({ field: key, detail: `cannot be changed; the fields are ${PATCH_FIELDS.join(', ')}` });
    }
    if (patch.name !== undefined) problems.push(...nameProblems(patch.name));
    if (patch.roles !== undefined) problems.push(...rolesProblems(patch.roles));
    if (patch.disabled !== undefined && typeof patch.disabled !== 'boolean') problems.push({ field: 'disabled', detail: 'must be true or false' });
    if (patch.badge != null) problems.push(...badgeProblems(patch.badge));
    if (patch.password !== undefined) problems.push(...passwordProblems(patch.password));
    if (patch.pin != null) problems.push(...pinProblems(patch.pin));
    if (problems.length) throw new AccountInputError(problems);
    if (!this.row(username)) throw new AccountNotFound(username);
    if (patch.badge != null) this.checkFree(username, patch.badge, username);
    const passwordHash = patch.password === undefined ? undefined : await hashSecret(patch.password, this.scrypt);
    const pinHash = patch.pin === undefined ? undefined : patch.pin === null ? null : await hashSecret(patch.pin, this.scrypt);

    return this.db.transaction(() => {
      const before = this.row(username);
      if (!before) throw new AccountNotFound(username);
      if (patch.badge != null) this.checkFree(username, patch.badge, username);
      const roles = patch.roles ?? rolesOf(before);
      const disabled = patch.disabled ?? before.disabled !== 0;
      this.keepAWardManager(before, roles, disabled);
      const now = this.now();
      const sets: string[] = ['updated_at_ms = @now'];
      const args: Record<string, unknown> = { now, username };
      if (patch.name !== undefined) { sets.push('name = @name'); args.name = patch.name.trim(); }
      if (patch.roles !== undefined) { sets.push('roles = @roles'); args.roles = JSON.stringify(patch.roles); }
      if (patch.disabled !== undefined) { sets.push('disabled = @disabled'); args.disabled = patch.disabled ? 1 : 0; }
      if (patch.badge !== undefined) { sets.push('badge = @badge'); args.badge = patch.badge; }
      if (passwordHash !== undefined) {
        // A reset is how a ward manager lets a locked-out colleague back in.
        sets.push('password_hash = @passwordHash', 'failed_attempts = 0', 'locked_until_ms = NULL');
        args.passwordHash = passwordHash;
      }
      if (pinHash !== undefined) { sets.push('pin_hash = @pinHash'); args.pinHash = pinHash; }
      this.db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE username = @username`).run(args);
      if (passwordHash !== undefined || disabled) this.db.prepare('DELETE FROM sessions WHERE username = ?').run(username);
      const changed = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
      this.audit(opts.by ?? SYSTEM, 'account.updated', username, {
        changed,
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.badge !== undefined ? { badge: patch.badge } : {}),
      });
      return accountFromRow(this.row(username) as AccountRow, now);
    })();
  }

  /** Refuses a change that would leave no enabled ward manager: nobody could then manage accounts from the dashboard. */
  private keepAWardManager(before: AccountRow, roles: readonly string[], disabled: boolean): void {
    const wasManager = before.disabled === 0 && rolesOf(before).includes('ward_manager');
    if (!wasManager || (!disabled && roles.includes('ward_manager'))) return;
    const others = (this.db.prepare('SELECT roles FROM accounts WHERE disabled = 0 AND username != ?').all(before.username) as { roles: string }[])
      .filter((r) => rolesOf(r).includes('ward_manager')).length;
    if (others === 0) {
      throw new AccountConflict(`${before.username} is the last enabled ward_manager; give another account the ward_manager role first`);
    }
  }

  disable(username: string, opts: ChangeOptions = {}): Promise<Account> {
    return this.updateAccount(username, { disabled: true }, opts);
  }

  setPassword(username: string, password: string, opts: ChangeOptions = {}): Promise<Account> {
    return this.updateAccount(username, { password }, opts);
  }

  setPin(username: string, pin: string | null, opts: ChangeOptions = {}): Promise<Account> {
    return this.updateAccount(username, { pin }, opts);
  }

  // Unknown usernames and badges still cost one hash, so the answer time does not tell which exist.
  private spendAHash(secret: string): Promise<boolean> {
    this.dummyHash ??= hashSecret(randomBytes(16).toString('hex'), this.scrypt);
    return this.dummyHash.then((h) => verifySecret(secret, h));
  }

  /** Counts a failed password or PIN; returns the lock's end when this failure locked the account. */
  private recordFailure(username: string, actor: AuditActor, what: 'password' | 'pin'): number | null {
    return this.db.transaction(() => {
      this.db.prepare('UPDATE accounts SET failed_attempts = failed_attempts + 1 WHERE username = ?').run(username);
      const row = this.row(username);
      if (!row || row.failed_attempts < this.maxFailed) {
        this.audit(actor, what === 'password' ? 'session.refused' : 'badge.refused', username, { reason: `wrong_${what}` });
        return null;
      }
      const until = this.now() + this.lockMs;
      this.db.prepare('UPDATE accounts SET failed_attempts = 0, locked_until_ms = ? WHERE username = ?').run(until, username);
      this.audit(actor, 'account.locked', username, { lockedUntilMs: until, after: `${this.maxFailed} failed sign-ins in a row` });
      this.opts.logger?.warn({ username, lockedUntilMs: until }, 'staff account locked after repeated failed sign-ins');
      return until;
    })();
  }

  private lockedMessage(username: string, until: number): string {
    return `account "${username}" is locked until ${new Date(until).toISOString()} after ${this.maxFailed} failed sign-ins in a row; wait, or ask a ward manager to reset the password`;
  }

  async login(username: string, password: string): Promise<LoginResult> {
    const actor: AuditActor = { kind: 'staff', id: String(username).slice(0, 200) || '(empty)' };
    const row = typeof username === 'string' ? this.row(username) : undefined;
    const secret = typeof password === 'string' ? password : '';
    if (!row) {
      await this.spendAHash(secret);
      this.audit(actor, 'session.refused', actor.id, { reason: 'unknown_username' });
      throw new LoginRefused('bad_credentials', 'wrong username or password');
    }
    const lock = lockedUntil(row, this.now());
    if (lock !== null) {
      this.audit(actor, 'session.refused', username, { reason: 'locked' });
      throw new LoginRefused('locked', this.lockedMessage(username, lock), lock);
    }
    if (!(await verifySecret(secret, row.password_hash))) {
      const lockedNow = this.recordFailure(username, actor, 'password');
      if (lockedNow !== null) throw new LoginRefused('locked', this.lockedMessage(username, lockedNow), lockedNow);
      throw new LoginRefused('bad_credentials', 'wrong username or password');
    }
    if (row.disabled) {
      this.audit(actor, 'session.refused', username, { reason: 'disabled' });
      throw new LoginRefused('disabled', `account "${username}" is disabled; ask a ward manager to enable it`);
    }
    const upgraded = needsRehash(row.password_hash, this.scrypt) ? await hashSecret(secret, this.scrypt) : null;
    const token = randomBytes(32).toString('base64url');
    return this.db.transaction(() => {
      const now = this.now();
      const current = this.row(username);
      if (!current || current.disabled) throw new LoginRefused('disabled', `account "${username}" is disabled; ask a ward manager to enable it`);
      if (upgraded && current.password_hash === row.password_hash) this.db.prepare('UPDATE accounts SET password_hash = ? WHERE username = ?').run(upgraded, username);
      this.db.prepare('UPDATE accounts SET failed_attempts = 0 WHERE username = ?').run(username);
      this.db.prepare('DELETE FROM sessions WHERE expires_at_ms <= ?').run(now);
      const expiresAtMs = now + this.ttlMs;
      this.db.prepare('INSERT INTO sessions (token_hash, username, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)').run(tokenDigest(token), username, now, expiresAtMs);
      this.audit(actor, 'session.started', username, { expiresAtMs });
      return { token, account: accountFromRow(current, now), expiresAtMs };
    })();
  }

  /** Ends the session; false if the token was not a live session. */
  logout(token: string): boolean {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return false;
    return this.db.transaction(() => {
      const s = this.db.prepare('SELECT username FROM sessions WHERE token_hash = ?').get(tokenDigest(token)) as { username: string } | undefined;
      if (!s) return false;
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenDigest(token));
      this.audit({ kind: 'staff', id: s.username }, 'session.ended', s.username);
      return true;
    })();
  }

  /** The signed-in user behind a token, or null; each use moves the session's end one TTL ahead. */
  resolve(token: string): SignedInUser | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const digest = tokenDigest(token);
    const row = this.db.prepare(`SELECT s.expires_at_ms, a.username, a.name, a.roles, a.disabled
      FROM sessions s JOIN accounts a ON a.username = s.username WHERE s.token_hash = ?`).get(digest) as
      { expires_at_ms: number; username: string; name: string; roles: string; disabled: number } | undefined;
    if (!row) return null;
    const now = this.now();
    if (row.expires_at_ms <= now || row.disabled) {
      this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(digest);
      return null;
    }
    if (now + this.ttlMs - row.expires_at_ms >= SLIDE_STEP_MS) {
      this.db.prepare('UPDATE sessions SET expires_at_ms = ? WHERE token_hash = ?').run(now + this.ttlMs, digest);
    }
    return userFromRow(row);
  }

  /** A badge and PIN presented at a robot (its AuthenticateStaff action). Wrong PINs count towards the lock. */
  async verifyBadge(badgeId: string, pin: string, opts: { robot?: string } = {}): Promise<BadgeCheck> {
    const actor: AuditActor = opts.robot ? { kind: 'robot', id: opts.robot } : SYSTEM;
    const row = typeof badgeId === 'string' && badgeProblems(badgeId).length === 0 ? this.rowByBadge(badgeId) : undefined;
    const secret = typeof pin === 'string' ? pin : '';
    if (!row) {
      await this.spendAHash(secret);
      this.opts.audit?.append({ actor, action: 'badge.refused', subject: { type: 'badge', id: String(badgeId).slice(0, 64) || '(empty)' }, data: { reason: 'unknown_badge' } });
      return { ok: false, reason: 'unknown_badge' };
    }
    const refuse = (reason: 'wrong_pin' | 'disabled' | 'locked'): BadgeCheck => {
      this.audit(actor, 'badge.refused', row.username, { reason, badge: badgeId });
      return { ok: false, reason };
    };
    if (row.disabled) return refuse('disabled');
    if (lockedUntil(row, this.now()) !== null) return refuse('locked');
    const ok = row.pin_hash === null ? (await this.spendAHash(secret), false) : await verifySecret(secret, row.pin_hash);
    if (!ok) return this.recordFailure(row.username, actor, 'pin') === null ? { ok: false, reason: 'wrong_pin' } : { ok: false, reason: 'locked' };
    this.db.transaction(() => {
      this.db.prepare('UPDATE accounts SET failed_attempts = 0 WHERE username = ?').run(row.username);
      this.audit(actor, 'badge.verified', row.username, { badge: badgeId });
    })();
    return { ok: true, user: userFromRow(row) };
  }

  /** Creates the ward file's staff that have no account yet (demo profile, tests); returns who was created. */
  async seedFromWard(staff: readonly StaffMember[], secrets: Record<string, { password: string; pin?: string | null }>): Promise<string[]> {
    const missing = staff.filter((s) => !this.row(s.username));
    const problems = missing.filter((s) => !secrets[s.username]).map((s) => ({ field: `secrets.${s.username}`, detail: 'missing: give a password (and a PIN for robot sign-in)' }));
    if (problems.length) throw new AccountInputError(problems);
    const created: string[] = [];
    for (const s of missing) {
      const secret = secrets[s.username] as { password: string; pin?: string | null };
      await this.createAccount({ username: s.username, name: s.name, roles: s.roles, badge: s.badge, password: secret.password, pin: secret.pin ?? null }, { by: { kind: 'system', id: 'seed' } });
      created.push(s.username);
    }
    return created;
  }
}
