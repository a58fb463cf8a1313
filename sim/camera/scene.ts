// What the simulated camera can see on one level of the ward, built from the simulator's own state:
// the walls of the building map, a bed in front of every bed place, the patient (a figure of rounded
// solids, figure.ts) sitting up in it or standing beside it while the people script says they are
// present, and the other robots.
//
// The ward file does not draw beds; a bed place is the stop beside the bed with the robot facing it
// (robot/map/places.ts). So the bed is put where that implies: BED.gapM ahead of the stop, its long
// side across the robot's heading. A bed place without a heading gets no bed: we would be guessing.
import type { Segment, WardMap } from '../../robot/index.js';
import { besideBedSpots, figureShapes, looksFor, type BedFrame, type FigurePose } from './figure.js';
import type { Vec3 } from './shapes.js';
import type { Footprint } from './raycast.js';
import type { Shape } from './shapes.js';

export type Rgb = readonly [r: number, g: number, b: number];

/** One upright box of the scene; heights in metres above the floor. */
export interface SceneBox extends Footprint {
  kind: 'bed' | 'patient' | 'robot';
  bottom: number;
  top: number;
  side: Rgb;
  /** The face seen from above (a camera above `top` sees it). */
  lid: Rgb;
}

export interface CameraScene {
  walls: readonly Segment[];
  boxes: readonly SceneBox[];
  /** Rounded solids drawn per pixel (the patients); none when left out. */
  shapes?: readonly Shape[];
}

export interface SceneInputs {
  ward: WardMap;
  /** The level the camera is on; only its walls, beds and robots are seen. */
  level: string;
  /** Whether the patient of this bed lies in it now (the sim's people script). */
  patientInBed(bed: string): boolean;
  /**
   * Where the patient of this bed is: in it, standing beside it, or away (null). When given it
   * decides instead of patientInBed.
   */
  patientPose?(bed: string): FigurePose | null;
  /** The other robots on this level, not the camera's own. */
  robots: readonly { x: number; y: number; yaw: number }[];
}

/** Hospital-bed sizes, metres. */
export const BED = { gapM: 0.7, length: 2.05, width: 0.95, height: 0.55 } as const;
/** A patient lying on the bed: a body under the sheet and a head on the pillow. */
export const PATIENT = { length: 1.45, width: 0.5, thickness: 0.22, head: 0.24 } as const;
/** The robots of this project: a 0.5 m square base, 1.3 m tall. */
export const ROBOT_BOX = { size: 0.5, height: 1.3 } as const;
/** Walls stand as tall as traffic-editor's default texture_height. */
export const WALL_HEIGHT_M = 2.5;

export const PALETTE = {
  wall: [226, 221, 206],
  skirting: [120, 118, 112],
  floor: [112, 146, 184],
  ceiling: [238, 238, 232],
  /** What distance fades to. */
  fog: [40, 42, 48],
  bedFrame: [150, 160, 172],
  sheet: [240, 241, 244],
  gown: [64, 150, 168],
  skin: [222, 170, 128],
  robotBody: [236, 236, 240],
  robotHead: [70, 160, 220],
} as const satisfies Record<string, Rgb>;

/** A place as far as beds go: one of the ward's places, or of the brain's `/api/places` (the sim view draws the same beds). */
export interface BedPlace { name: string; kind: string; level: string; x: number; y: number; yaw: number | null }

/**
 * The bed in front of every bed place on `level` that has a heading, and the patient lying in it when
 * there as two coarse boxes (body and head): the map view's picture. The camera draws a whole person
 * instead (buildScene).
 */
export function bedBoxes(places: readonly BedPlace[], level: string, patientInBed: (bed: string) => boolean): SceneBox[] {
  const boxes: SceneBox[] = [];
  for (const { place, bed } of bedsOn(places, level)) {
    boxes.push(bed);
    if (patientInBed(place.name)) boxes.push(...patientBoxes(bed));
  }
  return boxes;
}

export function buildScene(inputs: SceneInputs): CameraScene {
  const level = inputs.ward.building.levels.find((l) => l.name === inputs.level);
  const poseOf = inputs.patientPose ?? ((bed: string): FigurePose | null => (inputs.patientInBed(bed) ? 'in_bed' : null));
  const boxes: SceneBox[] = [];
  const shapes: Shape[] = [];
  for (const { place, bed } of bedsOn(inputs.ward.places, inputs.level)) {
    boxes.push(bed);
    const pose = poseOf(place.name);
    if (!pose) continue;
    const frame = bedFrame(place, bed);
    const standAt = pose === 'beside_bed' ? clearSpot(besideBedSpots(frame), frame.stop, level?.walls ?? []) : undefined;
    shapes.push(...figureShapes(frame, pose, looksFor(place.name), standAt));
  }
  for (const r of inputs.robots) {
    const half = ROBOT_BOX.size / 2;
    boxes.push({ kind: 'robot', cx: r.x, cy: r.y, yaw: r.yaw, halfLength: half, halfWidth: half, bottom: 0, top: ROBOT_BOX.height, side: PALETTE.robotBody, lid: PALETTE.robotHead });
  }
  return { walls: level?.walls ?? [], boxes, shapes };
}

