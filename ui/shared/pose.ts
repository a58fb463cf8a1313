// Poses on the floor plan (metres and radians in the ROS map frame), as the apps draw them.
export interface Pose2D { x: number; y: number; yaw: number }

export function wrapAngle(angle: number): number {
  return Math.atan2(Math.sin(angle), Math.cos(angle));
}

/** From `from` towards `to` by `fraction` (clamped to 0..1), turning the short way round. */
export function interpolatePose(from: Pose2D, to: Pose2D, fraction: number): Pose2D {
  const f = Math.min(1, Math.max(0, fraction));
  return {
    x: from.x + (to.x - from.x) * f,
    y: from.y + (to.y - from.y) * f,
    yaw: from.yaw + wrapAngle(to.yaw - from.yaw) * f,
  };
}

/** Yaw about z of a geometry_msgs Quaternion; 0 when a component is missing (NaN travels as null). */
export function quaternionYaw(q: { x: number | null; y: number | null; z: number | null; w: number | null }): number {
  const { x, y, z, w } = q;
  if (![x, y, z, w].every((v) => typeof v === 'number' && Number.isFinite(v))) return 0;
  return Math.atan2(2 * (w! * z! + x! * y!), 1 - 2 * (y! * y! + z! * z!));
}
