// Ray tests in the floor plane for the camera renderer: a ray against the ward's wall segments and
// against upright boxes (beds, people, robots) seen from above as oriented rectangles.
import type { Segment } from '../../robot/index.js';

/** Below this, a ray counts as parallel to a wall or a box side. */
const PARALLEL = 1e-12;
/** Hits closer than this (metres) are the camera's own surface, not something it sees. */
const MIN_T = 1e-6;

/** Walls packed once per frame into flat arrays: the per-column loop then touches no objects. */
export interface WallSet {
  readonly count: number;
  /** Start point and direction (end − start) of each wall, metres. */
  readonly ax: Float64Array;
  readonly ay: Float64Array;
  readonly ex: Float64Array;
  readonly ey: Float64Array;
}

export function packWalls(walls: readonly Segment[]): WallSet {
  const n = walls.length;
  const set = { count: n, ax: new Float64Array(n), ay: new Float64Array(n), ex: new Float64Array(n), ey: new Float64Array(n) };
  walls.forEach((w, i) => {
    set.ax[i] = w.a.x;
    set.ay[i] = w.a.y;
    set.ex[i] = w.b.x - w.a.x;
    set.ey[i] = w.b.y - w.a.y;
  });
  return set;
}

/** The nearest wall a ray from (ox, oy) along the unit (dx, dy) meets: its distance and index, or t = Infinity. */
export function nearestWall(walls: WallSet, ox: number, oy: number, dx: number, dy: number): { t: number; index: number } {
  let best = Infinity;
  let index = -1;
  const { ax, ay, ex, ey } = walls;
  for (let i = 0; i < walls.count; i++) {
    const exi = ex[i]!;
    const eyi = ey[i]!;
    // Solve origin + t·dir = a + u·e by Cramer's rule; the wall is hit when t > 0 and 0 ≤ u ≤ 1.
    const den = dx * eyi - dy * exi;
    if (den > -PARALLEL && den < PARALLEL) continue;
    const wx = ax[i]! - ox;
    const wy = ay[i]! - oy;
    const t = (wx * eyi - wy * exi) / den;
    if (t <= MIN_T || t >= best) continue;
    const u = (wx * dy - wy * dx) / den;
    if (u < 0 || u > 1) continue;
    best = t;
    index = i;
  }
  return { t: best, index };
}

/** An upright box: a rectangle in the floor plane centred at (cx, cy), its length along `yaw`. */
export interface Footprint {
  cx: number;
  cy: number;
  yaw: number;
  halfLength: number;
  halfWidth: number;
}

/**
 * Where a ray enters and leaves a box footprint (slab method in the box's own frame), and which pair
 * of sides it entered through (0: the ends across `yaw`, 1: the long sides), for shading. Null when
 * it misses, or when the camera stands inside the box (nothing of it could be seen).
 */
export function rayBox(box: Footprint, ox: number, oy: number, dx: number, dy: number): { near: number; far: number; side: 0 | 1 } | null {
  const c = Math.cos(box.yaw);
  const s = Math.sin(box.yaw);
  const px = ox - box.cx;
  const py = oy - box.cy;
  // Into the box frame: rotate by −yaw.
  const lox = c * px + s * py;
  const loy = -s * px + c * py;
  const ldx = c * dx + s * dy;
  const ldy = -s * dx + c * dy;
  // x slab (the ends), then y slab (the long sides); written out twice to stay allocation-free per ray.
  let near = -Infinity;
  let far = Infinity;
  let side: 0 | 1 = 0;
  if (ldx > -PARALLEL && ldx < PARALLEL) {
    if (lox < -box.halfLength || lox > box.halfLength) return null;
  } else {
    const t1 = (-box.halfLength - lox) / ldx;
    const t2 = (box.halfLength - lox) / ldx;
    near = Math.min(t1, t2);
    far = Math.max(t1, t2);
  }
  if (ldy > -PARALLEL && ldy < PARALLEL) {
    if (loy < -box.halfWidth || loy > box.halfWidth) return null;
  } else {
    const t1 = (-box.halfWidth - loy) / ldy;
    const t2 = (box.halfWidth - loy) / ldy;
    if (Math.min(t1, t2) > near) {
      near = Math.min(t1, t2);
      side = 1;
    }
    far = Math.min(far, Math.max(t1, t2));
  }
  if (near > far || near <= MIN_T) return null;
  return { near, far, side };
}
