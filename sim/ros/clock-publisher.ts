// /clock (rosgraph_msgs/msg/Clock): the simulation's time for nodes running with use_sim_time, as
// Gazebo publishes it. Every 100 ms of sim time, but at most every 20 ms of wall time: at 'max'
// speed thousands of sim seconds pass per wall second, and a client needs the time, not each step.
import { CLOCK_TOPIC, MESSAGE_TYPES, type Clock } from '../../robot/index.js';
import type { RosGraph } from '../rosbridge/index.js';
import type { SimWorld } from '../world/index.js';
import { RateGate } from './rate-gate.js';
import { epochMsToRosTime } from './sim-time.js';

export const CLOCK_RATES = { simPeriodMs: 100, minWallMs: 20 } as const;
export const CLOCK_NODE = '/sim_clock';

export interface ClockBinding {
  /** Publishes the current time at once (e.g. on pause, so subscribers see where time stopped). */
  publishNow(): void;
  destroy(): void;
}

export function publishClock(graph: RosGraph, world: SimWorld, opts: { epochMs: number; wallNow?: () => number }): ClockBinding {
  const node = graph.createNode(CLOCK_NODE);
  const pub = node.createPublisher<Clock>(CLOCK_TOPIC, MESSAGE_TYPES.clock);
  const gate = new RateGate(CLOCK_RATES.simPeriodMs, CLOCK_RATES.minWallMs, opts.wallNow);
  const publishNow = () => {
    gate.mark(world.clock.now());
    pub.publish({ clock: epochMsToRosTime(opts.epochMs + world.clock.now()) });
  };
  const unsubscribe = world.on('tick', (simMs) => {
    if (pub.subscriptionCount > 0 && gate.due(simMs)) pub.publish({ clock: epochMsToRosTime(opts.epochMs + simMs) });
  });
  return {
    publishNow,
    destroy: () => {
      unsubscribe();
      node.destroy();
    },
  };
}
