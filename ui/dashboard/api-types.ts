// The brain's HTTP and socket.io shapes, taken from the brain's own types: type-only imports, which the
// bundler erases, so nothing of the server reaches the browser. Metres and radians in the ROS map frame
// (x right, y up, yaw counter-clockwise from +x); times are Unix milliseconds.
import type {
  LevelView, LiveEvents, LogEntry, MapView, PlaceView, RobotState as BrainRobotState, RobotStatusWord,
  TaskFailureCode, TaskState as BrainTaskState, TaskStatus as BrainTaskStatus,
} from '../../brain/index.js';
import type { PlaceKind as WardPlaceKind } from '../../robot/index.js';

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
/** socket.io events the brain emits. */
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

export interface DispatchTaskRequest {
  type: 'dispatch_task_request';
  request: {
    category: 'go_to_place';
    description: { place: string };
    priority?: Record<string, unknown>;
    requester?: string;
  };
}

export type DispatchResult =
  | { success: true; state: TaskState }
  | { success: false; errors: ApiError[] };

export interface CancelResult { success: boolean; state?: TaskState; errors?: ApiError[] }
