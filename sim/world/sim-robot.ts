import type { WardMap } from '../../robot/map/index.js';
import { findPlace, unknownPlaceMessage } from '../../robot/map/index.js';
import { planRoute } from '../nav/index.js';
import type { NavGraph, RouteTarget } from '../nav/index.js';
import { Battery } from './battery.js';
import type { BatteryReading } from './battery.js';
import type { SimClock } from './clock.js';
import { GoalHandle } from './goal-handle.js';
import { approach } from './motion-math.js';
import { PathFollower, integrate } from './path-follower.js';
import type { Kinematics } from './path-follower.js';
import type { Rng } from './rng.js';
import type { SimRobotConfig } from './robot-config.js';
import type { GoToOptions, GoToResult, GoToTarget, NavOutcome, RobotMode, RobotPose } from './types.js';

/** Feedback is sent at most this often, sim milliseconds. */
const FEEDBACK_PERIOD_MS = 100;

interface ActiveGoal {
  handle: GoalHandle;
  follower: PathFollower;
  target: RouteTarget;
  label: string;
  finalYaw: number | null;
  maxSpeed: number;
  startMs: number;
  lastFeedbackMs: number;
  graphVersion: number;
}

export interface SimRobotDeps {
  name: string;
  pose: RobotPose;
  ward: WardMap;
  graph: NavGraph;
  clock: SimClock;
  config: SimRobotConfig;
  rng: Rng;
  /** Goal ids are unique across the world, so a log line names one goal unambiguously. */
  nextGoalId: () => number;
}

export class SimRobot {
  readonly name: string;
  private readonly k: Kinematics;
  private readonly pack: Battery;
  private goal: ActiveGoal | null = null;
  /** A canceled goal whose robot is still braking; it settles when the robot stands still. */
  private braking: GoalHandle | null = null;
  private readonly chargers: { level: string; x: number; y: number }[];

  constructor(private readonly deps: SimRobotDeps) {
    this.name = deps.name;
    this.k = { pose: { ...deps.pose }, v: 0, w: 0 };
    this.pack = new Battery(deps.config);
    this.chargers = deps.ward.places.filter((p) => p.kind === 'charger');
  }

  pose(): RobotPose {
    return { ...this.k.pose };
  }

  velocity(): { linear: number; angular: number } {
    return { linear: this.k.v, angular: this.k.w };
  }

  battery(): BatteryReading {
    return this.pack.reading();
  }

  mode(): RobotMode {
    if (this.pack.empty && !this.pack.reading().charging) return 'error';
    if (this.goal) return 'navigating';
    if (this.pack.reading().charging) return 'charging';
    return 'idle';
  }

  currentGoal(): string | null {
    return this.goal?.label ?? null;
  }

  plannedPath(): { level: string; x: number; y: number }[] {
    return this.goal ? this.goal.follower.remaining() : [];
  }

  goTo(target: GoToTarget, opts: GoToOptions = {}): GoToResult {
    if (opts.maxSpeed !== undefined && !(opts.maxSpeed > 0)) {
      throw new RangeError(`goTo: maxSpeed must be a positive number of m/s, got ${opts.maxSpeed}`);
    }
    if (this.pack.empty) return { ok: false, code: 'LOW_BATTERY', message: `${this.name}: battery is empty; charge it first` };

    let routeTarget: RouteTarget;
    let label: string;
    let finalYaw: number | null;
    if ('place' in target) {
      const place = findPlace(this.deps.ward, target.place);
      if (!place) return { ok: false, code: 'UNKNOWN_PLACE', message: unknownPlaceMessage(this.deps.ward, target.place) };
      routeTarget = { place: place.name };
      label = place.name;
      finalYaw = place.yaw;
    } else {
      routeTarget = { level: target.level ?? this.k.pose.level, x: target.x, y: target.y };
      label = `${target.x},${target.y}`;
      finalYaw = target.yaw ?? null;
    }

    const plan = planRoute(this.deps.graph, this.k.pose, routeTarget);
    if (!plan.ok) return { ok: false, code: plan.code, message: `${this.name}: ${plan.message}` };

    const handle = new GoalHandle(this.deps.nextGoalId(), (h) => this.onCancel(h));
    if (this.goal) {
      this.goal.handle.finish({ status: 'canceled', code: 'PREEMPTED', message: `preempted by goal ${handle.id} (${label})` });
    }
    // The new goal takes over the motion, so a pending cancel is complete now.
    this.settleBraking();
    const maxSpeed = opts.maxSpeed ?? this.deps.config.maxLinearSpeed;
    this.goal = {
      handle,
      follower: new PathFollower(plan.route, finalYaw, maxSpeed, this.deps.config, this.deps.graph.options.liftRideSec),
      target: routeTarget,
      label,
      finalYaw,
      maxSpeed,
      startMs: this.deps.clock.now(),
      lastFeedbackMs: -Infinity,
      graphVersion: this.deps.graph.version,
    };
    return { ok: true, handle };
  }

