// The rounded solids of the camera's per-pixel pass, and the patient built from them.
import { describe, it, expect } from '@jest/globals';
import { BACKREST_RAD, figureShapes, HAIR_COLOURS, looksFor, SKIN_TONES, type BedFrame } from './figure.js';
import { boundingCorners, intersect, type Shape, type Vec3 } from './shapes.js';

const bed: BedFrame = { centre: [3, -4, 0.55], towardsHead: [0, 1, 0], length: 2.05, width: 0.95, stop: [1.825, -4, 0] };
const axes: [Vec3, Vec3, Vec3] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

/** Lowest and highest points of a figure, from the boxes around its shapes. */
function extent(shapes: Shape[]) {
  const corners = shapes.flatMap(boundingCorners);
  const along = (k: 0 | 1 | 2) => [Math.min(...corners.map((c) => c[k])), Math.max(...corners.map((c) => c[k]))];
  return { x: along(0), y: along(1), z: along(2) };
}

describe('ray and shape intersection', () => {
  it('meets a sphere, an ellipsoid, a capsule and a tilted box where geometry says, with outward normals', () => {
    const o: Vec3 = [0, 0, 0];
    const sphere: Shape = { kind: 'ellipsoid', centre: [5, 0, 0], axes, radii: [1, 1, 1], colour: [0, 0, 0] };
    expect(intersect(sphere, o, [1, 0, 0], 1e-6)).toMatchObject({ s: expect.closeTo(4, 9), nx: expect.closeTo(-1, 9) });
    // A ray of twice the length meets it at half the parameter.
    expect(intersect(sphere, o, [2, 0, 0], 1e-6)!.s).toBeCloseTo(2, 9);
    expect(intersect(sphere, o, [1, 0.5, 0], 1e-6)).toBeNull();
    const flat: Shape = { kind: 'ellipsoid', centre: [0, 0, 5], axes, radii: [3, 3, 0.5], colour: [0, 0, 0] };
    expect(intersect(flat, o, [0, 0, 1], 1e-6)).toMatchObject({ s: expect.closeTo(4.5, 9), nz: expect.closeTo(-1, 9) });
    const limb: Shape = { kind: 'capsule', a: [4, -1, 0], b: [4, 1, 0], radius: 0.5, colour: [0, 0, 0] };
    expect(intersect(limb, o, [1, 0, 0], 1e-6)!.s).toBeCloseTo(3.5, 9);
    // Past the segment's end, the round cap: a ray along the axis meets it at the cap's tip.
    expect(intersect(limb, [4, -5, 0], [0, 1, 0], 1e-6)).toMatchObject({ s: expect.closeTo(3.5, 9), ny: expect.closeTo(-1, 9) });
    expect(intersect(limb, o, [1, 0, 0.2], 1e-6)).toBeNull();
    const c = Math.SQRT1_2;
    const tilted: Shape = { kind: 'cuboid', centre: [3, 0, 0], axes: [[c, c, 0], [-c, c, 0], [0, 0, 1]], half: [0.5, 0.5, 0.5], colour: [0, 0, 0] };
    // A diamond seen corner-on: the near corner is √0.5 ahead of the centre.
    expect(intersect(tilted, o, [1, 0, 0], 1e-6)!.s).toBeCloseTo(3 - Math.SQRT1_2, 9);
    // Nothing behind the origin, and nothing from inside.
    expect(intersect(sphere, o, [-1, 0, 0], 1e-6)).toBeNull();
    expect(intersect(sphere, [5, 0, 0], [1, 0, 0], 1e-6)).toBeNull();
  });
});

describe('the simulated patient', () => {
  it('sits up in the bed: head above the pillow end, everything within the bed, the raised back at 40°', () => {
    const shapes = figureShapes(bed, 'in_bed', looksFor('bed_1'));
    const e = extent(shapes);
    expect(e.x[0]).toBeGreaterThan(bed.centre[0] - bed.width / 2 - 0.15);
    expect(e.x[1]).toBeLessThan(bed.centre[0] + bed.width / 2 + 0.15);
    expect(e.y[0]).toBeGreaterThan(bed.centre[1] - bed.length / 2 - 0.1);
    expect(e.y[1]).toBeLessThan(bed.centre[1] + bed.length / 2 + 0.1);
    // The head: the skin ellipsoid highest up, toward the pillow end (+y here).
    const heads = shapes.filter((s): s is Extract<Shape, { kind: 'ellipsoid' }> => s.kind === 'ellipsoid' && s.radii[2] > 0.1 && s.radii[2] < 0.13);
    const head = heads.sort((a, b) => b.centre[2] - a.centre[2])[0]!;
    expect(head.centre[2] - bed.centre[2]).toBeGreaterThan(0.5);
    expect(head.centre[1]).toBeGreaterThan(bed.centre[1] + 0.3);
    expect(BACKREST_RAD).toBeCloseTo((40 * Math.PI) / 180);
  });

  it('stands beside the bed, feet on the floor, about 1.65 m tall, off the bed\'s footprint on its far side', () => {
    const shapes = figureShapes(bed, 'beside_bed', looksFor('bed_2'));
    const e = extent(shapes);
    expect(e.z[0]).toBeLessThan(0.05);
    expect(e.z[1]).toBeGreaterThan(1.6);
    expect(e.z[1]).toBeLessThan(1.85);
    // Far side: further from the stop (which is at smaller x) than the bed's far edge.
    expect(e.x[0]).toBeGreaterThan(bed.centre[0] + bed.width / 2);
  });

  it('looks the same for a bed every time, and varies skin and hair across beds', () => {
    expect(looksFor('bed_4')).toEqual(looksFor('bed_4'));
    const looks = Array.from({ length: 30 }, (_, i) => looksFor(`bed_${i + 1}`));
    expect(new Set(looks.map((l) => l.skin)).size).toBeGreaterThan(2);
    expect(new Set(looks.map((l) => l.hair)).size).toBeGreaterThan(2);
    for (const l of looks) {
      expect(SKIN_TONES).toContain(l.skin);
      expect(HAIR_COLOURS).toContain(l.hair);
    }
  });
});
