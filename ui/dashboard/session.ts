// Who is signed in on this tab: the token lives in sessionStorage (gone when the tab closes), and every
// call that changes anything sends it. A 401 from any call ends the session with the server's reason.
import type { SignedInUser } from './api-types.js';

const STORAGE_KEY = 'ward.session';

export interface Session {
  token: string;
  user: SignedInUser;
  expiresAtMs: number | null;
}

function read(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.token !== 'string' || typeof parsed.user?.username !== 'string') return null;
    if (typeof parsed.expiresAtMs === 'number' && parsed.expiresAtMs < Date.now()) return null;
    return { token: parsed.token, user: parsed.user, expiresAtMs: parsed.expiresAtMs ?? null };
  } catch {
    return null;
  }
}

function write(session: Session | null): void {
  try {
    if (session) globalThis.sessionStorage?.setItem(STORAGE_KEY, JSON.stringify(session));
    else globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch { /* storage refused: the session lasts for this page only */ }
}

let current: Session | null = read();
/** Why the last session ended, when the server ended it (shown on the sign-in panel). */
let endedBecause: string | null = null;
const listeners = new Set<() => void>();

export const session = (): Session | null => current;
export const sessionEndReason = (): string | null => endedBecause;
export const hasRole = (...roles: string[]): boolean => current?.user.roles.some((r) => roles.includes(r)) ?? false;

export function onSessionChange(fn: () => void): void { listeners.add(fn); }

function changed(): void {
  for (const fn of listeners) fn();
}

export function startSession(next: Session): void {
  current = next;
  endedBecause = null;
  write(next);
  changed();
}

/** Signed out by the user (reason null) or by the server (401: the reason is shown at sign-in). */
export function endSession(reason: string | null): void {
  if (!current && reason === endedBecause) return;
  current = null;
  endedBecause = reason;
  write(null);
  changed();
}

export function authHeader(): Record<string, string> {
  return current ? { authorization: `Bearer ${current.token}` } : {};
}
