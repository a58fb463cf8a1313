// /<robot>/read_wristband (ward_interfaces/action/ReadWristband): read the barcode on the wristband
// of the patient in the bed the robot stands at, through the camera.
//
// Each attempt (1 sim second) the patient holds the wrist up in a new pose (distance, turn, focus,
// sometimes the sheet over part of the band: sim/camera/wristband-camera.ts, drawn from this robot's
// seeded rng) and the close-up camera takes FRAMES_PER_LOOK frames of the band, printed as a real
// Code 128 (or a DataMatrix when the text is too long for the band). The perception core decodes
// every frame; the read counts when AGREE frames of the goal read the same text, and the result
// says what was decoded, its symbology and confidence. So a band printed with another patient's
// code reads as that code, and a worn band reads as nothing; the brain compares the code, the robot
// does not. Each frame's codes also go out on /<robot>/barcodes as the perception node sends them.
// With nobody in the bed the camera keeps trying until the timeout.
import { MultiFrameBarcodeReader, BarcodeReader, type BarcodeAgreement } from '../../../perception/index.js';
import { ACTION_TYPES, MESSAGE_TYPES, robotNames, type ActionFeedback, type ActionGoal, type ActionResult, type BarcodeReading } from '../../../robot/index.js';
import { loadBarcodePrinter } from '../../camera/barcode-print.js';
import { lookAt, randomShot } from '../../camera/wristband-camera.js';
import { printWristband } from '../../camera/wristband-view.js';
import type { RosNode } from '../../rosbridge/index.js';
import { childSeed, createRng } from '../../world/index.js';
import { checkTimeout } from './goal-checks.js';
import type { SkillContext } from './skill-context.js';
import { SkillGoal, rejectGoal } from './skill-goal.js';
import { bedAt, placeAt } from './where.js';

type A = typeof ACTION_TYPES.readWristband;
type Result = ActionResult<A>;

export const DEFAULT_WRISTBAND_TIMEOUT_S = 10;
/** What a patient's own band carries; a text too long for the band comes as "datamatrix". */
export const WRISTBAND_SYMBOLOGY = 'code128';
/** Frames of one goal that must decode to the same text before it counts. */
export const WRISTBAND_AGREE = 2;
/** One attempt (the wrist held up, a few frames taken and decoded), sim seconds. */
const ATTEMPT_S = 1;

/** The camera's decoder and the band printer, loaded once per process on the first robot that serves the skill. */
let camera: Promise<BarcodeReader> | undefined;
let reader: BarcodeReader | undefined;
function loadCamera(): Promise<BarcodeReader> {
  camera ??= Promise.all([BarcodeReader.load(), loadBarcodePrinter()]).then(([r]) => (reader = r));
  camera.catch(() => { camera = undefined; });
  return camera;
}

export function serveReadWristband(node: RosNode, ctx: SkillContext): void {
  const names = robotNames(ctx.robot.name);
  const action = names.readWristband;
  const barcodes = node.createPublisher<BarcodeReading>(names.barcodes, MESSAGE_TYPES.barcodes);
  const frameId = `${ctx.robot.name}/wristband_camera_link`;
  // Started now, so that the first goal rarely waits for WebAssembly to compile.
  loadCamera().catch((err: Error) => ctx.log.error({ err }, 'wristband camera: the barcode reader did not load'));

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

    const start = (decoder: BarcodeReader) => {
      if (!run.active) return;
      const votes = new MultiFrameBarcodeReader({ agree: WRISTBAND_AGREE, window: 1000 });
      let attempts = 0;
      let framesRead = 0;
      const attempt = () => {
        attempts++;
        run.feedback({ attempts });
        const occ = ctx.people.occupant(bed.name);
        if (!occ?.present) return;
        // One draw from the robot's stream seeds the whole look, so other skills' draws do not shift.
        const rng = createRng(childSeed(ctx.rng));
        const band = printWristband(occ.wristband, { worn: !occ.wristbandReadable });
        for (const frame of lookAt(band, randomShot(rng), rng)) {
          const read = decoder.read(frame);
          votes.add(read);
          if (read.codes.length) framesRead++;
          const texts = new Map(votes.texts().map((t) => [`${t.symbology}\u0000${t.text}`, t]));
          for (const c of read.codes) {
            barcodes.publish({
              header: { stamp: ctx.stamp(), frame_id: frameId }, text: c.text, symbology: c.symbology,
              confidence: texts.get(`${c.symbology}\u0000${c.text}`)?.confidence ?? c.confidence,
              center_x: c.center.x, center_y: c.center.y, angle: c.angle,
            });
          }
          if (votes.agreed()) break;
        }
        const agreed = votes.agreed();
        if (agreed) run.succeed({ success: true, code: agreed.text, symbology: agreed.symbology, message: readMessage(bed.name, agreed, votes.seen) });
      };
      run.every(ATTEMPT_S, attempt);
      run.after(timeout.value, () => {
        // An attempt that ends exactly at the deadline still counts, whichever timer the step ran first.
        if (attempts < Math.floor(timeout.value / ATTEMPT_S + 1e-9)) attempt();
        if (!run.active) return;
        const why = ctx.people.occupant(bed.name)?.present ? undecoded(bed.name, votes, framesRead) : `nobody in ${bed.name}`;
        run.abort(failed(`no wristband read within ${timeout.value} s: ${why}`));
      });
    };
    if (reader) start(reader);
    else {
      // Only the first goal of a process can get here: the camera's decoder is still compiling.
      loadCamera().then(start, (err: Error) => run.abort(failed(`the wristband camera's barcode reader did not load: ${err.message}`)));
    }
  });
}

function readMessage(bed: string, a: BarcodeAgreement, frames: number): string {
  return `read at ${bed}: ${a.symbology}, ${a.frames} of ${frames} frames agree, confidence ${a.confidence.toFixed(2)}`;
}

function undecoded(bed: string, votes: MultiFrameBarcodeReader, framesRead: number): string {
  const texts = votes.texts();
  if (texts.filter((t) => t.agreed).length > 1) return `the band in ${bed} is ambiguous: ${texts.length} different codes in view (${votes.seen} frames)`;
  if (framesRead === 0) return `the band in ${bed} could not be decoded in ${votes.seen} frames`;
  return `the band in ${bed} decoded in only ${framesRead} of ${votes.seen} frames, ${WRISTBAND_AGREE} must agree`;
}
