// /<robot>/authenticate_staff (ward_interfaces/action/AuthenticateStaff): wait, on the sim clock,
// for a member of staff to sign in at this robot (badge, then PIN). Who comes and when is the
// simulated people's business (a queued arrival, else the default responder); the robot only
// reports the credential. One badge reader: a newer goal cuts the older off.
import { ACTION_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult } from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import type { PlannedSignIn } from '../../people/index.js';
import type { CancelTimer } from '../../world/index.js';
import { checkLanguage, checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { Exclusive, SkillGoal, rejectGoal } from './skill-goal.js';

type A = typeof ACTION_TYPES.authenticateStaff;
type Result = ActionResult<A>;

export const DEFAULT_SIGN_IN_TIMEOUT_S = 120;
const FEEDBACK_PERIOD_S = 1;

export function serveAuthenticateStaff(node: RosNode, ctx: SkillContext): void {
  const action = robotNames(ctx.robot.name).authenticateStaff;
  const reader = new Exclusive('badge reader');
  node.createActionServer<ActionGoal<A>, ActionFeedback<A>, Result>(action, ACTION_TYPES.authenticateStaff, (goal, handle) => {
    const language = checkLanguage(goal.language);
    if (!language.ok) return rejectGoal(ctx, handle, action, language.reason);
    const timeout = checkTimeout(goal.timeout, DEFAULT_SIGN_IN_TIMEOUT_S);
    if (!timeout.ok) return rejectGoal(ctx, handle, action, timeout.reason);

    const run = new SkillGoal<ActionGoal<A>, ActionFeedback<A>, Result>(ctx, handle, action);
    const noOne = (message: string): Partial<Result> => ({ success: false, badge_id: '', pin: '', message });
    reader.take(run, (by) => run.canceled(noOne(`preempted by goal ${by}`), 'preempted'));
    handle.onCancel(() => run.canceled(noOne('canceled')));
    run.every(FEEDBACK_PERIOD_S, () => run.feedback({ seconds_waited: run.elapsedS }));

    const deadlineMs = run.startMs + timeout.value * 1000;
    let signIn: CancelTimer | undefined;
    // Whoever is due first signs in; a scenario may queue someone, or change the default responder, while the robot waits.
    const plan = () => {
      signIn?.();
      signIn = undefined;
      const next = ctx.people.nextSignIn(ctx.robot.name, run.startMs);
      if (!next || next.readyAtMs > deadlineMs) return;
      signIn = run.at(next.readyAtMs, () => signedIn(next));
    };
    const signedIn = (next: PlannedSignIn) => {
      next.consume();
      run.succeed({ success: true, badge_id: next.credential.badge, pin: next.credential.pin, message: `signed in (${next.source === 'queued' ? 'scripted arrival' : 'default responder'})` });
    };
    run.own(ctx.people.onStaffChange(ctx.robot.name, plan));
    plan();
    run.at(deadlineMs, () => {
      // Someone due exactly at the deadline still makes it, whichever timer the step ran first.
      const next = ctx.people.nextSignIn(ctx.robot.name, run.startMs);
      if (next && next.readyAtMs <= deadlineMs) signedIn(next);
      else run.abort(noOne(`nobody signed in within ${timeout.value} s`));
    });
  });
}
