// The simulator profile's standing orders, so a fresh demo ward has a day to watch: ward rounds at
// 08:00 and 16:00, and health education every other day for the first patient with a condition.
// Created once, by the ward file's ward manager, only when the ward has no schedules yet.
import type { Brain } from '../brain/index.js';

export function createDemoSchedules(brain: Brain): string[] {
  if (brain.schedules.list().length > 0) return [];
  const manager = brain.ward.people.staff.find((s) => s.roles.includes('ward_manager'));
  if (!manager) return [];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: brain.schedules.timeZone }).format(new Date(brain.clock.now()));
  const made = [brain.schedules.create({
    name: 'Ward round (morning and afternoon)',
    recurrence: { times: ['08:00', '16:00'], every_days: 1, start_date: today },
    task_request: { category: 'ward_round', description: {} },
  }, manager.username)];
  const learner = brain.ward.people.patients.find((p) => p.bed && p.conditions.length > 0);
  if (learner) {
    made.push(brain.schedules.create({
      name: `Health education, ${learner.bed}`,
      recurrence: { times: ['10:30'], every_days: 2, start_date: today },
      task_request: { category: 'health_education', description: { patient: learner.recordNumber } },
    }, manager.username));
  }
  return made.map((s) => s.name);
}