/** Room a standing person needs from any wall, metres. */
const STANDING_CLEARANCE_M = 0.35;

/** The first spot in sight of the stop and at least STANDING_CLEARANCE_M from every wall; else the first. */
function clearSpot(spots: readonly Vec3[], stop: Vec3, walls: readonly Segment[]): Vec3 {
  const ok = (p: Vec3) => walls.every((w) => segmentDistance(p[0], p[1], w) >= STANDING_CLEARANCE_M && !crosses(stop, p, w));
  return spots.find(ok) ?? spots[0]!;
}

/** Whether the segment p–q crosses the wall w. */
function crosses(p: Vec3, q: Vec3, w: Segment): boolean {
  const side = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  return side(p[0], p[1], q[0], q[1], w.a.x, w.a.y) !== side(p[0], p[1], q[0], q[1], w.b.x, w.b.y) &&
    side(w.a.x, w.a.y, w.b.x, w.b.y, p[0], p[1]) !== side(w.a.x, w.a.y, w.b.x, w.b.y, q[0], q[1]);
}

function segmentDistance(x: number, y: number, w: Segment): number {
  const dx = w.b.x - w.a.x;
  const dy = w.b.y - w.a.y;
  const len2 = dx * dx + dy * dy;
  const k = len2 > 0 ? Math.min(1, Math.max(0, ((x - w.a.x) * dx + (y - w.a.y) * dy) / len2)) : 0;
  return Math.hypot(x - (w.a.x + k * dx), y - (w.a.y + k * dy));
}

function bedsOn(places: readonly BedPlace[], level: string): { place: BedPlace & { yaw: number }; bed: SceneBox }[] {
  return places
    .filter((p): p is BedPlace & { yaw: number } => p.kind === 'bed' && p.level === level && p.yaw !== null)
    .map((place) => ({ place, bed: bedBox(place.x, place.y, place.yaw) }));
}

/** The bed box as figure.ts places a patient on it: mattress top centre, pillow end along +yaw. */
function bedFrame(place: BedPlace & { yaw: number }, bed: SceneBox): BedFrame {
  return {
    centre: [bed.cx, bed.cy, bed.top], towardsHead: [Math.cos(bed.yaw), Math.sin(bed.yaw), 0], length: BED.length, width: BED.width,
    stop: [place.x, place.y, 0],
  };
}

/** The bed in front of a bedside stop facing `yaw`; its length runs across that heading. */
function bedBox(x: number, y: number, yaw: number): SceneBox {
  const ahead = BED.gapM + BED.width / 2;
  return {
    kind: 'bed', cx: x + ahead * Math.cos(yaw), cy: y + ahead * Math.sin(yaw), yaw: yaw + Math.PI / 2,
    halfLength: BED.length / 2, halfWidth: BED.width / 2, bottom: 0, top: BED.height, side: PALETTE.bedFrame, lid: PALETTE.sheet,
  };
}

/** Body and head on the bed, head at the +length end (the pillow). */
function patientBoxes(bed: SceneBox): SceneBox[] {
  const ux = Math.cos(bed.yaw);
  const uy = Math.sin(bed.yaw);
  const bodyShift = -(BED.length - PATIENT.length) / 2 + 0.1;
  const headShift = BED.length / 2 - 0.1 - PATIENT.head / 2;
  const on = BED.height;
  return [
    { kind: 'patient', cx: bed.cx + bodyShift * ux, cy: bed.cy + bodyShift * uy, yaw: bed.yaw, halfLength: PATIENT.length / 2, halfWidth: PATIENT.width / 2, bottom: on, top: on + PATIENT.thickness, side: PALETTE.gown, lid: PALETTE.gown },
    { kind: 'patient', cx: bed.cx + headShift * ux, cy: bed.cy + headShift * uy, yaw: bed.yaw, halfLength: PATIENT.head / 2, halfWidth: PATIENT.head / 2, bottom: on, top: on + PATIENT.head, side: PALETTE.skin, lid: PALETTE.skin },
  ];
}
