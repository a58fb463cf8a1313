// The brain's HTTP and socket.io shapes as the dashboard reads them. Metres and radians in the ROS map
// frame (x right, y up, yaw counter-clockwise from +x); times are Unix milliseconds.

export type Segment = [x1: number, y1: number, x2: number, y2: number];

export interface Bounds { min_x: number; min_y: number; max_x: number; max_y: number }

/** A floor-plan image whose top-left corner sits at (x, y), reaching +x by width and −y by height. */
export interface Drawing { url: string; x: number; y: number; width: number; height: number }

export interface Door { name: string; x1: number; y1: number; x2: number; y2: number }

export interface Level {
  name: string;
  elevation: number;
  bounds: Bounds;
  drawing: Drawing | null;
  walls: Segment[];
  doors: Door[];
  lanes: Segment[];
  floors: Array<Array<[x: number, y: number]>>;
}

export const PLACE_KINDS = ['bed', 'pharmacy', 'nurse_station', 'charger', 'waypoint', 'parking', 'lift'] as const;
export type PlaceKind = typeof PLACE_KINDS[number];

export type Lang = 'en' | 'zh-CN';

export interface Place {
  name: string;
  kind: PlaceKind;
  level: string;
  x: number;
  y: number;
  yaw: number | null;
  label: Record<Lang, string>;
}

export interface BuildingMap { name: string; levels: Level[]; places: Place[] }

export type RobotStatus = 'idle' | 'working' | 'charging' | 'offline' | 'error';

export interface Pose { x: number; y: number; yaw: number }

export interface RobotState {
  name: string;
  status: RobotStatus;
  level: string;
  pose: Pose;
  battery: { percentage: number; charging: boolean };
  task_id: string | null;
  path: Array<{ x: number; y: number }>;
  last_seen_ms: number;
}

export type TaskStatus = 'queued' | 'underway' | 'completed' | 'failed' | 'canceled';

export const FAILURE_CODES = [
  'no_route', 'unknown_place', 'robot_unreachable', 'goal_rejected', 'aborted',
  'link_lost', 'timeout', 'brain_restarted', 'low_battery',
] as const;

export interface TaskState {
  booking: { id: string; unix_millis_request_time: number; requester?: string };
  category: string;
  detail: unknown;
  status: TaskStatus;
  assigned_to?: { group: string; name: string };
  unix_millis_start_time?: number;
  unix_millis_finish_time?: number;
  progress?: { distance_remaining_m: number; eta_s: number };
  status_reason?: { code: string; message: string };
}

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

export interface TaskLogEntry { seq: number; unix_millis_time: number; tier: string; kind: string; text: string }

export interface TaskLog { task_id: string; log: TaskLogEntry[] }

/** socket.io events the brain emits. */
export interface ServerEvents {
  snapshot: (data: { robots: RobotState[]; tasks: TaskState[] }) => void;
  robot_state: (robot: RobotState) => void;
  task_state: (task: TaskState) => void;
  task_log: (data: { task_id: string; entry: TaskLogEntry }) => void;
}
