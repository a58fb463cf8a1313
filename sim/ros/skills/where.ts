// Where a robot stands, in ward terms: the place (a bed, the pharmacy) it is at, if any.
import type { Place, WardMap } from '../../../robot/index.js';
import type { RobotPose } from '../../world/index.js';

/** How far from a place's stop a robot still counts as standing at it, metres. */
export const AT_PLACE_RADIUS_M = 1;

/**
 * The nearest place within the radius on the robot's level; at equal distance a ward place (bed,
 * pharmacy) wins over a bare waypoint of the building map, since two can share one spot.
 */
export function placeAt(ward: WardMap, pose: RobotPose, filter: (p: Place) => boolean = () => true): Place | undefined {
  let best: { place: Place; d: number } | undefined;
  for (const place of ward.places) {
    if (place.level !== pose.level || !filter(place)) continue;
    const d = Math.hypot(place.x - pose.x, place.y - pose.y);
    if (d > AT_PLACE_RADIUS_M) continue;
    const better = !best || d < best.d - 1e-9 || (Math.abs(d - best.d) <= 1e-9 && best.place.kind === 'waypoint' && place.kind !== 'waypoint');
    if (better) best = { place, d };
  }
  return best?.place;
}

export function bedAt(ward: WardMap, pose: RobotPose): Place | undefined {
  return placeAt(ward, pose, (p) => p.kind === 'bed');
}