  setBattery(fraction: number): void {
    this.pack.set(fraction);
  }

  /** The charge (0..1) the robot started with. */
  get initialBattery(): number {
    return this.deps.config.initialBattery;
  }

  /**
   * Puts the robot down at `pose`, standing still, as a person carrying it would (a scenario's reset).
   * A goal it was driving to ends aborted with `reason`.
   */
  relocate(pose: RobotPose, reason: string): void {
    if (!this.deps.graph.hasLevel(pose.level)) throw new RangeError(`relocate: unknown level "${pose.level}"`);
    this.endGoal({ status: 'aborted', code: 'PREEMPTED', message: `${this.name}: ${reason}` });
    this.k.pose = { ...pose };
    this.k.v = 0;
    this.k.w = 0;
    this.settleBraking();
  }

  /** One physics step; the world calls this with the clock already at the step's end. */
  update(dt: number): void {
    this.pack.update(dt, this.k.v, this.onCharger());
    if (this.pack.empty) {
      this.k.v = 0;
      this.k.w = 0;
      this.settleBraking();
      this.endGoal({ status: 'aborted', code: 'LOW_BATTERY', message: `${this.name}: battery ran out` });
      return;
    }

    const goal = this.goal;
    const noise = (): number => (this.deps.config.speedNoise === 0 ? 0 : (this.deps.rng() * 2 - 1) * this.deps.config.speedNoise);
    if (goal) {
      if (goal.graphVersion !== this.deps.graph.version && !this.replanIfBlocked(goal)) return;
      const reached = goal.follower.step(this.k, dt, noise);
      if (reached) {
        this.endGoal({ status: 'succeeded', code: 'NONE', message: `${this.name} reached ${goal.label}` });
        return;
      }
      this.sendFeedback(goal);
    } else if (this.braking || this.k.v !== 0 || this.k.w !== 0) {
      const cfg = this.deps.config;
      this.k.v = approach(this.k.v, 0, cfg.maxLinearAccel * dt);
      this.k.w = approach(this.k.w, 0, cfg.maxYawAccel * dt);
      integrate(this.k, dt, noise);
      if (this.k.v === 0 && this.k.w === 0) this.settleBraking();
    }
  }

  private onCancel(h: GoalHandle): void {
    if (this.goal?.handle !== h) return;
    this.goal = null;
    this.braking = h;
    if (this.k.v === 0 && this.k.w === 0) this.settleBraking();
  }

  private settleBraking(): void {
    this.braking?.finish({ status: 'canceled', code: 'CANCELED', message: `${this.name}: goal canceled` });
    this.braking = null;
  }

  private endGoal(outcome: NavOutcome): void {
    const goal = this.goal;
    if (!goal) return;
    this.goal = null;
    goal.handle.finish(outcome);
  }

  /** After a block or unblock: keeps the plan if its remaining legs are clear, else plans again. Returns false if the goal ended. */
  private replanIfBlocked(goal: ActiveGoal): boolean {
    const graph = this.deps.graph;
    goal.graphVersion = graph.version;
    if (goal.follower.riding) return true;
    const ahead = [{ ...this.k.pose }, ...goal.follower.remaining()];
    const legs = goal.follower.route.legs.slice(goal.follower.route.legs.length - (ahead.length - 1));
    const blocked = legs.some((leg, i) => graph.isLegBlocked(ahead[i]!, ahead[i + 1]!, leg.lift));
    if (!blocked) return true;
    const plan = planRoute(graph, this.k.pose, goal.target);
    if (!plan.ok) {
      // With no goal the robot brakes at its normal limit in the following steps.
      this.endGoal({ status: 'aborted', code: 'BLOCKED', message: `${this.name}: way to ${goal.label} is blocked (${plan.message})` });
      return false;
    }
    goal.follower = new PathFollower(plan.route, goal.finalYaw, goal.maxSpeed, this.deps.config, graph.options.liftRideSec);
    return true;
  }

  private sendFeedback(goal: ActiveGoal): void {
    const now = this.deps.clock.now();
    if (now - goal.lastFeedbackMs < FEEDBACK_PERIOD_MS) return;
    goal.lastFeedbackMs = now;
    const pose = this.pose();
    goal.handle.emit({
      pose,
      distanceRemaining: goal.follower.distanceRemaining(pose),
      etaSec: goal.follower.etaSec(pose),
      elapsedSec: (now - goal.startMs) / 1000,
    });
  }

  private onCharger(): boolean {
    if (this.goal || this.k.v !== 0) return false;
    const p = this.k.pose;
    const r = this.deps.config.chargerRadius;
    return this.chargers.some((c) => c.level === p.level && Math.hypot(c.x - p.x, c.y - p.y) <= r);
  }
}
