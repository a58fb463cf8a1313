// Public surface of the simulator: a simulated ward whose robots speak the robot's ROS interfaces
// over a rosbridge v2 WebSocket, so that the very code that drives real robots drives these.
import { pino, type Logger } from 'pino';
import { loadWard, toRosTime, type WardMap } from '../robot/index.js';
import { BUILTIN_WARD_FILE } from './maps/index.js';
import { attachWorld, type RobotBinding } from './ros/index.js';
import { RosGraph, RosbridgeServer } from './rosbridge/index.js';
import { SimWorld } from './world/index.js';

export { BUILTIN_WARD_FILE, CLINIC_WARD_FILE } from './maps/index.js';
export { SimWorld, SimRobot, SimClock, DEFAULT_ROBOT_CONFIG } from './world/index.js';
export type {
  SimWorldOptions, SimRobotConfig, BatteryReading, GoToOptions, GoToResult, GoToTarget, NavFeedback,
  NavigationHandle, NavOutcome, NavOutcomeCode, RobotMode, RobotPose,
} from './world/index.js';
export { NavGraph, planRoute } from './nav/index.js';
export type { Route, RoutePlan, RouteTarget, RouteFailureCode, BlockSpec, NavGraphOptions } from './nav/index.js';
export { RosGraph, RosNode, RosbridgeServer, startRosbridge, GraphError } from './rosbridge/index.js';
export type { RosbridgeOptions, GoalOutcome, GoalHandle, ClientGoal } from './rosbridge/index.js';
export { attachRobot, attachWorld, robotNodeNames, ROBOT_RATES } from './ros/index.js';
export type { RobotBinding } from './ros/index.js';

export interface SimulationOptions {
  /** Ward file (`*.ward.yaml`); the built-in ten-bed ward by default. */
  wardFile?: string;
  /** An already loaded ward (e.g. from `resolveWard`); wins over wardFile. */
  ward?: WardMap;
  /** How many robots (robot_1..robot_N); default: the robots the ward file lists. */
  robots?: number;
  seed?: number;
  /** Sim seconds per wall second; 'max' runs as fast as the machine allows, yielding to I/O. Default 1. */
  timeScale?: number | 'max';
  host?: string;
  /** 9090 by default; 0 lets the OS pick a free port. */
  rosbridgePort?: number;
  logger?: Logger;
}

export interface Simulation {
  world: SimWorld;
  rosbridge: RosbridgeServer;
  /** ws://HOST:PORT of the rosbridge server. */
  url: string;
  setTimeScale(x: number | 'max'): void;
  pause(): void;
  resume(): void;
  /** Cuts every rosbridge client off, as when the network link dies. */
  dropClients(): void;
  close(): Promise<void>;
}

/** In 'max' mode the world steps for this long (wall) before letting sockets and timers run. */
const MAX_SLICE_MS = 4;

export async function startSimulation(opts: SimulationOptions = {}): Promise<Simulation> {
  const log = opts.logger ?? pino({ name: 'sim', level: process.env.LOG_LEVEL ?? 'info' });
  const ward = opts.ward ?? loadWard(opts.wardFile ?? BUILTIN_WARD_FILE);
  const world = new SimWorld({ ward, ...(opts.robots === undefined ? {} : { robots: opts.robots }), ...(opts.seed === undefined ? {} : { seed: opts.seed }) });
  const graph = new RosGraph({ logger: log.child({ component: 'ros' }), clock: () => toRosTime(world.clock.nowSec()) });
  const bindings: RobotBinding[] = attachWorld(graph, world, { logger: log.child({ component: 'robot' }) });
  let rosbridge: RosbridgeServer;
  try {
    rosbridge = await RosbridgeServer.start({
      graph, host: opts.host ?? '127.0.0.1', port: opts.rosbridgePort ?? 9090, logger: log.child({ component: 'rosbridge' }),
    });
  } catch (err) {
    for (const b of bindings) b.destroy();
    throw err;
  }

  const driver = new WorldDriver(world);
  driver.run(opts.timeScale ?? 1);
  log.info({ ward: ward.name, robots: world.robots.map((r) => r.name), url: rosbridge.url, timeScale: opts.timeScale ?? 1 }, 'simulation started');

  let closed: Promise<void> | undefined;
  return {
    world,
    rosbridge,
    url: rosbridge.url,
    setTimeScale: (x) => driver.run(x),
    pause: () => driver.pause(),
    resume: () => driver.resume(),
    dropClients: () => void rosbridge.dropClients(),
    close: () => {
      closed ??= (async () => {
        driver.pause();
        await rosbridge.close();
        for (const b of bindings) b.destroy();
      })();
      return closed;
    },
  };
}

/** Runs the world in real time at a scale (SimWorld's own loop) or flat out in slices. */
class WorldDriver {
  private scale: number | 'max' = 1;
  private paused = false;
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly world: SimWorld) {}

  run(scale: number | 'max'): void {
    if (scale !== 'max' && !(Number.isFinite(scale) && scale > 0)) {
      throw new RangeError(`timeScale must be a positive number or 'max', got ${String(scale)}`);
    }
    this.scale = scale;
    if (this.paused) return;
    this.halt();
    if (scale === 'max') this.slice();
    else this.world.start(scale);
  }

  pause(): void {
    this.paused = true;
    this.world.clock.pause();
    this.halt();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.world.clock.resume();
    this.run(this.scale);
  }

  private halt(): void {
    this.world.stop();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private readonly slice = (): void => {
    const end = performance.now() + MAX_SLICE_MS;
    const dt = this.world.physicsDtSec;
    do this.world.step(dt);
    while (performance.now() < end);
    this.immediate = setImmediate(this.slice);
  };
}
