// /<robot>/navigate_to_place (ward_interfaces/action/NavigateToPlace): drive to a named place.
import {
  ACTION_TYPES, NavigateToPlaceError, robotNames,
  type ActionFeedback, type ActionGoal, type ActionResult,
} from '../../robot/index.js';
import type { RosNode } from '../rosbridge/index.js';
import { duration, poseStamped } from './messages.js';
import type { Ending, GoalMapping, Navigator } from './navigator.js';
import type { Time } from '../../robot/index.js';

type A = typeof ACTION_TYPES.navigateToPlace;
type Feedback = ActionFeedback<A>;
type Result = ActionResult<A>;

const CODES: Record<Ending['code'], number> = {
  NONE: NavigateToPlaceError.NONE,
  CANCELED: NavigateToPlaceError.CANCELED,
  PREEMPTED: NavigateToPlaceError.PREEMPTED,
  BLOCKED: NavigateToPlaceError.BLOCKED,
  NO_ROUTE: NavigateToPlaceError.NO_ROUTE,
  // A place the ward knows but whose spot is off the lane graph is a route the robot cannot find.
  OFF_MAP: NavigateToPlaceError.NO_ROUTE,
  LOW_BATTERY: NavigateToPlaceError.LOW_BATTERY,
  UNKNOWN_PLACE: NavigateToPlaceError.UNKNOWN_PLACE,
  TF_ERROR: NavigateToPlaceError.INTERNAL_ERROR,
  INVALID_GOAL: NavigateToPlaceError.INTERNAL_ERROR,
};

export function serveNavigateToPlace(node: RosNode, robot: string, navigator: Navigator, now: () => Time): void {
  const mapping: GoalMapping<Feedback, Result> = {
    feedback: (fb) => ({
      current_pose: poseStamped(fb.pose, now()),
      distance_remaining: fb.distanceRemaining,
      estimated_time_remaining: duration(fb.etaSec),
      navigation_time: duration(fb.elapsedSec),
    }),
    result: (e) => ({ success: e.status === 'succeeded', error_code: CODES[e.code], message: e.message }),
  };
  node.createActionServer<ActionGoal<A>, Feedback, Result>(robotNames(robot).navigateToPlace, ACTION_TYPES.navigateToPlace, (goal, handle) => {
    // max_speed may arrive as null (NaN on the wire); anything but a positive number keeps the robot's limit.
    const maxSpeed = typeof goal.max_speed === 'number' && goal.max_speed > 0 ? goal.max_speed : undefined;
    navigator.run(handle, { place: goal.place_name }, maxSpeed, mapping);
  });
}
