import { describe, it, expect } from '@jest/globals';
import { findPlace, loadWard } from '../../robot/index.js';
import { BUILTIN_WARD_FILE } from '../maps/index.js';
import { figureShapes, looksFor } from './figure.js';
import { BED, buildScene, renderCameraFrame, type CameraImage, type CameraPose } from './index.js';

const ward = loadWard(BUILTIN_WARD_FILE);
const bed1 = findPlace(ward, 'bed_1')!;
/** Bed 1's bedside stop, facing the bed as a robot arriving there does. */
const atBed1: CameraPose = { x: bed1.x, y: bed1.y, yaw: bed1.yaw! };
/** The corridor's west end (vertex 0 of small_ward.building.yaml): 1 m from the west wall, 34 m of corridor east. */
const corridorWestEnd = { x: 2, y: -7.7 };

const scene = (opts: { present?: boolean; robots?: CameraPose[] } = {}) =>
  buildScene({ ward, level: 'L1', patientInBed: () => opts.present ?? true, robots: opts.robots ?? [] });

type Px = [r: number, g: number, b: number];
function pixels(img: CameraImage): Px[] {
  const out: Px[] = [];
  for (let i = 0; i < img.data.length; i += 3) out.push([img.data[i]!, img.data[i + 1]!, img.data[i + 2]!]);
  return out;
}
const share = (img: CameraImage, pred: (p: Px) => boolean) => pixels(img).filter(pred).length / (img.width * img.height);
// Colour classes of PALETTE after shading and fog: blue floor, cream wall, teal gown, skin.
const isFloor = ([r, g, b]: Px) => b - r > 25 && b - g > 15;
const isWall = ([r, g, b]: Px) => r >= b && r - b < 40 && r > 60;
const isGown = ([r, g, b]: Px) => g - r > 55 && Math.abs(b - g) < 30;
const isSkin = ([r, g, b]: Px) => r - b > 60 && r > g;
const differing = (a: CameraImage, b: CameraImage) => {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 3) if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) n++;
  return n / (a.width * a.height);
};

describe('renderCameraFrame', () => {
  it('is a deterministic 320×240 rgb8 image, as sensor_msgs/Image lays it out', () => {
    const a = renderCameraFrame(scene(), atBed1);
    const b = renderCameraFrame(scene(), { ...atBed1 });
    expect(a).toMatchObject({ width: 320, height: 240, encoding: 'rgb8', step: 960 });
    expect(a.data).toHaveLength(960 * 240);
    expect(a.data.equals(b.data)).toBe(true);
    const small = renderCameraFrame(scene(), atBed1, { width: 64, height: 48 });
    expect(small).toMatchObject({ width: 64, height: 48, step: 192 });
    expect(small.data).toHaveLength(192 * 48);
  });

  it('facing the wall 1 m away fills the frame with wall; facing down the corridor shows its floor', () => {
    const wall = renderCameraFrame(scene(), { ...corridorWestEnd, yaw: Math.PI });
    const corridor = renderCameraFrame(scene(), { ...corridorWestEnd, yaw: 0 });
    expect(share(wall, isWall)).toBeGreaterThan(0.9);
    expect(share(wall, isFloor)).toBeLessThan(0.05);
    expect(share(corridor, isFloor)).toBeGreaterThan(0.3);
    expect(share(corridor, isWall)).toBeGreaterThan(0.1);
    expect(differing(wall, corridor)).toBeGreaterThan(0.5);
  });

  it('a patient in the bed shows as gown and skin at the bedside; standing beside it, further right; an empty bed shows neither', () => {
    const present = renderCameraFrame(scene({ present: true }), atBed1);
    const absent = renderCameraFrame(scene({ present: false }), atBed1);
    const beside = renderCameraFrame(buildScene({ ward, level: 'L1', patientInBed: () => false, patientPose: () => 'beside_bed', robots: [] }), atBed1);
    expect(share(present, isGown)).toBeGreaterThan(0.03);
    expect(share(present, isSkin)).toBeGreaterThan(0.005);
    expect(share(beside, isGown)).toBeGreaterThan(0.005);
    expect(share(beside, isSkin)).toBeGreaterThan(0.001);
    expect(share(absent, isGown)).toBe(0);
    expect(share(absent, isSkin)).toBe(0);
    expect(differing(present, absent)).toBeGreaterThan(0.1);
    // In bed the patient sits up at the pillow end (the robot's left); standing, at the foot end (its right).
    const meanColumn = (img: CameraImage) => {
      let sum = 0;
      let n = 0;
      pixels(img).forEach((p, i) => { if (isGown(p)) { sum += i % img.width; n++; } });
      return sum / n;
    };
    expect(meanColumn(present)).toBeLessThan(present.width / 2);
    expect(meanColumn(beside)).toBeGreaterThan(beside.width * 0.6);
  });

  it('draws the patient in any frame size without gaps along their outline', () => {
    const big = renderCameraFrame(scene({ present: true }), atBed1, { width: 640, height: 480 });
    const small = renderCameraFrame(scene({ present: true }), atBed1);
    // The same share of the picture at both sizes, so the figure is not an artefact of one resolution.
    expect(Math.abs(share(big, isGown) - share(small, isGown))).toBeLessThan(0.01);
  });

  it('draws another robot ahead, hidden when a wall stands between', () => {
    const ahead = { x: corridorWestEnd.x + 4, y: corridorWestEnd.y, yaw: 0 };
    const alone = renderCameraFrame(scene(), { ...corridorWestEnd, yaw: 0 });
    const withRobot = renderCameraFrame(scene({ robots: [ahead] }), { ...corridorWestEnd, yaw: 0 });
    expect(differing(alone, withRobot)).toBeGreaterThan(0.01);
    const behindWall = renderCameraFrame(scene({ robots: [ahead] }), { ...corridorWestEnd, yaw: Math.PI });
    expect(behindWall.data.equals(renderCameraFrame(scene(), { ...corridorWestEnd, yaw: Math.PI }).data)).toBe(true);
  });

  it('refuses sizes and optics it cannot draw, naming the option', () => {
    expect(() => renderCameraFrame(scene(), atBed1, { width: 0 })).toThrow(/camera width .* got 0/);
    expect(() => renderCameraFrame(scene(), atBed1, { height: 1.5 })).toThrow(/camera height/);
    expect(() => renderCameraFrame(scene(), atBed1, { width: 5000 })).toThrow(/1\.\.4096/);
    expect(() => renderCameraFrame(scene(), atBed1, { hfov: 4 })).toThrow(/hfov/);
    expect(() => renderCameraFrame(scene(), atBed1, { lensHeightM: 3 })).toThrow(/lensHeightM/);
    expect(() => renderCameraFrame(scene(), { x: NaN, y: 0, yaw: 0 })).toThrow(/pose/);
  });
});

