// Public surface of brain/: start the brain, and the contracts other parts may build on.
export { startBrain } from './start.js';
export type { Brain } from './start.js';
export { BrainConfigError } from './config.js';
export type { BrainOptions } from './config.js';
export { BRAIN_VERSION } from './version.js';

export type { TaskStore, TaskRecord, TaskEventRecord, TaskStatus, TaskQuery, NewTask, NewTaskEvent, TaskPatch, TaskChange } from './store/types.js';
export { TASK_STATUSES, LOG_TIERS, StoreValidationError, StoreConflictError, TaskNotFoundError } from './store/types.js';
export { SqliteTaskStore, SchemaVersionError } from './store/sqlite-store.js';

export type { RobotLink, RobotLinkEvents, GoalHandle, GoalOutcome, SendGoalOptions, LinkKind } from './link/types.js';
export { LINK_KINDS } from './link/types.js';
export { createRobotLink, LinkUnavailableError } from './link/factory.js';

export type { RobotState, RobotStatusWord } from './fleet/robot-state.js';
export { ROBOT_STATUSES } from './fleet/robot-state.js';
export type { Fleet } from './fleet/fleet.js';

export type { TaskState, LogEntry } from './tasks/task-state.js';
export type { TaskService } from './tasks/task-service.js';
export type { TaskCategory } from './tasks/categories/types.js';
export { TASK_CATEGORIES } from './tasks/categories/registry.js';
export { TASK_FAILURE_CODES } from './tasks/failure-codes.js';
export type { TaskFailureCode } from './tasks/failure-codes.js';
export { API_ERRORS } from './api/errors.js';
export type { LiveEvents } from './live/live-events.js';
export type { MapView, LevelView, PlaceView } from './api/map-view.js';

export { demoStaffSecrets, demoPassword, signIn, DEMO_PIN } from './demo-staff.js';
export type { Alert, AlertSeverity, AlertKind, WireAlert } from './alerts/index.js';
export type { SignedInUser } from './auth/index.js';
export type { WireAccount, WireLogin, WireMe } from './auth/auth-routes.js';
export type { WireAuditEntry, WireVerifyReport } from './audit/audit-routes.js';
export type { WireCustodyEntry } from './api/routes/ward-routes.js';
export type { CustodyKind } from './custody/custody-ledger.js';
export type { Recurrence, Weekday, TaskTemplate, OccurrenceOutcome } from './schedules/index.js';
