import type { Route } from '../nav/index.js';
import { approach, stoppingSpeed, turnRate, wrapAngle } from './motion-math.js';
import type { SimRobotConfig } from './robot-config.js';
import type { RobotPose } from './types.js';

export interface Kinematics {
  pose: RobotPose;
  /** m/s, forward only */
  v: number;
  /** rad/s */
  w: number;
}

/** Within this of a stopping point the robot stops steering, so a millimetre of side error cannot spin it. */
const NO_STEER_M = 0.1;
/** Closer than this the robot is on a stopping point, however it faces, metres. */
const ON_POINT_M = 0.005;
/** A waypoint the robot drives through counts as reached this close, metres. */
const PASS_M = 0.15;
const BRAKE_PLAN_FRACTION = 0.9;
/** Slowest corner speed as a fraction of top speed, so shallow bends are not crawled through. */
const MIN_CORNER_FRACTION = 0.25;

/**
 * Drives a differential-drive robot along a route: turns on the spot where the heading error is
 * large, slows for lane limits and corners, stops exactly on the goal (and at sharp corners and
 * lift doors), rides lifts, then turns to the requested final heading.
 */
export class PathFollower {
  private next = 1;
  private rideLeftSec: number | null = null;
  private readonly legLength: number[];
  /** Speed allowed at each waypoint: 0 where the robot must stand still. */
  private readonly pointCap: number[];
  private readonly vmax: number;

  constructor(
    readonly route: Route,
    private readonly finalYaw: number | null,
    maxSpeed: number,
    private readonly cfg: SimRobotConfig,
    private readonly liftRideSec: number,
  ) {
    const wp = route.waypoints;
    this.vmax = Math.min(cfg.maxLinearSpeed, maxSpeed);
    this.legLength = route.legs.map((leg, i) => (leg.lift ? 0 : Math.hypot(wp[i + 1]!.x - wp[i]!.x, wp[i + 1]!.y - wp[i]!.y)));
    this.pointCap = wp.map((_, k) => {
      const out = route.legs[k];
      if (k === 0 || !out || out.lift) return 0;
      const turn = this.turnAt(k);
      if (turn > cfg.rotateInPlaceAngle) return 0;
      const corner = this.vmax * Math.max(MIN_CORNER_FRACTION, 1 - turn / cfg.rotateInPlaceAngle);
      return out.speedLimit > 0 ? Math.min(corner, out.speedLimit) : corner;
    });
  }

  /** Remaining waypoints, the one being driven to first. */
  remaining(): { level: string; x: number; y: number }[] {
    return this.route.waypoints.slice(this.next);
  }

  get riding(): boolean {
    return this.rideLeftSec !== null;
  }

  distanceRemaining(pose: RobotPose): number {
    const wp = this.route.waypoints;
    const target = wp[this.next];
    if (!target) return 0;
    let d = target.level === pose.level ? Math.hypot(target.x - pose.x, target.y - pose.y) : 0;
    for (let k = this.next; k < this.legLength.length; k++) d += this.legLength[k]!;
    return d;
  }

  etaSec(pose: RobotPose): number {
    let t = this.rideLeftSec ?? 0;
    const wp = this.route.waypoints;
    const target = wp[this.next];
    if (target && target.level === pose.level) t += Math.hypot(target.x - pose.x, target.y - pose.y) / this.legSpeed(this.next - 1);
    for (let k = this.next; k < this.route.legs.length; k++) {
      t += this.route.legs[k]!.lift ? this.liftRideSec : this.legLength[k]! / this.legSpeed(k);
    }
    return t;
  }

  /**
   * Advances the robot one step. `noise` scales the distance and angle actually moved (wheel slip).
   * Returns true once the goal is reached and the final heading is held.
   */
  step(k: Kinematics, dt: number, noise: () => number): boolean {
    const cfg = this.cfg;
    const wp = this.route.waypoints;

    if (this.rideLeftSec !== null) {
      this.rideLeftSec -= dt;
      if (this.rideLeftSec > 0) return false;
      const arrival = wp[this.next]!;
      k.pose = { level: arrival.level, x: arrival.x, y: arrival.y, yaw: k.pose.yaw };
      this.rideLeftSec = null;
      this.next++;
      return false;
    }

    if (this.next >= wp.length) return this.align(k, dt, noise);

    if (this.route.legs[this.next - 1]!.lift) {
      k.v = 0;
      k.w = 0;
      this.rideLeftSec = this.liftRideSec;
      return false;
    }

    let target = wp[this.next]!;
    let stop = this.pointCap[this.next] === 0;
    let d = Math.hypot(target.x - k.pose.x, target.y - k.pose.y);
    while (!stop && (d < PASS_M || this.passed(k.pose, this.next))) {
      this.next++;
      target = wp[this.next]!;
      stop = this.pointCap[this.next] === 0;
      d = Math.hypot(target.x - k.pose.x, target.y - k.pose.y);
    }

    if (stop && d < ON_POINT_M && k.v <= cfg.maxLinearAccel * dt) return this.arrive(k);
    const e = wrapAngle(Math.atan2(target.y - k.pose.y, target.x - k.pose.x) - k.pose.yaw);
    const near = stop && d < NO_STEER_M;
    if (near && Math.abs(e) > Math.PI / 2 && d < cfg.goalTolerance) {
      // Slid just past the stopping point: close enough, and turning back would be silly.
      return this.arrive(k);
    }

    const steerAway = Math.abs(e) > cfg.rotateInPlaceAngle && !(near && Math.abs(e) <= Math.PI / 2);
    // Braking for a stop follows the distance along the heading, the same distance the snap below tests,
    // so a centimetre of side error cannot leave the robot too fast on its last step.
    const along = d * Math.cos(e);
    const vTarget = steerAway ? 0 : this.speedCap(stop ? Math.max(0, along) : d, dt);
    const wTarget = near && !steerAway ? 0 : turnRate(e, cfg.maxYawRate, cfg.maxYawAccel, dt);
    k.v = approach(k.v, vTarget, cfg.maxLinearAccel * dt);
    k.w = approach(k.w, wTarget, cfg.maxYawAccel * dt);

    if (stop && !steerAway && k.v > 0 && k.v * dt >= along) {
      // This step would reach the point: end it there. v keeps this step's speed and drops to 0
      // on the next step (via ON_POINT_M), so the reported velocity never brakes harder than allowed.
      k.pose = { ...k.pose, x: target.x, y: target.y, yaw: wrapAngle(k.pose.yaw + k.w * dt) };
      return false;
    }
    integrate(k, dt, noise);
    return false;
  }

