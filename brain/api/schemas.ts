// JSON Schemas of what the API answers, registered once with Fastify (they serialize responses and
// become the OpenAPI components). Field meanings follow Open-RMF's task_state and robot_state.
import { PLACE_KINDS } from '../../robot/index.js';
import { ROBOT_STATUSES } from '../fleet/robot-state.js';
import { LOG_TIERS, TASK_STATUSES } from '../store/types.js';
import { TASK_FAILURE_CODES } from '../tasks/failure-codes.js';
import { API_ERRORS } from './errors.js';

const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const xy = { type: 'object', required: ['x', 'y'], properties: { x: num, y: num } } as const;

export const RmfErrorSchema = {
  $id: 'RmfError',
  type: 'object',
  description: 'Open-RMF error: code, category and a sentence naming the field or thing at fault',
  required: ['code', 'category', 'detail'],
  properties: {
    code: { type: 'integer', minimum: 0 },
    category: { type: 'string', enum: Object.keys(API_ERRORS) },
    detail: str,
  },
} as const;

export const ErrorResponseSchema = {
  $id: 'ErrorResponse',
  type: 'object',
  required: ['success', 'errors'],
  properties: { success: { type: 'boolean', enum: [false] }, errors: { type: 'array', items: { $ref: 'RmfError#' } } },
} as const;

export const PlaceSchema = {
  $id: 'Place',
  type: 'object',
  required: ['name', 'kind', 'level', 'x', 'y', 'yaw', 'label'],
  properties: {
    name: str,
    kind: { type: 'string', enum: [...PLACE_KINDS] },
    level: str,
    x: { type: 'number', description: 'metres, map frame' },
    y: { type: 'number', description: 'metres, map frame (y up)' },
    yaw: { type: ['number', 'null'], description: 'heading on arrival, radians; null when any will do' },
    label: { type: 'object', required: ['en', 'zh-CN'], properties: { en: str, 'zh-CN': str } },
  },
} as const;

export const RobotStateSchema = {
  $id: 'RobotState',
  type: 'object',
  required: ['name', 'status', 'level', 'pose', 'battery', 'task_id', 'path', 'last_seen_ms'],
  properties: {
    name: str,
    status: { type: 'string', enum: [...ROBOT_STATUSES] },
    level: str,
    pose: { type: 'object', required: ['x', 'y', 'yaw'], properties: { x: num, y: num, yaw: num } },
    battery: {
      type: 'object', required: ['percentage', 'charging'],
      properties: { percentage: { type: 'number', minimum: 0, maximum: 100 }, charging: { type: 'boolean' } },
    },
    task_id: { type: ['string', 'null'] },
    path: { type: 'array', items: xy, description: 'remaining route (metres) when known; may be empty' },
    last_seen_ms: { ...int, description: 'Unix ms of the last message from the robot; 0 if never' },
  },
} as const;

export const TaskStateSchema = {
  $id: 'TaskState',
  type: 'object',
  description: 'Open-RMF task_state',
  required: ['booking', 'category', 'detail', 'status'],
  properties: {
    booking: {
      type: 'object',
      required: ['id', 'unix_millis_request_time'],
      properties: {
        id: str,
        unix_millis_request_time: int,
        unix_millis_earliest_start_time: int,
        priority: anyObject,
        labels: { type: 'array', items: str },
        requester: str,
      },
    },
    category: str,
    detail: { ...anyObject, description: 'the request description' },
    status: { type: 'string', enum: [...TASK_STATUSES] },
    assigned_to: { type: 'object', required: ['group', 'name'], properties: { group: str, name: str } },
    unix_millis_start_time: int,
    unix_millis_finish_time: int,
    estimate_millis: { type: 'integer', minimum: 0 },
    progress: {
      type: 'object', required: ['distance_remaining_m', 'eta_s'],
      properties: { distance_remaining_m: num, eta_s: num },
    },
    status_reason: {
      type: 'object', required: ['code', 'message'],
      properties: { code: { type: 'string', enum: [...TASK_FAILURE_CODES] }, message: str },
    },
    cancellation: {
      type: 'object', required: ['unix_millis_request_time', 'labels'],
      properties: { unix_millis_request_time: int, labels: { type: 'array', items: str } },
    },
  },
} as const;

export const LogEntrySchema = {
  $id: 'LogEntry',
  type: 'object',
  required: ['seq', 'unix_millis_time', 'tier', 'kind', 'text', 'data'],
  properties: {
    seq: { type: 'integer', minimum: 1 },
    unix_millis_time: int,
    tier: { type: 'string', enum: [...LOG_TIERS] },
    kind: str,
    text: str,
    data: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

const segment = { type: 'array', items: num, minItems: 4, maxItems: 4, description: '[x1, y1, x2, y2] metres' } as const;

export const MapSchema = {
  $id: 'WardMapView',
  type: 'object',
  required: ['name', 'levels', 'places'],
  properties: {
    name: str,
    levels: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'elevation', 'bounds', 'drawing', 'walls', 'doors', 'lanes', 'floors'],
        properties: {
          name: str,
          elevation: num,
          bounds: { type: 'object', required: ['min_x', 'min_y', 'max_x', 'max_y'], properties: { min_x: num, min_y: num, max_x: num, max_y: num } },
          drawing: {
            type: ['object', 'null'],
            description: 'floor-plan image; its top-left corner is at (x, y) metres and it extends +x by width and −y by height',
            required: ['url', 'x', 'y', 'width', 'height'],
            properties: { url: str, x: num, y: num, width: num, height: num },
          },
          walls: { type: 'array', items: segment },
          doors: {
            type: 'array',
            items: { type: 'object', required: ['name', 'x1', 'y1', 'x2', 'y2'], properties: { name: str, x1: num, y1: num, x2: num, y2: num } },
          },
          lanes: { type: 'array', items: segment },
          floors: { type: 'array', items: { type: 'array', items: { type: 'array', items: num, minItems: 2, maxItems: 2 } } },
        },
      },
    },
    places: { type: 'array', items: { $ref: 'Place#' } },
  },
} as const;

export const SHARED_SCHEMAS = [RmfErrorSchema, ErrorResponseSchema, PlaceSchema, RobotStateSchema, TaskStateSchema, LogEntrySchema, MapSchema];

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { $ref: 'ErrorResponse#' }]));
