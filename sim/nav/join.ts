import type { Point, Segment } from '../../robot/map/index.js';
import { closestT, crossesAnyWall, dist, lerp } from './geometry.js';

export interface JoinTarget {
  a: Point;
  b: Point;
}

export interface Join {
  /** Index into the targets the search was given. */
  target: number;
  t: number;
  point: Point;
  distance: number;
  /** True only when no wall-free join existed and the nearest one was taken anyway. */
  throughWall: boolean;
}

export interface JoinOptions {
  /** How many joins to return, each on a different target. */
  count: number;
  /** Joins farther than this are ignored. */
  maxDistance: number;
  /** Further joins are returned only while within this much of the best one, metres. */
  slack: number;
}

/** Spacing of the extra points tried along each target when the nearest point is behind a wall. */
const SAMPLE_STEP_M = 0.25;

/**
 * Joins a point to nearby segments, preferring joins whose straight spur crosses no wall.
 * The nearest point of a segment is often behind a wall (a room whose door is off to one side of
 * the perpendicular), so points along each segment are tried too, nearest first.
 */
export function findJoins(p: Point, targets: readonly JoinTarget[], walls: readonly Segment[], opts: JoinOptions): Join[] {
  const candidates: { target: number; t: number; d: number }[] = [];
  targets.forEach((s, i) => {
    const t0 = closestT(p, s.a, s.b);
    const d0 = dist(p, lerp(s.a, s.b, t0));
    if (d0 > opts.maxDistance) return;
    candidates.push({ target: i, t: t0, d: d0 });
    const len = dist(s.a, s.b);
    const steps = Math.floor(len / SAMPLE_STEP_M);
    for (let k = 0; k <= steps + 1; k++) {
      const t = Math.min(1, (k * SAMPLE_STEP_M) / (len || 1));
      const d = dist(p, lerp(s.a, s.b, t));
      if (d <= opts.maxDistance) candidates.push({ target: i, t, d });
    }
  });
  if (candidates.length === 0) return [];
  candidates.sort((x, y) => x.d - y.d || x.target - y.target || x.t - y.t);

  const joins: Join[] = [];
  const used = new Set<number>();
  for (const c of candidates) {
    if (joins.length >= opts.count) break;
    if (joins.length > 0 && c.d > joins[0]!.distance + opts.slack) break;
    if (used.has(c.target)) continue;
    const s = targets[c.target]!;
    const point = lerp(s.a, s.b, c.t);
    if (crossesAnyWall(p, point, walls)) continue;
    used.add(c.target);
    joins.push({ target: c.target, t: c.t, point, distance: c.d, throughWall: false });
  }
  if (joins.length === 0) {
    const c = candidates[0]!;
    const s = targets[c.target]!;
    joins.push({ target: c.target, t: c.t, point: lerp(s.a, s.b, c.t), distance: c.d, throughWall: true });
  }
  return joins;
}
