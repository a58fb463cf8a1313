// /<robot>/detect_person (ward_interfaces/action/DetectPerson): look at the bed the robot stands at.
// The simulated detector settles in 1 to 2 sim seconds (seeded): found with a high confidence when
// the bed's patient is present, not found otherwise (or when the robot is not at a bed).
import { ACTION_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult } from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { SkillGoal, rejectGoal } from './skill-goal.js';
import { bedAt } from './where.js';

type A = typeof ACTION_TYPES.detectPerson;
type Result = ActionResult<A>;

export const DEFAULT_DETECT_TIMEOUT_S = 5;
/** The camera's frame rate, for frames_checked. */
const CAMERA_FPS = 10;
const FEEDBACK_PERIOD_S = 0.5;

export function serveDetectPerson(node: RosNode, ctx: SkillContext): void {
  const action = robotNames(ctx.robot.name).detectPerson;
  node.createActionServer<ActionGoal<A>, ActionFeedback<A>, Result>(action, ACTION_TYPES.detectPerson, (goal, handle) => {
    const timeout = checkTimeout(goal.timeout, DEFAULT_DETECT_TIMEOUT_S);
    if (!timeout.ok) return rejectGoal(ctx, handle, action, timeout.reason);

    const run = new SkillGoal<ActionGoal<A>, ActionFeedback<A>, Result>(ctx, handle, action);
    const frames = () => Math.floor(run.elapsedS * CAMERA_FPS);
    handle.onCancel(() => run.canceled({ found: false, confidence: 0, message: 'canceled' }));
    run.every(FEEDBACK_PERIOD_S, () => run.feedback({ frames_checked: frames() }));

    // Drawn now, whatever the outcome, so a run's draws do not depend on who is in the bed.
    const settleS = 1 + ctx.rng();
    const confidence = 0.85 + 0.13 * ctx.rng();
    if (settleS > timeout.value) {
      run.after(timeout.value, () => run.succeed({ found: false, confidence: 0, message: `no person confirmed within ${timeout.value} s` }));
      return;
    }
    run.after(settleS, () => {
      // Who is there is read when the detector settles: the robot may have moved, the patient left.
      const bed = bedAt(ctx.ward, ctx.robot.pose());
      const occ = bed && ctx.people.occupant(bed.name);
      run.feedback({ frames_checked: frames() }, true);
      if (bed && occ?.present) run.succeed({ found: true, confidence, message: `person at ${bed.name}` });
      else run.succeed({ found: false, confidence: 0, message: bed ? `nobody at ${bed.name}` : `no person in view (${ctx.robot.name} is not at a bed)` });
    });
  });
}
