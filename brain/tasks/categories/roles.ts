// Who may ask for each kind of task: engineers drive robots around, clinical work is for clinical
// staff. Read by the task route and by the plan validator, so a plan cannot do what its requester may not.
import type { StaffRole } from '../../../robot/index.js';

export const CATEGORY_ROLES: Readonly<Record<string, readonly StaffRole[]>> = {
  go_to_place: ['nurse', 'pharmacist', 'ward_manager', 'engineer'],
  ward_round: ['nurse', 'ward_manager'],
  health_education: ['nurse', 'ward_manager'],
  medication_delivery: ['nurse', 'pharmacist', 'ward_manager'],
  medication_return: ['pharmacist', 'ward_manager'],
};

/** Null when the roles allow the category, else the sentence that says who may. */
export function categoryForbidden(category: string, user: { username: string; roles: readonly string[] }): string | null {
  const allowed = CATEGORY_ROLES[category] ?? [];
  if (user.roles.some((r) => (allowed as readonly string[]).includes(r))) return null;
  return `${category} tasks need one of the roles ${allowed.join(', ') || '(none: the brain queues them itself)'}; ${user.username} has ${user.roles.join(', ') || '(none)'}`;
}
