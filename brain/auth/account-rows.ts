// The accounts and sessions tables and how a row becomes what callers see.
import type { StaffRole } from '../../robot/index.js';
import type { ModuleMigration } from '../store/module-schema.js';
import type { Account, SignedInUser } from './account-types.js';

export const AUTH_MODULE = 'auth';

export const AUTH_MIGRATIONS: readonly ModuleMigration[] = [{
  version: 1,
  sql: `
    CREATE TABLE accounts (
      username TEXT PRIMARY KEY NOT NULL,
      name TEXT NOT NULL,
      roles TEXT NOT NULL,
      badge TEXT UNIQUE,
      password_hash TEXT NOT NULL,
      pin_hash TEXT,
      disabled INTEGER NOT NULL DEFAULT 0,
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until_ms INTEGER,
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL
    );
    -- Only the SHA-256 of a session token is kept: a copy of the database signs nobody in.
    CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY NOT NULL,
      username TEXT NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
      created_at_ms INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL
    );
    CREATE INDEX sessions_username ON sessions (username);
  `,
}];

export interface AccountRow {
  username: string;
  name: string;
  roles: string;
  badge: string | null;
  password_hash: string;
  pin_hash: string | null;
  disabled: number;
  failed_attempts: number;
  locked_until_ms: number | null;
  created_at_ms: number;
  updated_at_ms: number;
}

export function rolesOf(row: { roles: string }): StaffRole[] {
  return JSON.parse(row.roles) as StaffRole[];
}

export function lockedUntil(row: AccountRow, nowMs: number): number | null {
  return row.locked_until_ms !== null && row.locked_until_ms > nowMs ? row.locked_until_ms : null;
}

export function accountFromRow(row: AccountRow, nowMs: number): Account {
  return {
    username: row.username,
    name: row.name,
    roles: rolesOf(row),
    badge: row.badge,
    disabled: row.disabled !== 0,
    hasPin: row.pin_hash !== null,
    lockedUntilMs: lockedUntil(row, nowMs),
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

export function userFromRow(row: { username: string; name: string; roles: string }): SignedInUser {
  return { username: row.username, name: row.name, roles: rolesOf(row) };
}
