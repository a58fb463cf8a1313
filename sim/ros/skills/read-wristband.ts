// /<robot>/read_wristband (ward_interfaces/action/ReadWristband): read the barcode on the wristband
// of the patient in the bed the robot stands at. A read takes 1 sim second; with nobody there the
// camera keeps trying until the timeout. The code is reported verbatim; the brain compares it.
import { ACTION_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult } from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { SkillGoal, rejectGoal } from './skill-goal.js';
import { bedAt, placeAt } from './where.js';

type A = typeof ACTION_TYPES.readWristband;
type Result = ActionResult<A>;

export const DEFAULT_WRISTBAND_TIMEOUT_S = 10;
export const WRISTBAND_SYMBOLOGY = 'code128';
/** One attempt (find the band, decode it), sim seconds. */
const ATTEMPT_S = 1;

export function serveReadWristband(node: RosNode, ctx: SkillContext): void {
  const action = robotNames(ctx.robot.name).readWristband;
  node.createActionServer<ActionGoal<A>, ActionFeedback<A>, Result>(action, ACTION_TYPES.readWristband, (goal, handle) => {
    const timeout = checkTimeout(goal.timeout, DEFAULT_WRISTBAND_TIMEOUT_S);
    if (!timeout.ok) return rejectGoal(ctx, handle, action, timeout.reason);

    const run = new SkillGoal<ActionGoal<A>, ActionFeedback<A>, Result>(ctx, handle, action);
    const failed = (message: string): Partial<Result> => ({ success: false, code: '', symbology: '', message });
    handle.onCancel(() => run.canceled(failed('canceled')));

    const bed = bedAt(ctx.ward, ctx.robot.pose());
    if (!bed) {
      const place = placeAt(ctx.ward, ctx.robot.pose());
      run.abort(failed(`${ctx.robot.name} is not at a bed (${place ? `it is at ${place.name}` : 'it is between places'})`));
      return;
    }
    let attempts = 0;
    const attempt = () => {
      attempts++;
      run.feedback({ attempts });
      const occ = ctx.people.occupant(bed.name);
      if (occ?.present) run.succeed({ success: true, code: occ.wristband, symbology: WRISTBAND_SYMBOLOGY, message: `read at ${bed.name}` });
    };
    run.every(ATTEMPT_S, attempt);
    run.after(timeout.value, () => {
      // An attempt that ends exactly at the deadline still counts, whichever timer the step ran first.
      if (attempts < Math.floor(timeout.value / ATTEMPT_S + 1e-9)) attempt();
      if (!run.active) return;
      const why = ctx.people.occupant(bed.name)?.present ? 'the read did not finish' : `nobody in ${bed.name}`;
      run.abort(failed(`no wristband read within ${timeout.value} s: ${why}`));
    });
  });
}
