// /<robot>/drawer_control (ward_interfaces/action/DrawerControl) and /<robot>/drawers: unlock
// (springs open) or close-and-lock a medication drawer in half a sim second, log the actuation with
// its authorization and the place the robot stood at, and publish all drawer states latched
// at start and on every change.
import {
  ACTION_TYPES, MESSAGE_TYPES, robotNames,
  type ActionFeedback, type ActionGoal, type ActionResult, type DrawerStates,
} from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { Drawers, commandName, drawerStateCode } from './drawers.js';
import type { SkillContext } from './skill-context.js';
import { SkillGoal, rejectGoal } from './skill-goal.js';
import { placeAt } from './where.js';

type A = typeof ACTION_TYPES.drawerControl;
type Result = ActionResult<A>;

/** Time the lock or the latch takes, sim seconds. */
export const DRAWER_ACTUATION_S = 0.5;

export function serveDrawerControl(node: RosNode, ctx: SkillContext, drawers: Drawers): void {
  const names = robotNames(ctx.robot.name);
  const action = names.drawerControl;
  const pub = node.createPublisher<DrawerStates>(names.drawers, MESSAGE_TYPES.drawers, { latch: true });
  const publish = () => pub.publish({
    header: { stamp: ctx.stamp(), frame_id: `${ctx.robot.name}/base_link` },
    drawers: drawers.all().map((s, i) => ({ drawer: i + 1, state: drawerStateCode(s) })),
  });
  publish();

  node.createActionServer<ActionGoal<A>, ActionFeedback<A>, Result>(action, ACTION_TYPES.drawerControl, (goal, handle) => {
    const bad = drawers.outOfRange(goal.drawer);
    if (bad) return rejectGoal(ctx, handle, action, bad);
    const command = commandName(goal.command);
    if (!command) return rejectGoal(ctx, handle, action, `command: must be UNLOCK (1) or LOCK (2), got ${goal.command}`);

    const run = new SkillGoal<ActionGoal<A>, ActionFeedback<A>, Result>(ctx, handle, action);
    const stateNow = () => drawerStateCode(drawers.state(goal.drawer));
    handle.onCancel(() => run.canceled({ success: false, state: stateNow(), message: 'canceled before the drawer moved' }));
    run.feedback({ state: stateNow() }, true);
    run.after(DRAWER_ACTUATION_S, () => {
      const now = ctx.timers.now();
      const before = drawers.state(goal.drawer);
      const after = drawers.actuate({
        simTimeMs: now, at: ctx.dateOf(now), drawer: goal.drawer, command,
        authorization: goal.authorization, place: placeAt(ctx.ward, ctx.robot.pose())?.name ?? null,
      });
      if (after !== before) publish();
      run.feedback({ state: drawerStateCode(after) }, true);
      run.succeed({ success: true, state: drawerStateCode(after), message: `drawer ${goal.drawer} ${after === 'OPEN' ? 'unlocked and open' : 'closed and locked'}` });
    });
  });
}
