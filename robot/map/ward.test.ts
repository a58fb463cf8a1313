import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from '@jest/globals';
import { PLACE_KINDS, closePlaceNames, findPlace, loadWard, unknownPlaceMessage, wardFromBuildingMap, resolveWard } from './index.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const CLINIC_WARD = path.resolve(repoRoot, 'sim/maps/clinic/clinic.ward.yaml');
const SMALL_WARD = path.resolve(repoRoot, 'sim/maps/small_ward/small_ward.ward.yaml');
const CLINIC_MAP = path.resolve(repoRoot, '../shared/maps/clinic/clinic.building.yaml');

describe('loadWard on the clinic ward', () => {
  const ward = loadWard(CLINIC_WARD);

  it('loads the building map the ward file points at', () => {
    expect(ward.file).toBe(CLINIC_WARD);
    expect(ward.building.file).toBe(CLINIC_MAP);
    expect(ward.graphs).toBeNull();
    expect(ward.building.levels).toHaveLength(2);
  });

  it('makes every named vertex a place, keeping the first of a duplicated name with a warning', () => {
    const dup = ward.places.filter((p) => p.name === 'L1_sub_waiting_area_4');
    expect(dup).toHaveLength(1);
    expect(dup[0]!.vertex).toBe(422);
    expect(ward.warnings).toHaveLength(1);
    expect(ward.warnings[0]).toContain('levels.L1.vertices[445]: name "L1_sub_waiting_area_4" is also used by');
    // 18 + 12 named vertices, one of them a duplicate
    expect(ward.places.filter((p) => p.vertex !== null && p.kind !== 'pharmacy' && p.kind !== 'nurse_station')).toHaveLength(29);
  });

  it('derives kinds from the vertex flags', () => {
    expect(findPlace(ward, 'L1_sub_waiting_area_1')!.kind).toBe('charger');
    expect(findPlace(ward, 'tinyRobot_2_charger')).toMatchObject({ kind: 'charger', level: 'L2' });
    expect(findPlace(ward, 'L2_north_counter')!.kind).toBe('parking');
    expect(findPlace(ward, 'L1_right_procedure')!.kind).toBe('waypoint');
  });

  it('adds the ward\'s own places: 30 beds, a pharmacy, nurse stations', () => {
    const beds = ward.places.filter((p) => p.kind === 'bed');
    expect(beds).toHaveLength(30);
    expect(beds.every((b) => b.vertex === null && b.yaw !== null && b.level === 'L1')).toBe(true);
    const bed1 = findPlace(ward, 'bed_1')!;
    expect(bed1).toMatchObject({ x: 27.18, y: -15.02, yaw: 3.14 });
    expect(bed1.label['zh-CN']).toBe('1号床（左区诊室1）');
    const station = findPlace(ward, 'nurse_station')!;
    const vertex = ward.building.levels[0]!.vertices.find((v) => v.name === 'L1_left_nurse_center')!;
    expect(station).toMatchObject({ kind: 'nurse_station', level: 'L1', x: vertex.x, y: vertex.y, vertex: 398 });
    expect(findPlace(ward, 'pharmacy')!.label).toEqual({ en: 'Pharmacy', 'zh-CN': '药房' });
  });

  it('lists robot spawn places', () => {
    expect(ward.robots).toEqual([
      { name: 'robot_1', place: 'L1_sub_waiting_area_1' },
      { name: 'robot_2', place: 'deliveryRobot_2_charger' },
      { name: 'robot_3', place: 'deliveryRobot_1_charger' },
    ]);
  });

  it('suggests close names for an unknown place', () => {
    expect(findPlace(ward, 'bed_99')).toBeUndefined();
    const close = closePlaceNames(ward, 'bed_99');
    expect(close).toHaveLength(3);
    expect(close.every((n) => n.startsWith('bed_'))).toBe(true);
    expect(closePlaceNames(ward, 'Pharmacie', 1)).toEqual(['pharmacy']);
    expect(unknownPlaceMessage(ward, 'farmacy')).toMatch(/^unknown place "farmacy"; did you mean pharmacy, /);
  });
});

describe('loadWard on the built-in small ward', () => {
  const ward = loadWard(SMALL_WARD);

  it('has ten labelled beds, a nurse station, a pharmacy, chargers and parking', () => {
    expect(ward.warnings).toEqual([]);
    const beds = ward.places.filter((p) => p.kind === 'bed').map((p) => p.name);
    expect(beds).toEqual(Array.from({ length: 10 }, (_, i) => `bed_${i + 1}`));
    expect(findPlace(ward, 'bed_10')!.label).toEqual({ en: 'Bed 10', 'zh-CN': '10号床' });
    expect(ward.places.filter((p) => p.kind === 'charger').map((p) => p.name)).toEqual(['charger_1', 'charger_2']);
    expect(ward.places.filter((p) => p.kind === 'parking').map((p) => p.name)).toEqual(['parking_1', 'parking_2']);
    expect(findPlace(ward, 'nurse_station')!.kind).toBe('nurse_station');
    expect(findPlace(ward, 'pharmacy')!.kind).toBe('pharmacy');
    for (const p of ward.places) expect(PLACE_KINDS).toContain(p.kind);
  });

  it('is drawn to a believable scale: 2.4 m corridor, 3.5 m bays', () => {
    const L1 = ward.building.levels[0]!;
    expect(L1.scale).toBeCloseTo(0.05, 12);
    const bay1 = findPlace(ward, 'bed_1')!;
    const bay2 = findPlace(ward, 'bed_2')!;
    expect(bay2.x - bay1.x).toBeCloseTo(3.5, 9);
    const corridorWalls = L1.walls.filter((w) => w.a.y === w.b.y && Math.abs(w.b.x - w.a.x) > 0 && w.a.y < -6 && w.a.y > -10);
    const ys = [...new Set(corridorWalls.map((w) => w.a.y))].sort((a, b) => a - b);
    expect(ys).toHaveLength(2);
    expect(ys[1]! - ys[0]!).toBeCloseTo(2.4, 9);
  });
});

describe('choosing the map from the command line', () => {
  it('a bare building map is a ward whose places are its named waypoints', () => {
    const ward = wardFromBuildingMap(CLINIC_MAP);
    expect(ward.name).toBe('clinic');
    expect(ward.robots).toEqual([]);
    expect(ward.places.some((p) => p.kind === 'bed')).toBe(false);
    expect(findPlace(ward, 'L1_left_nurse_center')).toMatchObject({ level: 'L1', kind: 'parking' });
  });

  it('a ward file can be laid on another building map', () => {
    const ward = loadWard(CLINIC_WARD, { mapFile: CLINIC_MAP });
    expect(ward.building.file).toBe(CLINIC_MAP);
    // The small ward's places name vertices the clinic does not have: that is an error naming the field.
    expect(() => loadWard(SMALL_WARD, { mapFile: CLINIC_MAP })).toThrow(/small_ward\.ward\.yaml: places\[\d+\]\.(waypoint|level)/);
  });
});

describe('resolveWard', () => {
  it('picks the ward file, the map, or the default', () => {
    expect(resolveWard({ defaultWardFile: SMALL_WARD }).file).toBe(SMALL_WARD);
    expect(resolveWard({ mapFile: CLINIC_MAP, defaultWardFile: SMALL_WARD }).building.file).toBe(CLINIC_MAP);
    const both = resolveWard({ wardFile: CLINIC_WARD, mapFile: CLINIC_MAP, defaultWardFile: SMALL_WARD });
    expect([both.file, both.building.file]).toEqual([CLINIC_WARD, CLINIC_MAP]);
  });
});
