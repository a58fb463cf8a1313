// Rounded solids for the camera's per-pixel pass: ellipsoids, capsules and tilted cuboids in 3D, so
// a person (head, torso, limbs) and a raised backrest can be drawn with the curved outlines and
// shading a real detector expects, which the renderer's upright floor-plan boxes cannot give.
//
// A ray here is origin + s·dir with dir not normalised: the renderer passes dir = forward + lateral
// + vertical per pixel with forward of unit length, so s is the forward depth of the hit.
import type { Rgb } from './scene.js';

export type Vec3 = readonly [x: number, y: number, z: number];

/** An ellipsoid: centre, three orthonormal axes and the radius along each, metres. */
export interface Ellipsoid {
  kind: 'ellipsoid';
  centre: Vec3;
  axes: readonly [Vec3, Vec3, Vec3];
  radii: Vec3;
  colour: Rgb;
}

/** A capsule: the points within `radius` of the segment a–b (a limb, a neck). */
export interface Capsule {
  kind: 'capsule';
  a: Vec3;
  b: Vec3;
  radius: number;
  colour: Rgb;
}

/** A box with any orientation: centre, three orthonormal axes and the half size along each. */
export interface Cuboid {
  kind: 'cuboid';
  centre: Vec3;
  axes: readonly [Vec3, Vec3, Vec3];
  half: Vec3;
  colour: Rgb;
}

export type Shape = Ellipsoid | Capsule | Cuboid;

/** Where a ray first meets a shape: the ray parameter and the outward unit normal there. */
export interface ShapeHit {
  s: number;
  nx: number;
  ny: number;
  nz: number;
}

export const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
export function unit(a: Vec3): Vec3 {
  const n = Math.hypot(a[0], a[1], a[2]);
  if (!(n > 0)) throw new RangeError(`cannot normalise a zero vector ${JSON.stringify(a)}`);
  return scale(a, 1 / n);
}
/** A point given in a frame (origin, axes) as world coordinates. */
export function inFrame(origin: Vec3, axes: readonly [Vec3, Vec3, Vec3], p: Vec3): Vec3 {
  return add(origin, add(scale(axes[0], p[0]), add(scale(axes[1], p[1]), scale(axes[2], p[2]))));
}

/** Eight points whose convex hull holds the shape: its box's corners, for culling it to a screen rectangle. */
export function boundingCorners(shape: Shape): Vec3[] {
  if (shape.kind === 'capsule') {
    const r = shape.radius;
    const lo: Vec3 = [Math.min(shape.a[0], shape.b[0]) - r, Math.min(shape.a[1], shape.b[1]) - r, Math.min(shape.a[2], shape.b[2]) - r];
    const hi: Vec3 = [Math.max(shape.a[0], shape.b[0]) + r, Math.max(shape.a[1], shape.b[1]) + r, Math.max(shape.a[2], shape.b[2]) + r];
    return [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [i & 1 ? hi[0] : lo[0], i & 2 ? hi[1] : lo[1], i & 4 ? hi[2] : lo[2]]);
  }
  const half = shape.kind === 'ellipsoid' ? shape.radii : shape.half;
  return [0, 1, 2, 3, 4, 5, 6, 7].map((i) => inFrame(shape.centre, shape.axes, [i & 1 ? half[0] : -half[0], i & 2 ? half[1] : -half[1], i & 4 ? half[2] : -half[2]]));
}

/**
 * A shape made ready for one camera origin: hit() gives the ray parameter of the first hit along
 * origin + s·dir (Infinity when none, or when the origin is inside), normal() the outward unit normal
 * there. Everything that depends only on the shape and the origin is worked out once, so the
 * per-pixel calls allocate nothing.
 */
export interface Tracer {
  hit(dx: number, dy: number, dz: number): number;
  /** Writes the unit normal at origin + s·dir into out[0..2]. */
  normal(dx: number, dy: number, dz: number, s: number, out: Float64Array): void;
}

