import type { StaffRole } from '../../robot/index.js';

/** Who is signed in, as every route and the socket.io handshake see them. */
export interface SignedInUser {
  username: string;
  name: string;
  roles: StaffRole[];
}

/** An account as the API and CLI show it: never a hash. */
export interface Account {
  username: string;
  name: string;
  roles: StaffRole[];
  badge: string | null;
  disabled: boolean;
  hasPin: boolean;
  /** Set after too many failed sign-ins in a row; null when not locked. */
  lockedUntilMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface CreateAccountInput {
  username: string;
  name: string;
  roles: StaffRole[];
  password: string;
  badge?: string | null;
  pin?: string | null;
}

export interface AccountPatch {
  name?: string;
  roles?: StaffRole[];
  disabled?: boolean;
  /** null removes the badge. */
  badge?: string | null;
  /** A reset: ends the account's sessions and clears a lock. */
  password?: string;
  /** null removes the PIN (the account can then not sign in at a robot). */
  pin?: string | null;
}

export interface LoginResult {
  token: string;
  account: Account;
  expiresAtMs: number;
}

export type BadgeCheck =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: 'unknown_badge' | 'wrong_pin' | 'disabled' | 'locked' };

export interface FieldProblem {
  field: string;
  detail: string;
}

/** Input that breaks the account rules; every problem names its field. */
export class AccountInputError extends Error {
  override readonly name = 'AccountInputError';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.detail}`).join('; '));
  }
}

/** A taken username or badge, or a change that would leave the ward without a ward manager. */
export class AccountConflict extends Error {
  override readonly name = 'AccountConflict';
}

export class AccountNotFound extends Error {
  override readonly name = 'AccountNotFound';
  constructor(readonly username: string) {
    super(`no staff account "${username}"`);
  }
}

export class LoginRefused extends Error {
  override readonly name = 'LoginRefused';
  constructor(readonly reason: 'bad_credentials' | 'locked' | 'disabled', message: string, readonly lockedUntilMs: number | null = null) {
    super(message);
  }
}
