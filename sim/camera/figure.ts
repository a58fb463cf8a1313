// The simulated patient as the camera sees them: a person of adult proportions (about 1.65 m) built
// from rounded solids (shapes.ts), either sitting up in bed against a raised backrest with a blanket
// over the legs and the hands on the lap, or standing beside the bed in a hospital gown.
//
// Why this much: a real person detector (a COCO-trained CNN) finds people by head, shoulders, arms
// and the outline of a body, not by a coloured box. Sizes follow adult anthropometry (head 0.23 m
// tall, shoulders 0.38 m across, upper arm 0.30 m, thigh 0.43 m); skin tone and hair vary by bed,
// chosen from the bed's name, so the ward is not ten copies of one patient and the render stays
// deterministic.
import type { Rgb } from './scene.js';
import { add, cross, inFrame, scale, unit, type Shape, type Vec3 } from './shapes.js';

export type FigurePose = 'in_bed' | 'beside_bed';

/** Realistic skin tones (light to dark) and hair (black, dark brown, grey, white). */
export const SKIN_TONES: readonly Rgb[] = [[233, 190, 160], [222, 170, 128], [198, 140, 100], [160, 108, 72], [112, 74, 50]];
export const HAIR_COLOURS: readonly Rgb[] = [[28, 24, 22], [62, 44, 32], [128, 124, 120], [200, 198, 192]];

export const FIGURE_COLOURS = {
  /** A hospital gown, the teal of many wards. */
  gown: [64, 150, 168],
  blanket: [178, 192, 214],
  pillow: [244, 244, 246],
  slipper: [70, 72, 84],
  eye: [30, 26, 24],
  eyeWhite: [236, 232, 226],
  brow: [52, 40, 34],
  lips: [150, 78, 72],
} as const satisfies Record<string, Rgb>;

/** How the patient of one bed looks: picked from the bed's name, the same every frame and run. */
export interface Looks {
  skin: Rgb;
  hair: Rgb;
}

export function looksFor(bed: string): Looks {
  // FNV-1a over the name: a small, stable spread of looks across beds.
  let h = 0x811c9dc5;
  for (let i = 0; i < bed.length; i++) h = Math.imul(h ^ bed.charCodeAt(i), 0x01000193) >>> 0;
  return { skin: SKIN_TONES[h % SKIN_TONES.length]!, hair: HAIR_COLOURS[(h >>> 8) % HAIR_COLOURS.length]! };
}

/** Where the bed is, for placing its patient: the mattress top's centre and the bed's long axis. */
export interface BedFrame {
  /** Centre of the mattress top, map metres (z: its height above the floor). */
  centre: Vec3;
  /** Unit vector along the bed towards the pillow end, in the floor plane. */
  towardsHead: Vec3;
  /** Length and width of the bed, metres. */
  length: number;
  width: number;
  /** The bedside stop, on the floor: where the robot (or a visitor) stands to face the patient. */
  stop: Vec3;
}

const UP: Vec3 = [0, 0, 1];
/** Backrest raised this far from flat: a patient sitting up for the robot's round (semi-Fowler's). */
export const BACKREST_RAD = (40 * Math.PI) / 180;

/**
 * The shapes of a person at this bed: `in_bed` sits up against the raised backrest (which is drawn
 * too), `beside_bed` stands at the far long side near the foot end, facing the bed's near side,
 * where a robot at the bedside stop looks from.
 */
export function figureShapes(bed: BedFrame, pose: FigurePose, looks: Looks, standAt?: Vec3): Shape[] {
  const u = bed.towardsHead;
  // v: across the bed, towards the side the robot stands on (the robot faces the bed, the pillow on its left).
  const v = cross(UP, u);
  return pose === 'in_bed' ? inBed(bed, u, v, looks) : besideBed(bed, looks, standAt ?? besideBedSpots(bed)[0]!);
}

/**
 * Where a patient can stand beside the bed in view of the bedside stop, best first: at the foot end
 * on the far side, then at the head end on the far side (the scene takes the first clear of walls).
 */
export function besideBedSpots(bed: BedFrame): Vec3[] {
  const u = bed.towardsHead;
  const v = cross(UP, u);
  const floor: Vec3 = [bed.centre[0], bed.centre[1], 0];
  const far = -(bed.width / 2 + 0.3);
  return [-1, 1].map((end) => inFrame(floor, [u, v, UP], [end * (bed.length / 2 + 0.25), far, 0]));
}

