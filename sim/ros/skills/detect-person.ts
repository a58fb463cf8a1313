// /<robot>/detect_person (ward_interfaces/action/DetectPerson): look with the camera for a person at
// the bed the robot stands at (or wherever it stands).
//
// The robot looks at its camera frames (the very frames its camera node publishes, sim/camera) with
// the perception person detector (perception/person: by default the offline COCO CenterNet), every
// CHECK_PERIOD_S of sim time, and settles 1 to 2 sim seconds after the goal (seeded), deciding from
// the frames seen by a two-of-three vote (BedsideVote). Found: the detector's confidence. The
// simulator's own knowledge of who is in the bed is never consulted.
//
// A real network takes hundreds of wall milliseconds per frame, which at 200× would be a minute of
// simulated time: so simulated time is held (SimClock.hold) while the detector runs, and the robot's
// perception latency is the modelled settle time, however fast the machine is. A frame seen before
// (a still robot before a still scene) is answered from the detector's memory, not run again.
import { BedsideVote, CachingDetector, personAtBed, sharedDefaultDetector, type PersonBox, type PersonDetector } from '../../../perception/index.js';
import { ACTION_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult } from '../../../robot/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { SkillGoal, rejectGoal } from './skill-goal.js';
import { bedAt } from './where.js';

type A = typeof ACTION_TYPES.detectPerson;
type Result = ActionResult<A>;

export const DEFAULT_DETECT_TIMEOUT_S = 5;
/** Sim seconds between frames looked at. */
export const CHECK_PERIOD_S = 0.5;
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
    const vote = new BedsideVote(3, 2);
    let checked = 0;
    let last: PersonBox | null = null;
    /** The look in progress; looks run one after another. */
    let looking: Promise<void> = Promise.resolve();
    handle.onCancel(() => run.canceled({ found: false, confidence: 0, message: 'canceled' }));

    /** Takes one frame now and runs the detector on it, with simulated time held until it answers. */
    const look = (): Promise<void> => {
      const release = run.own(ctx.holdTime());
      const frame = ctx.look();
      looking = looking.then(async () => {
        try {
          const detector = await ctx.personDetector();
          const people = await withinWallTime(detector.detect({ width: frame.width, height: frame.height, data: frame.data }));
          if (!run.active) return;
          last = personAtBed(people, frame);
          vote.add(last);
          checked++;
          run.feedback({ frames_checked: checked });
        } finally {
          release();
        }
      });
      return looking;
    };
    const fail = (err: unknown) => {
      const message = `person detector failed: ${(err as Error).message}`;
      ctx.log.warn({ action, goal: handle.id, err: (err as Error).message }, 'person detector failed');
      run.abort({ found: false, confidence: 0, message });
    };
    run.every(CHECK_PERIOD_S, () => { look().catch(fail); });

    // Drawn now, whatever the outcome, so a run's draws do not depend on who is in the bed. The
    // second draw was the old simulated confidence; kept so this robot's later draws stay where they were.
    const settleS = 1 + ctx.rng();
    ctx.rng();
    if (settleS > timeout.value) {
      run.after(timeout.value, () => run.succeed({ found: false, confidence: 0, message: `no person confirmed within ${timeout.value} s` }));
      return;
    }
    run.after(settleS, () => {
      // The frame at this instant decides with the ones before it; time stays still until it is done.
      const release = run.own(ctx.holdTime());
      look().then(() => {
        if (!run.active) return;
        const decided = vote.decision();
        const found = decided.present ?? last !== null;
        const confidence = decided.present ? decided.confidence : found ? last!.confidence : 0;
        const bed = bedAt(ctx.ward, ctx.robot.pose());
        run.feedback({ frames_checked: checked }, true);
        if (found) run.succeed({ found: true, confidence, message: bed ? `person at ${bed.name}` : 'person in view' });
        else run.succeed({ found: false, confidence: 0, message: bed ? `nobody at ${bed.name}` : `no person in view (${ctx.robot.name} is not at a bed)` });
      }).catch(fail).finally(release);
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
