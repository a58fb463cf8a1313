import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { DEFAULT_METRES_PER_PIXEL, isCharger, liftCabin, loadBuildingMap } from './index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CLINIC = path.resolve(repoRoot, '../shared/maps/clinic/clinic.building.yaml');

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ward-map-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('loadBuildingMap on the Open-RMF clinic', () => {
  const map = loadBuildingMap(CLINIC);
  const L1 = map.levels.find((l) => l.name === 'L1')!;
  const L2 = map.levels.find((l) => l.name === 'L2')!;

  it('reads both levels with the counts in the file', () => {
    expect(map.name).toBe('clinic');
    expect(map.coordinateSystem).toBe('reference_image');
    expect(map.levels.map((l) => l.name)).toEqual(['L1', 'L2']);
    expect(L1.vertices).toHaveLength(449);
    expect(L1.lanes).toHaveLength(91);
    expect(L1.lanes.filter((l) => l.graph === 0)).toHaveLength(55);
    expect(L1.lanes.filter((l) => l.graph === 1)).toHaveLength(36);
    expect(L1.walls).toHaveLength(360);
    expect(L1.doors).toHaveLength(76);
    expect(L1.floors).toHaveLength(2);
    expect(L1.vertices.filter((v) => v.name)).toHaveLength(18);
    expect(L2.vertices).toHaveLength(335);
    expect(L2.lanes).toHaveLength(78);
    expect(L2.vertices.filter((v) => v.name)).toHaveLength(12);
    expect(L2.elevation).toBe(10);
  });

  it('takes the scale from the measurement: vertices 0 and 1 are 26 px apart and 0.7 m', () => {
    expect(L1.scale).toBeCloseTo(0.7 / 26.001, 6);
    expect(L2.scale).toBeCloseTo(L1.scale, 12);
  });

  it('converts image pixels to map metres with y flipped', () => {
    const v = L1.vertices.find((x) => x.name === 'L1_left_nurse_center')!;
    expect(v.index).toBe(398);
    expect(v.x).toBeCloseTo(799.486 * L1.scale, 9);
    expect(v.y).toBeCloseTo(-728.99 * L1.scale, 9);
    expect(v.x).toBeCloseTo(21.52, 2);
    expect(v.y).toBeCloseTo(-19.63, 2);
  });

  it('types vertex parameters and exposes flags', () => {
    const spawn = L1.vertices.find((x) => x.name === 'L1_sub_waiting_area_1')!;
    expect(spawn.params).toMatchObject({ is_charger: true, is_parking_spot: true, spawn_robot_name: 'deliveryRobot_1' });
    expect(isCharger(spawn)).toBe(true);
    expect(L1.vertices.filter(isCharger)).toHaveLength(2);
    expect(L1.vertices.filter((v) => liftCabin(v) !== null).map(liftCabin).sort()).toEqual(['lift_1', 'lift_2', 'lift_24', 'lift_25']);
  });

  it('reads lanes, doors and the drawing', () => {
    expect(L1.lanes[0]).toEqual({ from: 363, to: 386, bidirectional: true, graph: 0, speedLimit: 0 });
    const door = L1.doors.find((d) => d.name === 'L1_clinic_a')!;
    expect(door.type).toBe('double_sliding');
    expect(door.a.x).toBeCloseTo(L1.vertices[23]!.x, 9);
    expect(L1.drawing).toEqual({ file: path.resolve(path.dirname(CLINIC), 'clinic.png'), metresPerPixel: L1.scale });
    expect(fs.existsSync(L1.drawing!.file)).toBe(true);
  });

  it('places lifts in metres on the reference level and lists the levels they serve', () => {
    expect(map.lifts.map((l) => l.name)).toEqual(['lift_1', 'lift_2', 'lift_24', 'lift_25']);
    const lift = map.lifts[0]!;
    expect(lift.x).toBeCloseTo(1600 * L1.scale, 9);
    expect(lift.y).toBeCloseTo(-276 * L1.scale, 9);
    expect(lift).toMatchObject({ yaw: 3.14, width: 2.5, depth: 3, levels: ['L1', 'L2'] });
  });
});

describe('loadBuildingMap on small files', () => {
  it('uses traffic-editor\'s 0.05 m/px when a level has no measurement', () => {
    const file = tempFile('plain.building.yaml', `
levels:
  L1:
    vertices: [[100, 200, 0, a], [300, 200, 0, b]]
    lanes: [[0, 1, {bidirectional: [4, false]}]]
`);
    const map = loadBuildingMap(file);
    const L1 = map.levels[0]!;
    expect(map.name).toBe('plain');
    expect(map.coordinateSystem).toBe('reference_image');
    expect(L1.scale).toBe(DEFAULT_METRES_PER_PIXEL);
    expect(L1.vertices[1]).toMatchObject({ x: 15, y: -10, name: 'b' });
    expect(L1.lanes[0]).toEqual({ from: 0, to: 1, bidirectional: false, graph: 0, speedLimit: 0 });
    expect(L1.drawing).toBeNull();
  });

  it('keeps cartesian_meters coordinates as they are', () => {
    const file = tempFile('metres.building.yaml', `
coordinate_system: cartesian_meters
name: metres
levels:
  G:
    measurements: [[0, 1, {distance: [3, 99]}]]
    vertices: [[1.5, -2.5, 0, a], [4, 2, 0, b]]
    walls: [[0, 1]]
    drawing: {filename: plan.png}
lifts:
  lift_a: {x: 3, y: 4, yaw: 0.5, width: 2, depth: 2, reference_floor_name: G}
`);
    const map = loadBuildingMap(file);
    const G = map.levels[0]!;
    expect(G.scale).toBe(1);
    expect(G.vertices[0]).toMatchObject({ x: 1.5, y: -2.5 });
    expect(G.walls[0]).toEqual({ a: { x: 1.5, y: -2.5 }, b: { x: 4, y: 2 } });
    expect(G.drawing).toBeNull();
    expect(map.lifts[0]).toMatchObject({ name: 'lift_a', x: 3, y: 4, levels: ['G'] });
  });
});