export function tracer(shape: Shape, origin: Vec3, minS = 1e-6): Tracer {
  switch (shape.kind) {
    case 'ellipsoid': return ellipsoidTracer(shape, origin, minS);
    case 'capsule': return capsuleTracer(shape, origin, minS);
    case 'cuboid': return cuboidTracer(shape, origin, minS);
  }
}

/** The nearest hit with s > minS, or null: the same answer as tracer(), for one ray. */
export function intersect(shape: Shape, o: Vec3, d: Vec3, minS: number): ShapeHit | null {
  const t = tracer(shape, o, minS);
  const s = t.hit(d[0], d[1], d[2]);
  if (s === Infinity) return null;
  const n = new Float64Array(3);
  t.normal(d[0], d[1], d[2], s, n);
  return { s, nx: n[0]!, ny: n[1]!, nz: n[2]! };
}

function ellipsoidTracer(e: Ellipsoid, o: Vec3, minS: number): Tracer {
  // Into the frame where the ellipsoid is the unit sphere: each axis divided by its radius.
  const [a0, a1, a2] = e.axes;
  const [r0, r1, r2] = e.radii;
  const rel = sub(o, e.centre);
  const q0 = dot(rel, a0) / r0;
  const q1 = dot(rel, a1) / r1;
  const q2 = dot(rel, a2) / r2;
  const c = q0 * q0 + q1 * q1 + q2 * q2 - 1;
  const inside = c < 0;
  return {
    hit(dx, dy, dz) {
      if (inside) return Infinity;
      const v0 = (dx * a0[0] + dy * a0[1] + dz * a0[2]) / r0;
      const v1 = (dx * a1[0] + dy * a1[1] + dz * a1[2]) / r1;
      const v2 = (dx * a2[0] + dy * a2[1] + dz * a2[2]) / r2;
      const a = v0 * v0 + v1 * v1 + v2 * v2;
      const b = q0 * v0 + q1 * v1 + q2 * v2;
      const disc = b * b - a * c;
      if (disc < 0) return Infinity;
      const s = (-b - Math.sqrt(disc)) / a;
      return s > minS ? s : Infinity;
    },
    normal(dx, dy, dz, s, out) {
      // The sphere's normal, mapped back: divided by the radius once more along each axis.
      const g0 = (q0 + (s * (dx * a0[0] + dy * a0[1] + dz * a0[2])) / r0) / r0;
      const g1 = (q1 + (s * (dx * a1[0] + dy * a1[1] + dz * a1[2])) / r1) / r1;
      const g2 = (q2 + (s * (dx * a2[0] + dy * a2[1] + dz * a2[2])) / r2) / r2;
      unitInto(g0 * a0[0] + g1 * a1[0] + g2 * a2[0], g0 * a0[1] + g1 * a1[1] + g2 * a2[1], g0 * a0[2] + g1 * a1[2] + g2 * a2[2], out);
    },
  };
}

