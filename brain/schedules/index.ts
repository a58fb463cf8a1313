// Recurring tasks (ward rounds at 08:00 and 16:00, health education every other day) on the brain's clock.
export { ScheduleService, ScheduleNotFound, DEFAULT_GRACE_MS } from './schedule-service.js';
export type { Schedule, Occurrence, ScheduleServiceOptions, ScheduleAuditEntry, AuditJson, DispatchScheduled } from './schedule-service.js';
export { ScheduleValidationError } from './schedule-input.js';
export type { ScheduleInput, SchedulePatch } from './schedule-input.js';
export { OCCURRENCE_OUTCOMES } from './schedule-store.js';
export type { OccurrenceOutcome } from './schedule-store.js';
export { WEEKDAYS, checkRecurrence, nextOccurrences } from './recurrence.js';
export type { Recurrence, Weekday } from './recurrence.js';
export { scheduleLabel } from './task-template.js';
export type { TaskTemplate, ScheduledDispatchRequest } from './task-template.js';
export { formatLocal, timeZoneProblem } from './zoned-time.js';
export { registerScheduleRoutes, SCHEDULE_EDITOR_ROLES } from './schedule-routes.js';
export type { ScheduleRouteOptions } from './schedule-routes.js';
