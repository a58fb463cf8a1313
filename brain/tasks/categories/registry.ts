// The task categories the brain accepts. Adding one (ward_round, health_education,
// medication_delivery) means adding its file and listing it here; validation and the OpenAPI
// document both read its description schema from this one place.
import { medicationDelivery } from '../../workflows/delivery/delivery-category.js';
import { goToPlace } from './go-to-place.js';
import type { TaskCategory } from './types.js';

export const TASK_CATEGORIES: readonly TaskCategory[] = [goToPlace, medicationDelivery];

export function findCategory(name: string): TaskCategory | undefined {
  return TASK_CATEGORIES.find((c) => c.name === name);
}

export function categoryNames(): string[] {
  return TASK_CATEGORIES.map((c) => c.name);
}
