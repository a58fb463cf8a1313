// /<robot>/detect_person (ward_interfaces/action/DetectPerson): look with the camera for a person at
// the bed the robot stands at (or wherever it stands).
//
// The robot settles 1 to 2 sim seconds after the goal (seeded), as a real robot's camera and detector
// need a moment, then looks at its camera frame (the very frame its camera node publishes, sim/camera)
// with the perception person detector (perception/person: by default the offline COCO CenterNet):
// found when a person large enough to be at the bedside is in it, with the detector's confidence. One
// frame per goal: a network takes hundreds of milliseconds per frame, and a brain that wants more
// looks sends another goal. The simulator's own knowledge of who is in the bed is never consulted.
//
// At 200× those milliseconds would be a minute of simulated time: so simulated time is held
// (SimClock.hold) while the detector runs, and the robot's perception latency is the modelled settle
// time however fast the machine is. A frame seen before is answered from the detector's memory.
import { CachingDetector, personAtBed, sharedDefaultDetector, type PersonDetector } from '../../../perception/index.js';
import { ACTION_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult } from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { SkillGoal, rejectGoal } from './skill-goal.js';
import { bedAt } from './where.js';

type A = typeof ACTION_TYPES.detectPerson;
type Result = ActionResult<A>;

export const DEFAULT_DETECT_TIMEOUT_S = 5;
const FEEDBACK_PERIOD_S = 0.5;
/** Wall time a detector may take on one frame before the look fails (time is held meanwhile). */
export const DETECT_WALL_LIMIT_MS = 20_000;

let sharedDetector: Promise<PersonDetector> | null = null;

/** The offline default detector, loaded once per process and shared by every robot, with a memory of frames. */
export function defaultPersonDetector(): Promise<PersonDetector> {
  sharedDetector ??= sharedDefaultDetector().then((d) => new CachingDetector(d));
  sharedDetector.catch(() => { sharedDetector = null; });
  return sharedDetector;
}

export function serveDetectPerson(node: RosNode, ctx: SkillContext): void {
  const action = robotNames(ctx.robot.name).detectPerson;
  node.createActionServer<ActionGoal<A>, ActionFeedback<A>, Result>(action, ACTION_TYPES.detectPerson, (goal, handle) => {
    const timeout = checkTimeout(goal.timeout, DEFAULT_DETECT_TIMEOUT_S);
    if (!timeout.ok) return rejectGoal(ctx, handle, action, timeout.reason);

    const run = new SkillGoal<ActionGoal<A>, ActionFeedback<A>, Result>(ctx, handle, action);
    let checked = 0;
    handle.onCancel(() => run.canceled({ found: false, confidence: 0, message: 'canceled' }));
    run.every(FEEDBACK_PERIOD_S, () => run.feedback({ frames_checked: checked }));

    // Drawn now, whatever the outcome, so a run's draws do not depend on who is in the bed. The
    // second draw was the old simulated confidence; kept so this robot's later draws stay where they were.
    const settleS = 1 + ctx.rng();
    ctx.rng();
    if (settleS > timeout.value) {
      run.after(timeout.value, () => run.succeed({ found: false, confidence: 0, message: `no person confirmed within ${timeout.value} s` }));
      return;
    }
    run.after(settleS, () => {
      // The frame at this instant; simulated time stands still until the detector has answered.
      const release = run.own(ctx.holdTime());
      const frame = ctx.look();
      const bed = bedAt(ctx.ward, ctx.robot.pose());
      ctx.personDetector()
        .then((detector) => withinWallTime(detector.detect({ width: frame.width, height: frame.height, data: frame.data })))
        .then((people) => {
          if (!run.active) return;
          checked++;
          const seen = personAtBed(people, frame);
          run.feedback({ frames_checked: checked }, true);
          if (seen) run.succeed({ found: true, confidence: seen.confidence, message: bed ? `person at ${bed.name}` : 'person in view' });
          else run.succeed({ found: false, confidence: 0, message: bed ? `nobody at ${bed.name}` : `no person in view (${ctx.robot.name} is not at a bed)` });
        })
        .catch((err: unknown) => {
          const message = `person detector failed: ${(err as Error).message}`;
          ctx.log.warn({ action, goal: handle.id, err: (err as Error).message }, 'person detector failed');
          run.abort({ found: false, confidence: 0, message });
        })
        .finally(release);
    });
  });
}

function withinWallTime<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${DETECT_WALL_LIMIT_MS / 1000} s of wall time`)), DETECT_WALL_LIMIT_MS);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
