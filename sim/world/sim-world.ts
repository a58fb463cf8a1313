import type { WardMap } from '../../robot/map/index.js';
import { NavGraph } from '../nav/index.js';
import type { NavGraphOptions } from '../nav/index.js';
import { SimClock } from './clock.js';
import { childSeed, createRng } from './rng.js';
import type { Rng } from './rng.js';
import { robotConfig } from './robot-config.js';
import type { SimRobotConfig } from './robot-config.js';
import { SimRobot } from './sim-robot.js';
import { spawnPoses } from './spawn.js';
import type { RobotPose } from './types.js';

export interface SimWorldOptions {
  ward: WardMap;
  /** A count (robots robot_1..robot_N) or names; default: the ward's listed robots, or one. */
  robots?: number | string[];
  seed?: number;
  robotConfig?: Partial<SimRobotConfig>;
  /** Fixed physics step, seconds. */
  physicsDtSec?: number;
  graph?: NavGraphOptions;
}

/** Real-time loop period, wall milliseconds. */
const LOOP_MS = 10;
/** A stalled event loop catches up at most this much wall time, so one hiccup is not a burst of motion. */
const MAX_CATCH_UP_MS = 250;

/**
 * The simulated ward: robots on a lane graph under one clock. Time advances only in fixed physics
 * steps, so the same seed and the same commands at the same sim times give the same trajectories,
 * whether the world runs headless (`runFor`) or in real time (`start`).
 */
export class SimWorld {
  readonly ward: WardMap;
  readonly graph: NavGraph;
  readonly clock = new SimClock();
  readonly robots: SimRobot[];
  /** Seeded randomness for anything else in the simulation (patients, speech, faults). */
  readonly rng: Rng;
  readonly physicsDtSec: number;
  /** Where each robot started. */
  readonly spawns: ReadonlyMap<string, RobotPose>;
  private readonly physicsDtMs: number;
  private steps = 0;
  private pendingMs = 0;
  private tickListeners: ((simTimeMs: number) => void)[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastWall = 0;
  private goalIds = 0;

  constructor(opts: SimWorldOptions) {
    this.ward = opts.ward;
    this.physicsDtSec = opts.physicsDtSec ?? 0.05;
    if (!(this.physicsDtSec > 0 && this.physicsDtSec <= 1)) {
      throw new RangeError(`SimWorld: physicsDtSec must be in (0, 1] seconds, got ${this.physicsDtSec}`);
    }
    this.physicsDtMs = this.physicsDtSec * 1000;
    this.graph = NavGraph.fromWard(opts.ward, opts.graph);
    this.rng = createRng(opts.seed ?? 1);
    const config = robotConfig(opts.robotConfig);
    const names = robotNames(opts);
    const poses = spawnPoses(opts.ward, names);
    this.spawns = poses;
    this.robots = names.map((name) => new SimRobot({
      name,
      pose: poses.get(name)!,
      ward: opts.ward,
      graph: this.graph,
      clock: this.clock,
      config,
      rng: createRng(childSeed(this.rng)),
      nextGoalId: () => ++this.goalIds,
    }));
  }

  robot(name: string): SimRobot | undefined {
    return this.robots.find((r) => r.name === name);
  }

  /** Advances by `dtSec` in whole physics steps; a remainder carries over to the next call. */
  step(dtSec: number): void {
    if (!(dtSec >= 0 && Number.isFinite(dtSec))) throw new RangeError(`SimWorld.step: dtSec must be a non-negative number, got ${dtSec}`);
    // Held (SimClock.hold): time stands still, and what was asked meanwhile is not made up afterwards.
    if (this.clock.held) return;
    this.pendingMs += dtSec * 1000;
    // The epsilon absorbs float error so that step(0.05) with a 0.05 s physics step is exactly one step.
    while (this.pendingMs >= this.physicsDtMs - 1e-6) {
      this.pendingMs -= this.physicsDtMs;
      this.physicsStep();
      if (this.clock.held) {
        this.pendingMs = 0;
        return;
      }
    }
  }

  /** Headless: runs as fast as the machine allows, synchronously. */
  runFor(simSeconds: number): void {
    this.step(simSeconds);
  }

  start(timeScale: number): void {
    this.setTimeScale(timeScale);
    if (this.timer) return;
    this.lastWall = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      // Wall time spent held (a detector blocking the event loop, say) is not made up on release.
      const wallMs = Math.min(now - Math.max(this.lastWall, this.clock.lastReleaseWallMs), MAX_CATCH_UP_MS);
      this.lastWall = now;
      if (!this.clock.paused) this.step((wallMs / 1000) * this.clock.timeScale);
    }, LOOP_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  setTimeScale(x: number): void {
    this.clock.timeScale = x;
  }

  on(event: 'tick', cb: (simTimeMs: number) => void): () => void {
    if (event !== 'tick') throw new RangeError(`SimWorld.on: unknown event "${String(event)}"`);
    this.tickListeners.push(cb);
    return () => {
      this.tickListeners = this.tickListeners.filter((l) => l !== cb);
    };
  }

  private physicsStep(): void {
    this.steps++;
    this.clock.advanceTo(this.steps * this.physicsDtMs);
    for (const r of this.robots) r.update(this.physicsDtSec);
    const now = this.clock.now();
    for (const cb of this.tickListeners) cb(now);
  }
}

function robotNames(opts: SimWorldOptions): string[] {
  const r = opts.robots;
  let names: string[];
  if (r === undefined) names = opts.ward.robots.length ? opts.ward.robots.map((x) => x.name) : ['robot_1'];
  else if (typeof r === 'number') {
    if (!(Number.isInteger(r) && r >= 0)) throw new RangeError(`SimWorld: robots must be a whole number, got ${r}`);
    names = Array.from({ length: r }, (_, i) => `robot_${i + 1}`);
  } else names = [...r];
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new RangeError(`SimWorld: robot name "${dup}" given twice`);
  return names;
}
