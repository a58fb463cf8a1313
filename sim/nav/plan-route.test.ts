import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect } from '@jest/globals';
import { loadWard } from '../../robot/map/index.js';
import { NavGraph, planRoute } from './index.js';
import type { RoutePlan } from './index.js';

/**
 * A ward over a hand-made cartesian_meters building. Square A(0,0) B(10,0) C(10,10) D(0,10) with a
 * unnamed centre E(5,5); `lanes` and `extra` are spliced into level L1.
 */
function tinyWard(lanes: string, opts: { extra?: string; places?: string; levels?: string; lifts?: string } = {}): NavGraph {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nav-'));
  fs.writeFileSync(path.join(dir, 'tiny.building.yaml'), `coordinate_system: cartesian_meters
name: tiny
levels:
  L1:
    vertices:
      - [0, 0, 0, A]
      - [10, 0, 0, B]
      - [10, 10, 0, C]
      - [0, 10, 0, D]
      - [5, 5, 0, ""]
      - [-5, 0, 0, F]
${opts.extra ?? ''}    lanes:
${lanes}${opts.levels ?? ''}${opts.lifts ?? ''}`);
  fs.writeFileSync(path.join(dir, 'tiny.ward.yaml'), `name: tiny\nmap: tiny.building.yaml\n${opts.places ?? ''}`);
  return NavGraph.fromWard(loadWard(path.join(dir, 'tiny.ward.yaml')));
}

const lane = (a: number, b: number, params = '') => `      - [${a}, ${b}, {bidirectional: [4, true]${params}}]\n`;
const oneWay = (a: number, b: number) => `      - [${a}, ${b}, {bidirectional: [4, false]}]\n`;
const SQUARE_AND_DIAGONAL = lane(0, 1) + lane(1, 2) + lane(2, 3) + lane(3, 0) + lane(0, 4) + lane(4, 2);
const at = (x: number, y: number, level = 'L1') => ({ level, x, y });

function route(plan: RoutePlan) {
  if (!plan.ok) throw new Error(`expected a route, got ${plan.code}: ${plan.message}`);
  return plan.route;
}
const xy = (plan: RoutePlan) => route(plan).waypoints.map((w) => [+w.x.toFixed(3), +w.y.toFixed(3)]);

