export function wrapAngle(a: number): number {
  let x = (a + Math.PI) % (2 * Math.PI);
  if (x < 0) x += 2 * Math.PI;
  return x - Math.PI;
}

/** Moves `current` toward `target` by at most `maxStep`. */
export function approach(current: number, target: number, maxStep: number): number {
  if (target > current) return Math.min(target, current + maxStep);
  return Math.max(target, current - maxStep);
}

/**
 * Highest speed from which braking at `accel`, one `dt` step at a time, still stops within
 * `distance`. The discrete form (not √(2ad)) makes the last step before the goal end at about
 * accel·dt, so stopping there never needs more than the braking limit.
 */
export function stoppingSpeed(distance: number, accel: number, dt: number): number {
  if (distance <= 0) return 0;
  const adt = accel * dt;
  return (-adt + Math.sqrt(adt * adt + 8 * accel * distance)) / 2;
}

/** Turn-rate command that closes a heading error without overshoot under the yaw limits. */
export function turnRate(error: number, maxRate: number, maxAccel: number, dt: number): number {
  const mag = Math.min(maxRate, stoppingSpeed(Math.abs(error), maxAccel, dt), Math.abs(error) / dt);
  return Math.sign(error) * mag;
}
