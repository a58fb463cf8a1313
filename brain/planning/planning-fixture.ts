// Test fixture: the clinic ward, its records in an in-memory database, and a validation context.
import { loadWard, type WardMap } from '../../robot/index.js';
import { CLINIC_WARD_FILE } from '../../sim/index.js';
import { openTestDatabase } from '../store/module-schema.js';
import { WardRecords } from '../ward/ward-records.js';
import { ManualClock } from '../manual-clock.js';
import type { CheckContext } from '../tasks/categories/types.js';
import { DEFAULT_POLICY } from './policy.js';
import type { ValidationContext } from './validator.js';

export interface PlanningFixture {
  ward: WardMap;
  records: WardRecords;
  checkContext: CheckContext;
  context(over?: Partial<ValidationContext>): ValidationContext;
}

export const NOW = Date.parse('2026-11-22T09:00:00Z');
export const NURSE = { username: 'nurse.chen', roles: ['nurse'] as string[] };

export async function planningFixture(): Promise<PlanningFixture> {
  const ward = loadWard(CLINIC_WARD_FILE);
  const records = new WardRecords(await openTestDatabase(), ward, { clock: new ManualClock(NOW) });
  records.seedFromWard(ward);
  const checkContext: CheckContext = { directory: records, ordersInOpenTasks: () => new Set() };
  return {
    ward, records, checkContext,
    context: (over = {}) => ({
      ward, directory: records, checkContext, policy: DEFAULT_POLICY, requester: NURSE, fromFreeText: true, now: NOW, timeZone: 'Asia/Shanghai', ...over,
    }),
  };
}