describe('planRoute on a hand-made graph', () => {
  it('finds the shortest route', () => {
    const g = tinyWard(SQUARE_AND_DIAGONAL);
    const plan = planRoute(g, at(0, 0), { place: 'C' });
    expect(xy(plan)).toEqual([[0, 0], [5, 5], [10, 10]]);
    expect(route(plan).length).toBeCloseTo(Math.SQRT2 * 10, 9);
    expect(route(plan).etaSec).toBeCloseTo(Math.SQRT2 * 10, 9);
  });

  it('respects one-way lanes', () => {
    const g = tinyWard(oneWay(0, 1) + oneWay(1, 2) + oneWay(2, 0) + oneWay(5, 0));
    expect(xy(planRoute(g, at(0, 0), { place: 'B' }))).toEqual([[0, 0], [10, 0]]);
    // D is off these lanes, so its spur splits the diagonal at (5, 5).
    expect(xy(planRoute(g, at(10, 0), { place: 'A' }))).toEqual([[10, 0], [10, 10], [5, 5], [0, 0]]);
    const back = planRoute(g, at(0, 0), { place: 'F' });
    expect(back).toMatchObject({ ok: false, code: 'NO_ROUTE' });
  });

  it('reroutes around a blocked lane and fails when every way is blocked', () => {
    const g = tinyWard(SQUARE_AND_DIAGONAL);
    const diag = g.block({ lane: { level: 'L1', from: 4, to: 0 } });
    const around = route(planRoute(g, at(0, 0), { place: 'C' }));
    expect(around.length).toBeCloseTo(20, 9);
    const ab = g.block({ lane: { level: 'L1', from: 0, to: 1 } });
    g.block({ lane: { level: 'L1', from: 3, to: 0 } });
    const none = planRoute(g, at(0, 0), { place: 'C' });
    expect(none).toMatchObject({ ok: false, code: 'NO_ROUTE' });
    expect(!none.ok && none.message).toContain('3 block(s) in force');
    expect(g.unblock(diag)).toBe(true);
    expect(g.unblock(diag)).toBe(false);
    expect(route(planRoute(g, at(0, 0), { place: 'C' })).length).toBeCloseTo(Math.SQRT2 * 10, 9);
    g.unblock(ab);
    expect(g.blocks()).toHaveLength(1);
    expect(() => g.block({ lane: { level: 'L1', from: 0, to: 2 } })).toThrow(/no lane between vertices 0 and 2 on level L1/);
  });

  it('reroutes around a blocked area', () => {
    const g = tinyWard(SQUARE_AND_DIAGONAL);
    const version = g.version;
    g.block({ area: { level: 'L1', x: 5, y: 5, radius: 1 } });
    expect(g.version).toBeGreaterThan(version);
    expect(route(planRoute(g, at(0, 0), { place: 'C' })).length).toBeCloseTo(20, 9);
    expect(g.isLegBlocked(at(4, 4), at(6, 6), null)).toBe(true);
    expect(g.isLegBlocked(at(0, 0), at(10, 0), null)).toBe(false);
  });

  it('prefers lanes without a speed limit when they are as short', () => {
    const g = tinyWard(lane(0, 1, ', speed_limit: [3, 0.5]') + lane(1, 2) + lane(2, 3) + lane(3, 0));
    const plan = route(planRoute(g, at(0, 0), { place: 'C' }));
    expect(xy({ ok: true, route: plan })).toEqual([[0, 0], [0, 10], [10, 10]]);
    const slow = route(planRoute(g, at(0, 0), { place: 'B' }));
    expect(slow.legs).toEqual([{ speedLimit: 0.5, lift: null }]);
    expect(slow.etaSec).toBeCloseTo(10 / 0.5, 9);
  });

  it('joins a place to its nearest lane through a gap, not through a wall', () => {
    const walls = `    walls:\n      - [6, 7]\n`;
    const g = tinyWard(SQUARE_AND_DIAGONAL + walls, {
      extra: '      - [3, -1, 0, ""]\n      - [8, -1, 0, ""]\n',
      places: 'places:\n  - { name: bed_1, kind: bed, level: L1, x: 5, y: -2 }\n',
    });
    expect(g.warnings).toEqual([]);
    const r = route(planRoute(g, at(10, 0), { place: 'bed_1' }));
    const join = r.waypoints[r.waypoints.length - 2]!;
    expect(join.y).toBeCloseTo(0, 9);
    expect(join.x).toBeLessThanOrEqual(1);
    expect(r.waypoints[r.waypoints.length - 1]).toEqual(at(5, -2));
  });

  it('still joins a walled-in place, with a warning', () => {
    const box = '    walls:\n      - [6, 7]\n      - [7, 8]\n      - [8, 9]\n      - [9, 6]\n';
    const g = tinyWard(SQUARE_AND_DIAGONAL + box, {
      extra: '      - [4, -1, 0, ""]\n      - [6, -1, 0, ""]\n      - [6, -3, 0, ""]\n      - [4, -3, 0, ""]\n',
      places: 'places:\n  - { name: closet, kind: waypoint, level: L1, x: 5, y: -2 }\n',
    });
    expect(g.warnings).toEqual(['place "closet" joins the lanes through a wall; move it next to a door or lane']);
    expect(planRoute(g, at(0, 0), { place: 'closet' }).ok).toBe(true);
  });

  it('joins free start and goal points, driving straight along a shared lane', () => {
    const g = tinyWard(SQUARE_AND_DIAGONAL);
    const r = route(planRoute(g, at(2, 0.5), at(9.5, -0.3)));
    expect(xy({ ok: true, route: r })).toEqual([[2, 0.5], [2, 0], [9.5, 0], [9.5, -0.3]]);
    expect(r.length).toBeCloseTo(0.5 + 7.5 + 0.3, 9);
    expect(r.legs.map((l) => l.lift)).toEqual([null, null, null]);
  });

  it('starts from a node when the start is on one', () => {
    const g = tinyWard(SQUARE_AND_DIAGONAL);
    const r = route(planRoute(g, at(10, 0), { place: 'B' }));
    expect(r.waypoints).toEqual([at(10, 0)]);
    expect(r.length).toBe(0);
  });

  it('reports unknown places, unknown levels and points off the map', () => {
    const g = tinyWard(SQUARE_AND_DIAGONAL, { places: 'places:\n  - { name: bed_1, kind: bed, level: L1, x: 5, y: -1 }\n' });
    expect(planRoute(g, at(0, 0), { place: 'bed_2' })).toEqual({ ok: false, code: 'UNKNOWN_PLACE', message: 'unknown place "bed_2"; did you mean bed_1, B, D?' });
    expect(planRoute(g, at(0, 0, 'L7'), { place: 'B' })).toEqual({ ok: false, code: 'OFF_MAP', message: 'start (0.00, 0.00) on L7 is on unknown level "L7" (levels: L1)' });
    expect(planRoute(g, at(40, 40), { place: 'B' })).toEqual({ ok: false, code: 'OFF_MAP', message: 'start (40.00, 40.00) on L1 is 42.4 m from the nearest lane (limit 5 m)' });
    expect(planRoute(g, at(0, 0), at(5, 30))).toMatchObject({ ok: false, code: 'OFF_MAP' });
  });
});

describe('planRoute across levels', () => {
  const levels = `  L2:
    elevation: 4
    vertices:
      - [10, 0, 0, "", {lift_cabin: [1, lift_1]}]
      - [10, 8, 0, ward_2]
    lanes:
      - [0, 1, {bidirectional: [4, true]}]
`;
  const lifts = 'lifts:\n  lift_1: {x: 10, y: 0, yaw: 0, width: 2, depth: 2, level_doors: {L1: [d], L2: [d]}}\n';
  const build = () => tinyWard(SQUARE_AND_DIAGONAL + lane(1, 6), {
    extra: '      - [12, 0, 0, "", {lift_cabin: [1, lift_1]}]\n',
    levels,
    lifts,
  });

  it('rides a lift between levels, charging its ride time', () => {
    const g = build();
    const r = route(planRoute(g, at(0, 0), { place: 'ward_2' }));
    expect(r.waypoints.map((w) => w.level)).toEqual(['L1', 'L1', 'L1', 'L2', 'L2']);
    expect(r.legs.map((l) => l.lift)).toEqual([null, null, 'lift_1', null]);
    expect(r.length).toBeCloseTo(10 + 2 + 8, 9);
    expect(r.etaSec).toBeCloseTo(20 + g.options.liftRideSec, 9);
  });

  it('has no route when the lift is out of service', () => {
    const g = build();
    g.block({ lift: 'lift_1' });
    const plan = planRoute(g, at(0, 0), { place: 'ward_2' });
    expect(plan).toMatchObject({ ok: false, code: 'NO_ROUTE' });
    expect(!plan.ok && plan.message).toContain('no open lift ride links L1 and L2');
  });
});
