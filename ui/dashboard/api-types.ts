// The brain's HTTP and socket.io shapes, taken from the brain's own types: type-only imports, which the
// bundler erases, so nothing of the server reaches the browser. Metres and radians in the ROS map frame
// (x right, y up, yaw counter-clockwise from +x); times are Unix milliseconds.
import type {
  AlertSeverity as BrainAlertSeverity, CustodyKind as BrainCustodyKind, LevelView, LiveEvents, LogEntry, MapView, PlaceView, RobotState as BrainRobotState, RobotStatusWord,
  SignedInUser as BrainSignedInUser, TaskFailureCode, TaskState as BrainTaskState, TaskStatus as BrainTaskStatus, WireAlert, WireLogin,
  Recurrence as BrainRecurrence, TaskTemplate, WireCustodyEntry,
} from '../../brain/index.js';
import type { PlaceKind as WardPlaceKind, StaffRole } from '../../robot/index.js';
import type { modeToWire, planToWire } from '../../brain/planning/plan-wire.js';
import type {
  WireDelivery, WireEducationTopic, WirePatientHistory, WireReportSummary, WireRoundVisit,
} from '../../brain/reports/index.js';
import type { WireAuditEntry, WireVerifyReport } from '../../brain/index.js';

export type Level = LevelView;
export type Segment = LevelView['walls'][number];
export type Bounds = LevelView['bounds'];
/** A floor-plan image whose top-left corner sits at (x, y), reaching +x by width and −y by height. */
export type Drawing = NonNullable<LevelView['drawing']>;
export type Door = LevelView['doors'][number];
export type Place = PlaceView;
export type BuildingMap = MapView;
export type Lang = keyof PlaceView['label'];

export type PlaceKind = WardPlaceKind;
export type RobotStatus = RobotStatusWord;
export type RobotState = BrainRobotState;
export type Pose = RobotState['pose'];
export type TaskStatus = BrainTaskStatus;
export type TaskState = BrainTaskState;
export type TaskLogEntry = LogEntry;
export interface TaskLog { task_id: string; log: TaskLogEntry[] }
/** socket.io events the brain emits; alerts in the same shape as `GET /api/alerts`. */
export type ServerEvents = LiveEvents;

/** Every value of a union, checked: adding a kind or code on the server fails the type check here. */
const all = <T extends string>() => <L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> })) => list;

/** The order the dashboard lists place kinds in (form groups, legend). */
export const PLACE_KINDS = all<PlaceKind>()(['bed', 'pharmacy', 'nurse_station', 'charger', 'waypoint', 'parking', 'lift'] as const);
export const FAILURE_CODES = all<TaskFailureCode>()([
  'no_route', 'unknown_place', 'robot_unreachable', 'goal_rejected', 'aborted', 'link_lost', 'timeout', 'brain_restarted', 'low_battery',
  'not_loaded', 'not_delivered', 'handed_back', 'skill_failed', 'nothing_done',
] as const);

export interface ApiError { code: string | number; category: string; detail: string }

/** What each task category's description says, as the dashboard sends it. */
export interface TaskDescriptions {
  go_to_place: { place: string };
  /** No beds: the whole ward. */
  ward_round: { beds?: string[] };
  health_education: { patient: string; topics?: string[] };
  medication_delivery: { orders: string[] };
}
export type DashboardCategory = keyof TaskDescriptions;
export const DASHBOARD_CATEGORIES = ['ward_round', 'health_education', 'medication_delivery', 'go_to_place'] as const satisfies readonly DashboardCategory[];

export type TaskRequest = {
  [C in DashboardCategory]: { category: C; description: TaskDescriptions[C]; priority?: Record<string, unknown>; requester?: string };
}[DashboardCategory];

export interface DispatchTaskRequest {
  type: 'dispatch_task_request';
  request: TaskRequest;
}

export type { StaffRole };
export type SignedInUser = BrainSignedInUser;
/** `POST /api/auth/login`: `{ token, expires_at_ms, user }`. */
export type LoginAnswer = WireLogin;

export interface WardPatient {
  record_number: string;
  /** A pseudonym token for engineer-only accounts. */
  name: string;
  bed: string | null;
  language: Lang;
  conditions: string[];
  allergies: string[];
}

export interface MedicationOrder {
  id: string;
  /** Patient record number. */
  patient: string;
  medication: { display: string };
  dosage: string;
  status: string;
  controlled: boolean;
}

export type AlertSeverity = BrainAlertSeverity;
/** An alert as `GET /api/alerts` and the socket.io `alert` / `alert_acknowledged` events carry it (snake_case). */
export type WardAlert = WireAlert;

export type StaffInput = 'load' | 'unload';

export interface RoundAnswer { question: string; text: string; value: unknown; unclear: boolean }
export interface RoundBed {
  bed: string;
  patient: string | null;
  status: string;
  answers: RoundAnswer[];
  alerts: WardAlert[];
  summary: Record<Lang, string>;
}
export interface RoundSummary { task_id: string; beds: RoundBed[] }

/** A refusal from the API, or success. */
export type ActionResult = { success: true } | { success: false; errors: ApiError[] };

/** A task made at once (`state`), or a request waiting for a nurse's approval (`plan`: medication asked for by someone else). */
export type DispatchResult =
  | { success: true; state: TaskState; plan?: undefined }
  | { success: true; state?: undefined; plan: WirePlan }
  | { success: false; errors: ApiError[] };

export interface CancelResult { success: boolean; state?: TaskState; errors?: ApiError[] }

// Custody of a delivery

