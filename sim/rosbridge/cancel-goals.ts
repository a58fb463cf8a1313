// The hidden `<action>/_action/cancel_goal` service (action_msgs/srv/CancelGoal) every ROS 2 action
// server has; roslib's Action.cancelAllGoals() calls it through rosbridge with an empty request.
// A zero goal id with a zero stamp cancels every goal; a zero id with a stamp, the goals accepted
// at or before it; a goal id, that goal (and, with a stamp, those accepted before it too).
import type { Time } from '../../robot/index.js';
import type { ActionServer, GoalHandle } from './action.js';
import { isRecord } from './messages.js';

export const CANCEL_GOAL_SUFFIX = '/_action/cancel_goal';
const ERROR_NONE = 0;
const ERROR_REJECTED = 1;
const ERROR_UNKNOWN_GOAL_ID = 2;

export function cancelGoals(server: ActionServer, request: unknown): Record<string, unknown> {
  const info = isRecord(request) && isRecord(request.goal_info) ? request.goal_info : {};
  const uuid = uuidBytes(isRecord(info.goal_id) ? info.goal_id.uuid : undefined);
  const stamp = isRecord(info.stamp) ? toSeconds(info.stamp) : 0;
  if (uuid === null) return { return_code: ERROR_REJECTED, goals_canceling: [] };
  const zeroId = uuid.every((b) => b === 0);
  const goals = [...server.goals.values()].filter((g) => g.isActive);
  const byId = zeroId ? undefined : goals.find((g) => Buffer.from(goalUuid(g)).equals(Buffer.from(uuid)));
  if (!zeroId && !byId && stamp === 0) return { return_code: ERROR_UNKNOWN_GOAL_ID, goals_canceling: [] };
  const chosen = goals.filter((g) => g === byId || (zeroId && stamp === 0) || (stamp > 0 && toSeconds(g.acceptedAt) <= stamp));
  if (chosen.length === 0) return { return_code: ERROR_REJECTED, goals_canceling: [] };
  for (const g of chosen) g.requestCancel();
  return {
    return_code: ERROR_NONE,
    goals_canceling: chosen.map((g) => ({ goal_id: { uuid: goalUuid(g) }, stamp: g.acceptedAt })),
  };
}

/** A goal's id is a UUID string; on the wire it is 16 bytes. */
function goalUuid(g: GoalHandle): number[] {
  return [...Buffer.from(g.id.replace(/-/g, ''), 'hex')];
}

/** uint8[16] arrives as a list of numbers or as base64; absent means zero; anything else is null. */
function uuidBytes(v: unknown): number[] | null {
  if (v === undefined) return new Array<number>(16).fill(0);
  const bytes = typeof v === 'string' ? [...Buffer.from(v, 'base64')] : Array.isArray(v) ? v : null;
  if (!bytes || bytes.length !== 16 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return null;
  return bytes as number[];
}

function toSeconds(t: Record<string, unknown> | Time): number {
  const sec = typeof t.sec === 'number' ? t.sec : 0;
  const nanosec = typeof t.nanosec === 'number' ? t.nanosec : 0;
  return sec + nanosec / 1e9;
}