  /** Stands on a stopping point; the braking profile has already brought v down to about accel·dt. */
  private arrive(k: Kinematics): boolean {
    k.v = 0;
    this.next++;
    return false;
  }

  private align(k: Kinematics, dt: number, noise: () => number): boolean {
    const cfg = this.cfg;
    k.v = 0;
    if (this.finalYaw === null) {
      k.w = approach(k.w, 0, cfg.maxYawAccel * dt);
    } else {
      const e = wrapAngle(this.finalYaw - k.pose.yaw);
      if (Math.abs(e) < cfg.yawTolerance && Math.abs(k.w) <= cfg.maxYawAccel * dt) k.w = 0;
      else k.w = approach(k.w, turnRate(e, cfg.maxYawRate, cfg.maxYawAccel, dt), cfg.maxYawAccel * dt);
    }
    if (k.w === 0) return true;
    integrate(k, dt, noise);
    return false;
  }

  /** Top speed now: the lane's limit, and no faster than allows slowing for every point ahead. */
  private speedCap(d: number, dt: number): number {
    // Braking is planned a little gentler than the robot can brake, so wheel slip that leaves it
    // slightly fast can always be caught up within the real limit.
    const a = this.cfg.maxLinearAccel * BRAKE_PLAN_FRACTION;
    const leg = this.route.legs[this.next - 1]!;
    let cap = leg.speedLimit > 0 ? Math.min(this.vmax, leg.speedLimit) : this.vmax;
    const horizon = (this.vmax * this.vmax) / (2 * a) + this.vmax;
    let ahead = d;
    for (let k = this.next; k < this.route.waypoints.length; k++) {
      const c = this.pointCap[k]!;
      cap = Math.min(cap, c === 0 ? stoppingSpeed(ahead, a, dt) : Math.sqrt(c * c + 2 * a * ahead));
      if (c === 0 || ahead > horizon) break;
      ahead += this.legLength[k]!;
    }
    return cap;
  }

  private legSpeed(k: number): number {
    const limit = this.route.legs[k]?.speedLimit ?? 0;
    return limit > 0 ? Math.min(limit, this.vmax) : this.vmax;
  }

  private turnAt(k: number): number {
    const wp = this.route.waypoints;
    const a = wp[k - 1]!;
    const b = wp[k]!;
    const c = wp[k + 1];
    if (!c || Math.hypot(b.x - a.x, b.y - a.y) < 1e-6 || Math.hypot(c.x - b.x, c.y - b.y) < 1e-6) return 0;
    return Math.abs(wrapAngle(Math.atan2(c.y - b.y, c.x - b.x) - Math.atan2(b.y - a.y, b.x - a.x)));
  }

  /** Whether the robot is already beyond waypoint k along the leg that ends there. */
  private passed(pose: RobotPose, k: number): boolean {
    const wp = this.route.waypoints;
    const a = wp[k - 1]!;
    const b = wp[k]!;
    return (pose.x - b.x) * (b.x - a.x) + (pose.y - b.y) * (b.y - a.y) > 0;
  }
}

/** Unicycle update at the mid-step heading; `noise()` returns a relative slip for each wheel quantity. */
export function integrate(k: Kinematics, dt: number, noise: () => number): void {
  if (k.v === 0 && k.w === 0) return;
  const ds = k.v * dt * (1 + noise());
  const dth = k.w * dt * (1 + noise());
  const mid = k.pose.yaw + dth / 2;
  k.pose = { level: k.pose.level, x: k.pose.x + ds * Math.cos(mid), y: k.pose.y + ds * Math.sin(mid), yaw: wrapAngle(k.pose.yaw + dth) };
}