describe('buildScene', () => {
  it('puts a bed ahead of every bed stop, a patient on it only when present, and the other robots', () => {
    const full = scene({ present: true, robots: [{ x: 0, y: 0, yaw: 0 }] });
    const beds = full.boxes.filter((b) => b.kind === 'bed');
    expect(beds).toHaveLength(10);
    // Bed 1 faces east (yaw 0): its bed lies east of the stop, long side north-south.
    const b1 = beds[0]!;
    expect(b1.cx).toBeGreaterThan(bed1.x + 0.5);
    expect(b1.cy).toBeCloseTo(bed1.y);
    expect(b1.yaw).toBeCloseTo(Math.PI / 2);
    // Patients are drawn as people (rounded solids), one figure per occupied bed.
    expect(full.boxes.filter((b) => b.kind === 'patient')).toHaveLength(0);
    const perPatient = figureShapes({ centre: [0, 0, BED.height], towardsHead: [1, 0, 0], length: BED.length, width: BED.width, stop: [0, -1.2, 0] }, 'in_bed', looksFor('bed_1')).length;
    expect(perPatient).toBeGreaterThan(20);
    expect(full.shapes).toHaveLength(10 * perPatient);
    expect(full.boxes.filter((b) => b.kind === 'robot')).toHaveLength(1);
    expect(full.walls).toBe(ward.building.levels[0]!.walls);

    const onlyBed3 = buildScene({ ward, level: 'L1', patientInBed: (bed) => bed === 'bed_3', robots: [] });
    expect(onlyBed3.shapes).toHaveLength(perPatient);
    const bed3 = onlyBed3.boxes.filter((b) => b.kind === 'bed')[2]!;
    for (const shape of onlyBed3.shapes!) {
      const at = 'centre' in shape ? shape.centre : shape.a;
      expect(Math.hypot(at[0] - bed3.cx, at[1] - bed3.cy)).toBeLessThan(1.2);
    }
    expect(buildScene({ ward, level: 'L9', patientInBed: () => true, robots: [] })).toEqual({ walls: [], boxes: [], shapes: [] });
  });

  it('draws no bed for a bed place without a heading, rather than guess where the bed is', () => {
    const noYaw = { ...ward, places: ward.places.map((p) => (p.name === 'bed_1' ? { ...p, yaw: null } : p)) };
    const s = buildScene({ ward: noYaw, level: 'L1', patientInBed: () => true, robots: [] });
    expect(s.boxes.filter((b) => b.kind === 'bed')).toHaveLength(9);
  });
});
