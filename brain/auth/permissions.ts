import type { StaffRole } from '../../robot/index.js';
import type { SignedInUser } from './account-types.js';

/** Roles whose work needs patients' names, record numbers and birth dates. */
export const CLINICAL_ROLES: readonly StaffRole[] = ['nurse', 'pharmacist', 'ward_manager'];

/** Roles that read ward-round answers (pain, sleep, breathing ...): the nursing side of the ward. */
export const ROUND_READER_ROLES: readonly StaffRole[] = ['nurse', 'ward_manager'];

/** An engineer-only account keeps robots running and sees logs, but not who the patients are. */
export function canSeePatientIdentifiers(user: SignedInUser | null): boolean {
  return user !== null && user.roles.some((r) => CLINICAL_ROLES.includes(r));
}

export function hasAnyRole(user: SignedInUser | null, roles: readonly StaffRole[]): boolean {
  return user !== null && user.roles.some((r) => roles.includes(r));
}
