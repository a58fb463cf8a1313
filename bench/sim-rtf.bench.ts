// sim_rtf: how much faster than real time the simulator runs headless, with its ROS nodes publishing.
import { pino } from 'pino';
import { loadWard, toRosTime } from '../robot/index.js';
import { CLINIC_WARD_FILE, SimWorld, RosGraph, attachWorld } from '../sim/index.js';
import { progress, report, type Benchmark } from './report.js';

const SIM_SECONDS = 3600;
const ROBOTS = 3;

function runOnce(): { wallSec: number; trips: number } {
  const ward = loadWard(CLINIC_WARD_FILE);
  const world = new SimWorld({ ward, robots: ROBOTS, seed: 7 });
  const graph = new RosGraph({ logger: pino({ level: 'silent' }), clock: () => toRosTime(world.clock.nowSec()) });
  const bindings = attachWorld(graph, world, { logger: pino({ level: 'silent' }) });
  const beds = ward.places.filter((p) => p.kind === 'bed' || p.kind === 'pharmacy' || p.kind === 'nurse_station');
  let trips = 0;
  let next = 0;
  // Back-to-back trips: whenever a robot stands idle it is sent to the next place in a fixed cycle.
  world.on('tick', () => {
    for (const robot of world.robots) {
      if (robot.mode() === 'navigating') continue;
      const place = beds[(next++ * 7) % beds.length]!;
      if (robot.goTo({ place: place.name }).ok) trips++;
    }
  });
  const t0 = performance.now();
  for (let done = 0; done < SIM_SECONDS; done += 600) {
    world.runFor(600);
    progress(`${done + 600} / ${SIM_SECONDS} sim s`);
  }
  const wallSec = (performance.now() - t0) / 1000;
  for (const b of bindings) b.destroy();
  return { wallSec, trips };
}

const bench: Benchmark = {
  name: 'sim_rtf',
  about: `${ROBOTS} robots on back-to-back trips on the clinic map for one simulated hour, headless (goal ≥ 480×)`,
  async run() {
    runOnce(); // warm-up: JIT and map parsing caches
    const { wallSec, trips } = runOnce();
    progress(`${trips} trips in ${wallSec.toFixed(2)} s wall`);
    report('sim_rtf', SIM_SECONDS / wallSec, 'x');
  },
};
export default bench;
