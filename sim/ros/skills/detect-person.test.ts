// Person detection on the simulator's own camera frames, with the real offline detector (COCO
// CenterNet): at several beds of both wards, a patient sitting up in bed and one standing beside it
// are found at the bed, an empty bed is not. Then detect_person's handling of a slow or broken
// detector: simulated time held while it works, a clear abort when it fails.
import { describe, it, expect, beforeAll } from '@jest/globals';
import { personAtBed, sharedDefaultDetector, type PersonDetector } from '../../../perception/index.js';
import { findPlace, GoalStatus, loadWard, robotNames, type WardMap } from '../../../robot/index.js';
import { until } from '../../../test/until.js';
import { buildScene, renderCameraFrame, type FigurePose } from '../../camera/index.js';
import { CLINIC_WARD_FILE } from '../../maps/index.js';
import { SimPeople } from '../../people/index.js';
import { wardWithPeople } from '../../people/test-people.js';
import { RosGraph, type GoalOutcome } from '../../rosbridge/index.js';
import { captureLog } from '../../rosbridge/test-support.js';
import { SimTimers, SimWorld } from '../../world/index.js';
import { attachWorld } from '../robot-node.js';

let detector: PersonDetector;
beforeAll(async () => { detector = await sharedDefaultDetector(); }, 60_000);

/** What the robot standing at `bed`'s stop sees, with that bed's patient placed as `pose`. */
async function lookAt(ward: WardMap, bed: string, pose: FigurePose | null) {
  const place = findPlace(ward, bed)!;
  const scene = buildScene({ ward, level: place.level, patientInBed: () => false, patientPose: (b) => (b === bed ? pose : null), robots: [] });
  const frame = renderCameraFrame(scene, { x: place.x, y: place.y, yaw: place.yaw! });
  const people = await detector.detect({ width: frame.width, height: frame.height, data: frame.data });
  return personAtBed(people, frame);
}

describe('a person at the bed, from the simulated camera', () => {
  const cases: [string, WardMap, string[]][] = [
    ['small ward', wardWithPeople(), ['bed_1', 'bed_7']],
    ['clinic', loadWard(CLINIC_WARD_FILE), ['bed_2', 'bed_22']],
  ];
  for (const [name, ward, beds] of cases) {
    it(`${name}: in bed and beside it the patient is found; an empty bed shows nobody`, async () => {
      for (const bed of beds) {
        const inBed = await lookAt(ward, bed, 'in_bed');
        const beside = await lookAt(ward, bed, 'beside_bed');
        const empty = await lookAt(ward, bed, null);
        expect({ bed, inBed: inBed !== null, beside: beside !== null, empty }).toEqual({ bed, inBed: true, beside: true, empty: null });
        expect(inBed!.confidence).toBeGreaterThanOrEqual(0.15);
        // Standing, the whole body shows: a taller box than the patient sitting up against the pillow.
        expect(beside!.height).toBeGreaterThan(0.4 * 240);
      }
    }, 90_000);
  }
});

describe('detect_person with a detector that takes its time, or fails', () => {
  function rig(personDetector: PersonDetector) {
    const log = captureLog();
    const world = new SimWorld({ ward: wardWithPeople(), seed: 3 });
    const graph = new RosGraph({ logger: log.logger });
    const timers = new SimTimers(world);
    const people = new SimPeople({ world, graph, timers, stamp: () => graph.now() });
    const bindings = attachWorld(graph, world, { logger: log.logger, skills: { people, timers, personDetector } });
    const close = () => { world.stop(); for (const b of bindings) b.destroy(); people.destroy(); timers.destroy(); };
    return { world, graph, robot: world.robot('robot_1')!, close };
  }
  const goTo = (world: SimWorld, robot: NonNullable<ReturnType<SimWorld['robot']>>, place: string) => {
    const go = robot.goTo({ place });
    if (!go.ok) throw new Error(go.message);
    for (let i = 0; i < 2000 && !go.handle.outcome; i++) world.runFor(0.1);
    expect(go.handle.outcome?.status).toBe('succeeded');
  };
  const send = (graph: RosGraph, world: SimWorld) => {
    const sent: { outcome?: GoalOutcome; startMs: number; endMs?: number } = { startMs: world.clock.now() };
    graph.sendGoal(robotNames('robot_1').detectPerson, { timeout: { sec: 5, nanosec: 0 } }, {
      onResult: (o) => { sent.outcome = o; sent.endMs = world.clock.now(); },
    });
    return sent;
  };

  it('at 200× a detector taking 400 ms of wall time per frame costs no simulated time', async () => {
    let calls = 0;
    const slow: PersonDetector = {
      name: 'slow centernet',
      detect: async (f) => { calls++; await new Promise((r) => setTimeout(r, 400)); return detector.detect(f); },
      close: async () => undefined,
    };
    const r = rig(slow);
    try {
      goTo(r.world, r.robot, 'bed_2');
      r.world.start(200);
      const sent = send(r.graph, r.world);
      await until('detect_person ends', () => sent.outcome !== undefined, 60_000);
      expect(sent.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED, result: { found: true, message: 'person at bed_2' } });
      // 400 ms would be 80 s of simulated time at 200×; it settles as modelled.
      expect(calls).toBe(1);
      expect(sent.endMs! - sent.startMs).toBeGreaterThanOrEqual(1000);
      expect(sent.endMs! - sent.startMs).toBeLessThanOrEqual(2100);
      expect(r.world.clock.held).toBe(false);
    } finally {
      r.close();
    }
  }, 90_000);

  it('a failing detector aborts the goal with its reason and leaves time running', async () => {
    const broken: PersonDetector = { name: 'broken', detect: async () => { throw new Error('model file unreadable'); }, close: async () => undefined };
    const r = rig(broken);
    try {
      goTo(r.world, r.robot, 'bed_1');
      r.world.start(50);
      const sent = send(r.graph, r.world);
      await until('detect_person ends', () => sent.outcome !== undefined, 30_000);
      expect(sent.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { found: false, confidence: 0, message: 'person detector failed: model file unreadable' } });
      expect(r.world.clock.held).toBe(false);
      const before = r.world.clock.now();
      await until('time moves on', () => r.world.clock.now() > before + 1000, 10_000);
    } finally {
      r.close();
    }
  }, 60_000);
});
