import type { Point, Segment } from '../../robot/map/index.js';

export function dist(a: Point, b: Point): number {
  return Math.hypot(b.x - a.x, b.y - a.y);
}

/** Parameter t ∈ [0, 1] of the point on segment ab nearest to p. */
export function closestT(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  return Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
}

export function lerp(a: Point, b: Point, t: number): Point {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
}

export function distToSegment(p: Point, a: Point, b: Point): number {
  return dist(p, lerp(a, b, closestT(p, a, b)));
}

function orient(a: Point, b: Point, c: Point): number {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/**
 * True when the spur p1→p2 runs into the wall q1→q2: they cross, or the spur passes over one of
 * the wall's ends (two walls meeting at a corner would otherwise let a spur slip through the joint).
 * The spur's own ends may lie on the wall: a place in a doorway or a lane vertex drawn on a wall line
 * must not be rejected for it.
 */
export function segmentsCross(p1: Point, p2: Point, q1: Point, q2: Point): boolean {
  const eps = 1e-9;
  const d1 = orient(q1, q2, p1);
  const d2 = orient(q1, q2, p2);
  const d3 = orient(p1, p2, q1);
  const d4 = orient(p1, p2, q2);
  const proper = ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) && ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps));
  return proper || insideSpur(q1, p1, p2) || insideSpur(q2, p1, p2);
}

/** Whether q lies on segment ab, away from both of its ends. */
function insideSpur(q: Point, a: Point, b: Point): boolean {
  const len = dist(a, b);
  if (len === 0) return false;
  const t = closestT(q, a, b);
  const margin = 1e-6 / len;
  return t > margin && t < 1 - margin && distToSegment(q, a, b) < 1e-6;
}

export function crossesAnyWall(a: Point, b: Point, walls: readonly Segment[]): boolean {
  const minX = Math.min(a.x, b.x);
  const maxX = Math.max(a.x, b.x);
  const minY = Math.min(a.y, b.y);
  const maxY = Math.max(a.y, b.y);
  for (const w of walls) {
    if (Math.max(w.a.x, w.b.x) < minX || Math.min(w.a.x, w.b.x) > maxX) continue;
    if (Math.max(w.a.y, w.b.y) < minY || Math.min(w.a.y, w.b.y) > maxY) continue;
    if (segmentsCross(a, b, w.a, w.b)) return true;
  }
  return false;
}