function capsuleTracer(c: Capsule, o: Vec3, minS: number): Tracer {
  // The union of the cylinder between a and b and the spheres at both ends: the nearest of those
  // hits (after Inigo Quilez's capsule intersection, for a ray of any length).
  const [bax, bay, baz] = sub(c.b, c.a);
  const [oax, oay, oaz] = sub(o, c.a);
  const [obx, oby, obz] = sub(o, c.b);
  const r2 = c.radius * c.radius;
  const baba = bax * bax + bay * bay + baz * baz;
  const baoa = bax * oax + bay * oay + baz * oaz;
  const oaoa = oax * oax + oay * oay + oaz * oaz;
  const obob = obx * obx + oby * oby + obz * obz;
  const cc = baba * oaoa - baoa * baoa - r2 * baba;
  const sphere = (rdrd: number, bb: number, oc: number): number => {
    const hh = bb * bb - rdrd * (oc - r2);
    if (hh < 0) return Infinity;
    const s = (-bb - Math.sqrt(hh)) / rdrd;
    return s > minS ? s : Infinity;
  };
  return {
    hit(dx, dy, dz) {
      const rdrd = dx * dx + dy * dy + dz * dz;
      const bard = bax * dx + bay * dy + baz * dz;
      const rdoa = dx * oax + dy * oay + dz * oaz;
      const a = baba * rdrd - bard * bard;
      const b = baba * rdoa - baoa * bard;
      const h = b * b - a * cc;
      // Missing the infinite cylinder misses the capsule inside it.
      if (h < 0) return Infinity;
      let best = Infinity;
      if (a > 1e-12) {
        const s = (-b - Math.sqrt(h)) / a;
        const y = baoa + s * bard;
        if (y > 0 && y < baba && s > minS) best = s;
      }
      const sa = sphere(rdrd, rdoa, oaoa);
      const sb = sphere(rdrd, dx * obx + dy * oby + dz * obz, obob);
      return Math.min(best, sa, sb);
    },
    normal(dx, dy, dz, s, out) {
      // From the nearest point of the segment to the hit.
      const px = oax + s * dx;
      const py = oay + s * dy;
      const pz = oaz + s * dz;
      const k = Math.min(1, Math.max(0, (px * bax + py * bay + pz * baz) / baba));
      unitInto(px - k * bax, py - k * bay, pz - k * baz, out);
    },
  };
}

function cuboidTracer(box: Cuboid, o: Vec3, minS: number): Tracer {
  const rel = sub(o, box.centre);
  const p = box.axes.map((ax) => dot(rel, ax));
  const [a0, a1, a2] = box.axes;
  const [h0, h1, h2] = box.half;
  let axis = 0;
  let sign = 1;
  // Slab method, one axis at a time; `lo` of the last winning slab gives the face entered.
  const slab = (pp: number, v: number, h: number, i: number, state: { near: number; far: number }): boolean => {
    if (v > -1e-12 && v < 1e-12) return pp >= -h && pp <= h;
    const t1 = (-h - pp) / v;
    const t2 = (h - pp) / v;
    const lo = t1 < t2 ? t1 : t2;
    const hi = t1 < t2 ? t2 : t1;
    if (lo > state.near) {
      state.near = lo;
      axis = i;
      sign = v > 0 ? -1 : 1;
    }
    if (hi < state.far) state.far = hi;
    return true;
  };
  const state = { near: -Infinity, far: Infinity };
  const p0 = p[0]!;
  const p1 = p[1]!;
  const p2 = p[2]!;
  return {
    hit(dx, dy, dz) {
      state.near = -Infinity;
      state.far = Infinity;
      if (!slab(p0, dx * a0[0] + dy * a0[1] + dz * a0[2], h0, 0, state)) return Infinity;
      if (!slab(p1, dx * a1[0] + dy * a1[1] + dz * a1[2], h1, 1, state)) return Infinity;
      if (!slab(p2, dx * a2[0] + dy * a2[1] + dz * a2[2], h2, 2, state)) return Infinity;
      return state.near > state.far || state.near <= minS ? Infinity : state.near;
    },
    normal(dx, dy, dz, s, out) {
      // The face is the one hit() found for this ray last; recompute to be safe with other rays between.
      this.hit(dx, dy, dz);
      void s;
      const ax = box.axes[axis]!;
      out[0] = ax[0] * sign;
      out[1] = ax[1] * sign;
      out[2] = ax[2] * sign;
    },
  };
}

function unitInto(x: number, y: number, z: number, out: Float64Array): void {
  const n = Math.hypot(x, y, z);
  if (n > 0) {
    out[0] = x / n;
    out[1] = y / n;
    out[2] = z / n;
  } else {
    out[0] = 0;
    out[1] = 0;
    out[2] = 1;
  }
}
