import type { Place, WardMap } from '../../robot/map/index.js';
import type { RobotPose } from './types.js';

/** Two spawn spots closer than this would put robots on top of each other, metres. */
const MIN_SPACING_M = 0.8;

/**
 * Where each robot starts: the ward's own `robots` entry if it has one, otherwise the next free
 * charger, then parking place. Listed robots are placed first so an unlisted one never takes their spot.
 */
export function spawnPoses(ward: WardMap, names: readonly string[]): Map<string, RobotPose> {
  const out = new Map<string, RobotPose>();
  const taken: Place[] = [];
  const free = (p: Place): boolean =>
    !taken.some((t) => t.level === p.level && Math.hypot(t.x - p.x, t.y - p.y) < MIN_SPACING_M);
  const put = (name: string, p: Place): void => {
    taken.push(p);
    out.set(name, { level: p.level, x: p.x, y: p.y, yaw: p.yaw ?? 0 });
  };

  for (const name of names) {
    const listed = ward.robots.find((r) => r.name === name);
    if (!listed) continue;
    const place = ward.places.find((p) => p.name === listed.place)!;
    if (!free(place)) throw new Error(`${ward.file}: robots: ${name} would spawn on top of another robot at ${place.name}`);
    put(name, place);
  }
  const spare = [...ward.places.filter((p) => p.kind === 'charger'), ...ward.places.filter((p) => p.kind === 'parking')];
  for (const name of names) {
    if (out.has(name)) continue;
    const place = spare.find(free);
    if (!place) {
      throw new Error(`${ward.file}: no free charger or parking place left for ${name} (${names.length} robots); add spawn places under robots:`);
    }
    put(name, place);
  }
  return out;
}
