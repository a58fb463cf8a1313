// What a valid account looks like. Each check returns problems naming the field, so that a form or
// the CLI can show all of them at once.
import { STAFF_ROLES, type StaffRole } from '../../robot/index.js';
import type { FieldProblem } from './account-types.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const PIN_PATTERN = /^[0-9]{4,8}$/;
const BADGE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export function usernameProblems(value: unknown, field = 'username'): FieldProblem[] {
  if (typeof value !== 'string' || !USERNAME_PATTERN.test(value)) {
    return [{ field, detail: 'must be 2-64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit (e.g. "nurse.li")' }];
  }
  return [];
}

export function nameProblems(value: unknown, field = 'name'): FieldProblem[] {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > 200) {
    return [{ field, detail: 'must be the person\'s display name, 1-200 characters' }];
  }
  return [];
}

export function rolesProblems(value: unknown, field = 'roles'): FieldProblem[] {
  if (!Array.isArray(value) || value.length === 0) return [{ field, detail: `must list at least one of ${STAFF_ROLES.join(', ')}` }];
  const problems: FieldProblem[] = [];
  value.forEach((r, i) => {
    if (!STAFF_ROLES.includes(r as StaffRole)) problems.push({ field: `${field}[${i}]`, detail: `"${String(r)}" is not a role; roles are ${STAFF_ROLES.join(', ')}` });
  });
  if (new Set(value).size !== value.length) problems.push({ field, detail: 'lists a role twice' });
  return problems;
}

export function passwordProblems(value: unknown, field = 'password'): FieldProblem[] {
  if (typeof value !== 'string') return [{ field, detail: 'must be a string' }];
  if (value.length < MIN_PASSWORD_LENGTH) return [{ field, detail: `must be at least ${MIN_PASSWORD_LENGTH} characters` }];
  if (value.length > MAX_PASSWORD_LENGTH) return [{ field, detail: `must be at most ${MAX_PASSWORD_LENGTH} characters` }];
  if (value.trim().length === 0) return [{ field, detail: 'must not be only spaces' }];
  return [];
}

export function pinProblems(value: unknown, field = 'pin'): FieldProblem[] {
  if (typeof value !== 'string' || !PIN_PATTERN.test(value)) return [{ field, detail: 'must be 4 to 8 digits' }];
  return [];
}

export function badgeProblems(value: unknown, field = 'badge'): FieldProblem[] {
  if (typeof value !== 'string' || !BADGE_PATTERN.test(value)) return [{ field, detail: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' }];
  return [];
}
