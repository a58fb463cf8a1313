// /<robot>/navigate_to_pose (nav2_msgs/action/NavigateToPose, Jazzy result): drive to a pose.
// pose.header.frame_id names the level (map) of the pose; "" or "map" mean the robot's current level.
import {
  ACTION_TYPES, RosConstants, quaternionToYaw, robotNames,
  type ActionFeedback, type ActionGoal, type ActionResult, type Time,
} from '../../robot/index.js';
import type { RosNode } from '../rosbridge/index.js';
import type { SimRobot } from '../world/index.js';
import { duration, poseStamped } from './messages.js';
import type { Ending, GoalMapping, Navigator } from './navigator.js';

type A = typeof ACTION_TYPES.navigateToPose;
type Feedback = ActionFeedback<A>;
type Result = ActionResult<A>;

const NAV2 = RosConstants['nav2_msgs/action/NavigateToPose_Result'];

export function serveNavigateToPose(node: RosNode, robot: SimRobot, levels: readonly string[], navigator: Navigator, now: () => Time): void {
  const mapping: GoalMapping<Feedback, Result> = {
    feedback: (fb) => ({
      current_pose: poseStamped(fb.pose, now()),
      navigation_time: duration(fb.elapsedSec),
      estimated_time_remaining: duration(fb.etaSec),
      number_of_recoveries: 0,
      distance_remaining: fb.distanceRemaining,
    }),
    result: (e) => ({ error_code: errorCode(e), error_msg: e.status === 'succeeded' ? '' : e.message }),
  };
  node.createActionServer<ActionGoal<A>, Feedback, Result>(robotNames(robot.name).navigateToPose, ACTION_TYPES.navigateToPose, (goal, handle) => {
    const frame = goal.pose.header.frame_id;
    const level = frame === '' || frame === 'map' ? robot.pose().level : frame;
    if (!levels.includes(level)) {
      navigator.refuse(handle, mapping, {
        status: 'aborted', code: 'TF_ERROR',
        message: `Failed to transform a goal pose provided with frame_id '${frame}' to the global frame: no level named "${frame}" (levels: ${levels.join(', ')})`,
      });
      return;
    }
    const { position: p, orientation: q } = goal.pose.pose;
    if (![p.x, p.y, q.x, q.y, q.z, q.w].every((v) => typeof v === 'number' && Number.isFinite(v))) {
      navigator.refuse(handle, mapping, { status: 'aborted', code: 'INVALID_GOAL', message: 'goal pose has a coordinate that is not a finite number' });
      return;
    }
    // An all-zero quaternion carries no heading; any heading will do then.
    const yaw = q.x === 0 && q.y === 0 && q.z === 0 && q.w === 0 ? undefined : quaternionToYaw(q);
    navigator.run(handle, yaw === undefined ? { level, x: p.x, y: p.y } : { level, x: p.x, y: p.y, yaw }, undefined, mapping);
  });
}

function errorCode(e: Ending): number {
  if (e.status !== 'aborted') return NAV2.NONE;
  return e.code === 'TF_ERROR' ? NAV2.TF_ERROR : NAV2.UNKNOWN;
}