function inBed(bed: BedFrame, u: Vec3, v: Vec3, looks: Looks): Shape[] {
  const at = (pu: number, pv: number, pz: number): Vec3 => inFrame(bed.centre, [u, v, UP], [pu, pv, pz]);
  const c = Math.cos(BACKREST_RAD);
  const s = Math.sin(BACKREST_RAD);
  // Along the raised back (t) and out of it (f), in the bed's frame.
  const t = unit(add(scale(u, c), scale(UP, s)));
  const f = unit(add(scale(u, -s), scale(UP, c)));
  const hinge = 0.1;
  const backrestLength = bed.length / 2 - hinge;
  const hip = at(hinge - 0.12, 0, 0.12);
  // The chest turned a little towards the robot's side, as a patient turns to a visitor.
  const turn = (30 * Math.PI) / 180;
  const chest = unit(add(scale(f, Math.cos(turn)), scale(v, Math.sin(turn))));
  const across = unit(add(scale(v, Math.cos(turn)), scale(f, -Math.sin(turn))));
  const along = (p: Vec3, dt: number, df: number, dv = 0): Vec3 => add(p, add(scale(t, dt), add(scale(chest, df), scale(across, dv))));
  const shoulder = along(hip, 0.5, 0.0);
  const shapes: Shape[] = [
    // The raised head section of the mattress (its top face through the hinge), then the pillow on it.
    { kind: 'cuboid', centre: add(at(hinge, 0, 0), add(scale(t, backrestLength / 2), scale(f, -0.06))), axes: [t, v, f], half: [backrestLength / 2, bed.width / 2, 0.06], colour: FIGURE_COLOURS.pillow },
    { kind: 'ellipsoid', centre: add(hip, add(scale(t, 0.64), scale(f, -0.12))), axes: [t, v, f], radii: [0.2, 0.32, 0.07], colour: FIGURE_COLOURS.pillow },
  ];
  shapes.push(...upperBody({ hip, shoulder, up: t, forward: chest, side: across, looks, lookTowards: v }));
  // Arms: upper arms down the sides of the chest, forearms onto the blanket over the lap.
  for (const side of [1, -1]) {
    const sh = along(shoulder, -0.03, 0, side * 0.19);
    const elbow = along(hip, 0.1, 0.02, side * 0.24);
    const wrist = at(-0.3, side * 0.16, 0.19);
    const hand = at(-0.38, side * 0.13, 0.19);
    shapes.push(
      { kind: 'capsule', a: sh, b: elbow, radius: 0.048, colour: FIGURE_COLOURS.gown },
      { kind: 'capsule', a: elbow, b: wrist, radius: 0.037, colour: looks.skin },
      { kind: 'ellipsoid', centre: hand, axes: [u, v, UP], radii: [0.09, 0.045, 0.028], colour: looks.skin },
    );
  }
  // The blanket over the legs from the waist to the foot end: flat at the edges, raised over the legs
  // and the knees, tented by the feet.
  const blanketEnd = -bed.length / 2 + 0.04;
  const waist = hinge - 0.12;
  shapes.push(
    { kind: 'cuboid', centre: at((blanketEnd + waist) / 2, 0, 0.02), axes: [u, v, UP], half: [(waist - blanketEnd) / 2, bed.width / 2 + 0.02, 0.03], colour: FIGURE_COLOURS.blanket },
    { kind: 'ellipsoid', centre: at((blanketEnd + waist) / 2, 0, 0.02), axes: [u, v, UP], radii: [(waist - blanketEnd) / 2, 0.26, 0.16], colour: FIGURE_COLOURS.blanket },
  );
  for (const side of [1, -1]) shapes.push({ kind: 'ellipsoid', centre: at(-0.86, side * 0.11, 0.14), axes: [u, v, UP], radii: [0.08, 0.08, 0.12], colour: FIGURE_COLOURS.blanket });
  return shapes;
}

function besideBed(bed: BedFrame, looks: Looks, base: Vec3): Shape[] {
  // Off the end of the bed, so the whole person shows, facing the stop.
  const toStop: Vec3 = [bed.stop[0] - base[0], bed.stop[1] - base[1], 0];
  const forward = unit(toStop);
  const side = cross(UP, forward);
  const at = (pf: number, ps: number, pz: number): Vec3 => inFrame(base, [forward, side, UP], [pf, ps, pz]);
  const hip = at(0, 0, 0.9);
  const shoulder = at(0, 0, 1.37);
  const shapes: Shape[] = upperBody({ hip, shoulder, up: UP, forward, side, looks, lookTowards: forward });
  for (const s of [1, -1]) {
    const sh = at(0, s * 0.185, 1.34);
    const elbow = at(0.02, s * 0.24, 1.07);
    const wrist = at(0.07, s * 0.245, 0.83);
    shapes.push(
      { kind: 'capsule', a: sh, b: elbow, radius: 0.05, colour: FIGURE_COLOURS.gown },
      { kind: 'capsule', a: elbow, b: wrist, radius: 0.037, colour: looks.skin },
      { kind: 'ellipsoid', centre: at(0.08, s * 0.25, 0.76), axes: [forward, side, UP], radii: [0.03, 0.045, 0.085], colour: looks.skin },
      // Legs: thighs inside the gown, knees and shins below its hem, slippers.
      { kind: 'capsule', a: at(0, s * 0.095, 0.85), b: at(0, s * 0.1, 0.48), radius: 0.07, colour: FIGURE_COLOURS.gown },
      { kind: 'capsule', a: at(0, s * 0.1, 0.5), b: at(0, s * 0.1, 0.09), radius: 0.055, colour: looks.skin },
      { kind: 'ellipsoid', centre: at(0.06, s * 0.1, 0.04), axes: [forward, side, UP], radii: [0.13, 0.05, 0.04], colour: FIGURE_COLOURS.slipper },
    );
  }
  // The gown hangs loose from the hips to just above the knees.
  shapes.push({ kind: 'capsule', a: at(0, 0, 0.62), b: at(0, 0, 0.95), radius: 0.165, colour: FIGURE_COLOURS.gown });
  return shapes;
}