export type CustodyKind = BrainCustodyKind;
export const CUSTODY_KINDS = all<CustodyKind>()([
  'load_authorized', 'loaded', 'patient_identified', 'identity_failed', 'staff_authenticated', 'staff_refused',
  'drawer_unlocked', 'handed_over', 'not_delivered', 'returned', 'unloaded',
] as const);
/** One step of `GET /api/tasks/:id/custody` (snake_case). */
export type CustodyEntry = WireCustodyEntry;
/** A FHIR MedicationDispense, read down to what the table shows. */
export interface DispenseRow {
  id: string;
  /** The order (MedicationRequest id). */
  order: string;
  status: string;
  medication: string;
  receiver: string;
  patient: string;
  /** Unix ms; null when the resource has no readable time. */
  when_ms: number | null;
  reason: string | null;
}
export interface Custody { task_id: string; custody: CustodyEntry[]; dispenses: DispenseRow[] }

// Schedules

export type Recurrence = BrainRecurrence;
export interface ScheduleWhen { unix_millis: number; local: string }
/** A schedule as `GET /api/schedules` lists it. */
export interface Schedule {
  id: string;
  name: string;
  enabled: boolean;
  recurrence: Recurrence;
  task_request: TaskTemplate;
  time_zone: string;
  next: ScheduleWhen | null;
  created_by: string;
}
/** The body of `POST /api/schedules`. */
export interface ScheduleInput {
  name: string;
  enabled?: boolean;
  recurrence: Recurrence;
  task_request: { category: string; description: Record<string, unknown> };
}

// Plans: requests in staff's own words, what the planner proposes, and a nurse's approval

/** `GET /api/planner`: which planner answers free text. */
export interface PlannerMode {
  mode: 'model' | 'deterministic';
  model: string | null;
  site: 'on_site' | 'off_site' | null;
  edge_only: boolean;
  /** Why a configured model is not in use (edge-only, bad configuration); null otherwise. */
  reason: string | null;
}

export const PLAN_STATUSES = ['refused', 'awaiting_approval', 'declined', 'dispatched', 'dispatch_failed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** One step of a plan as the brain sends it; only the fields of its kind are set. */
export interface PlanStepWire {
  id: string;
  kind: 'task' | 'skill';
  /** A task step: its category and description. */
  category: string | null;
  description: Record<string, unknown> | null;
  /** A skill step: the ROS action (snake_case) and its goal. */
  skill: string | null;
  goal: Record<string, unknown> | null;
  /** Local "HH:MM" or an ISO date-time; null for now. */
  start_after: string | null;
  priority: 'normal' | 'high' | null;
  patient: string | null;
  bed: string | null;
  medications: string[];
  order: string | null;
  why: string;
}

/** Why a plan was refused, in both languages, with the step and field it is about. */
export interface PlanProblemWire {
  step: string | null;
  field: string | null;
  code: string;
  en: string;
  zh_cn: string;
}

export interface PlanModelTrace {
  model: string;
  turns: number;
  prompt_tokens: number;
  completion_tokens: number;
  rejected_calls: { tool: string; reason: string }[];
}

/** A plan as `GET /api/plans` lists it (snake_case). */
export interface WirePlan {
  id: string;
  created_ms: number;
  requester: string;
  /** The words asked, or null for a request from the task form. */
  text: string | null;
  planner: 'deterministic' | 'model';
  status: PlanStatus;
  summary: string | null;
  language: string | null;
  steps: PlanStepWire[];
  problems: PlanProblemWire[];
  approval_reasons: string[];
  model: PlanModelTrace | null;
  fallback_reason: string | null;
  decided_by: string | null;
  decided_ms: number | null;
  decision_note: string | null;
  task_ids: string[];
}

/** `POST /api/plans`: proposed (201), refused with reasons (422), or not planned at all (a network or 400 error). */
export type AskResult =
  | { outcome: 'proposed'; plan: WirePlan }
  | { outcome: 'refused'; plan: WirePlan }
  | { outcome: 'failed'; errors: ApiError[] };

/** An approval or a decline: the plan as it is now, or the brain's refusal (403 not a nurse, 409 decided already). */
export type PlanDecisionResult = { success: true; plan: WirePlan } | { success: false; errors: ApiError[] };

/** Fails the type check when the brain renames or drops a field the dashboard reads. */
type Holds<T extends true> = T;
type Within<A, B> = [Exclude<keyof A, keyof B>] extends [never] ? true : { notOnTheWire: Exclude<keyof A, keyof B> };
export type PlanFieldsOnTheWire = Holds<Within<WirePlan, ReturnType<typeof planToWire>>>;
export type ModeFieldsOnTheWire = Holds<Within<PlannerMode, ReturnType<typeof modeToWire>>>;

// Records and reports: one patient's history, the ward's figures, the audit log, a robot's camera

/** `GET /api/patients/:mrn/history` (clinical staff only). */
export type PatientHistory = WirePatientHistory;
export type HistoryVisit = WireRoundVisit;
export type HistoryTopic = WireEducationTopic;
export type HistoryDelivery = WireDelivery;
/** `GET /api/reports/summary?days=N`. */
export type ReportSummary = WireReportSummary;
/** `GET /api/audit` entries and `GET /api/audit/verify`. */
export type AuditEntry = WireAuditEntry;
export type AuditVerify = WireVerifyReport;

/** The search the audit panel sends; every field optional but the page size. */
export interface AuditSearch {
  q?: string;
  /** An action, or a prefix ending in * ('custody.*'). */
  action?: string;
  from_ms?: number;
  to_ms?: number;
  before_seq?: number;
  limit: number;
}

/** A look through a robot's camera: a picture (an object URL of the PNG), or why there is none. */
export type CameraFrame =
  | { ok: true; url: string; stampMs: number | null; ageMs: number | null }
  | { ok: false; status: number; detail: string };