interface UpperBody {
  hip: Vec3;
  shoulder: Vec3;
  /** The spine's direction, from hips to neck. */
  up: Vec3;
  /** The way the chest faces. */
  forward: Vec3;
  /** Across the shoulders. */
  side: Vec3;
  looks: Looks;
  /** Where the face turns, in the floor plane (towards the robot). */
  lookTowards: Vec3;
}

/** Pelvis, chest, neck and head: what a sitting and a standing figure share. */
function upperBody(b: UpperBody): Shape[] {
  const { hip, shoulder, up, forward, side, looks } = b;
  const gown = FIGURE_COLOURS.gown;
  const mid = scale(add(hip, shoulder), 0.5);
  const neckBase = add(shoulder, scale(up, 0.01));
  const headCentre = add(shoulder, add(scale(up, 0.2), scale(forward, 0.02)));
  // The face turns from the chest's heading towards lookTowards, as a patient does to a visitor.
  const face = unit(add(scale(forward, 0.5), scale(b.lookTowards, 1)));
  const headSide = unit(cross(up, face));
  const headUp = cross(face, headSide);
  const onHead = (pf: number, ps: number, pu: number): Vec3 => inFrame(headCentre, [face, headSide, headUp], [pf, ps, pu]);
  return [
    // Hips and chest, overlapping so the waist narrows without a seam.
    { kind: 'ellipsoid', centre: add(hip, scale(up, 0.04)), axes: [up, side, forward], radii: [0.17, 0.17, 0.11], colour: gown },
    { kind: 'ellipsoid', centre: add(mid, scale(up, 0.05)), axes: [up, side, forward], radii: [0.26, 0.175, 0.115], colour: gown },
    // Shoulders: a rounded bar across the top of the chest.
    { kind: 'capsule', a: add(shoulder, add(scale(side, 0.16), scale(up, -0.04))), b: add(shoulder, add(scale(side, -0.16), scale(up, -0.04))), radius: 0.065, colour: gown },
    { kind: 'capsule', a: neckBase, b: add(neckBase, scale(up, 0.1)), radius: 0.05, colour: looks.skin },
    { kind: 'ellipsoid', centre: headCentre, axes: [face, headSide, headUp], radii: [0.1, 0.078, 0.115], colour: looks.skin },
    // The lower face and jaw, narrower than the skull.
    { kind: 'ellipsoid', centre: onHead(0.028, 0, -0.058), axes: [face, headSide, headUp], radii: [0.072, 0.064, 0.062], colour: looks.skin },
    // Hair over the crown, the back and the sides of the head, and a fringe above the forehead.
    { kind: 'ellipsoid', centre: onHead(-0.022, 0, 0.028), axes: [face, headSide, headUp], radii: [0.1, 0.088, 0.108], colour: looks.hair },
    { kind: 'ellipsoid', centre: onHead(0.045, 0, 0.078), axes: [face, headSide, headUp], radii: [0.052, 0.074, 0.042], colour: looks.hair },
    // Eyes (white and iris), brows, nose, lips.
    ...[1, -1].flatMap((s): Shape[] => [
      { kind: 'ellipsoid', centre: onHead(0.083, s * 0.032, 0.016), axes: [face, headSide, headUp], radii: [0.012, 0.017, 0.009], colour: FIGURE_COLOURS.eyeWhite },
      { kind: 'ellipsoid', centre: onHead(0.092, s * 0.032, 0.016), axes: [face, headSide, headUp], radii: [0.006, 0.008, 0.008], colour: FIGURE_COLOURS.eye },
      { kind: 'ellipsoid', centre: onHead(0.088, s * 0.034, 0.04), axes: [face, headSide, headUp], radii: [0.008, 0.022, 0.005], colour: FIGURE_COLOURS.brow },
      { kind: 'ellipsoid', centre: onHead(0, s * 0.08, 0), axes: [face, headSide, headUp], radii: [0.02, 0.012, 0.03], colour: looks.skin },
    ]),
    { kind: 'ellipsoid', centre: onHead(0.1, 0, -0.012), axes: [face, headSide, headUp], radii: [0.026, 0.015, 0.03], colour: looks.skin },
    { kind: 'ellipsoid', centre: onHead(0.09, 0, -0.062), axes: [face, headSide, headUp], radii: [0.01, 0.027, 0.008], colour: FIGURE_COLOURS.lips },
  ];
}
