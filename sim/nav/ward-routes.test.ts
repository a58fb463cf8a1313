import { describe, it, expect } from '@jest/globals';
import { findPlace, loadWard } from '../../robot/map/index.js';
import { BUILTIN_WARD_FILE, CLINIC_WARD_FILE } from '../maps/index.js';
import { crossesAnyWall } from './geometry.js';
import { NavGraph, planRoute } from './index.js';
import type { Route } from './index.js';

const clinic = loadWard(CLINIC_WARD_FILE);
const clinicGraph = NavGraph.fromWard(clinic);

function routeBetween(graph: NavGraph, from: string, to: string): Route {
  const start = graph.nodeOfPlace(from)!;
  const plan = planRoute(graph, start, { place: to });
  if (!plan.ok) throw new Error(`${from} → ${to}: ${plan.code} ${plan.message}`);
  return plan.route;
}

describe('routes on the clinic ward', () => {
  it('joins every place without crossing a wall', () => {
    expect(clinicGraph.warnings).toEqual([]);
  });

  it('crosses L1 between far corners along a sensible route', () => {
    const from = findPlace(clinic, 'L1_sub_waiting_area_2')!;
    const to = findPlace(clinic, 'L1_sub_waiting_area_8')!;
    const straight = Math.hypot(to.x - from.x, to.y - from.y);
    const r = routeBetween(clinicGraph, from.name, to.name);
    expect(r.waypoints.every((w) => w.level === 'L1')).toBe(true);
    expect(r.waypoints[0]).toEqual({ level: 'L1', x: from.x, y: from.y });
    expect(r.waypoints[r.waypoints.length - 1]).toEqual({ level: 'L1', x: to.x, y: to.y });
    expect(r.length).toBeGreaterThanOrEqual(straight);
    expect(r.length).toBeLessThan(1.5 * straight);
    const legSum = r.waypoints.slice(1).reduce((s, w, i) => s + Math.hypot(w.x - r.waypoints[i]!.x, w.y - r.waypoints[i]!.y), 0);
    expect(legSum).toBeCloseTo(r.length, 6);
  });

  it('reaches every bed from every robot spawn, entering rooms through their doors', () => {
    const beds = clinic.places.filter((p) => p.kind === 'bed');
    expect(beds).toHaveLength(30);
    const walls = clinic.building.levels.find((l) => l.name === 'L1')!.walls;
    for (const spawn of clinic.robots) {
      for (const bed of beds) {
        const r = routeBetween(clinicGraph, spawn.place, bed.name);
        const last = r.waypoints[r.waypoints.length - 1]!;
        const join = r.waypoints[r.waypoints.length - 2]!;
        expect({ bed: bed.name, x: last.x, y: last.y }).toEqual({ bed: bed.name, x: bed.x, y: bed.y });
        expect(crossesAnyWall(join, last, walls)).toBe(false);
        expect(Math.hypot(last.x - join.x, last.y - join.y)).toBeLessThan(6);
      }
    }
  });

  it('takes a lift to reach the other level', () => {
    const r = routeBetween(clinicGraph, 'L1_sub_waiting_area_1', 'tinyRobot_1_charger');
    const rides = r.legs.filter((l) => l.lift !== null);
    expect(rides).toHaveLength(1);
    expect(r.waypoints[r.waypoints.length - 1]!.level).toBe('L2');
    expect(r.etaSec).toBeGreaterThan(r.length / clinicGraph.options.nominalSpeed + clinicGraph.options.liftRideSec - 1e-9);
  });

  it('keeps to one lane graph when the ward asks for it', () => {
    const graph0 = NavGraph.fromWard({ ...clinic, graphs: [0] });
    const key = (level: string, a: number, b: number) => `${level}:${Math.min(a, b)}-${Math.max(a, b)}`;
    const inGraph = (g: number) => new Set(clinic.building.levels.flatMap((l) => l.lanes.filter((x) => x.graph === g).map((x) => key(l.name, x.from, x.to))));
    const used = new Set(graph0.edges.filter((e) => e.kind === 'lane').map((e) => key(e.lane!.level, e.lane!.from, e.lane!.to)));
    expect([...used].every((k) => inGraph(0).has(k))).toBe(true);
    const onlyGraph1 = [...inGraph(1)].filter((k) => !inGraph(0).has(k));
    expect(onlyGraph1.length).toBeGreaterThan(0);
    expect(onlyGraph1.some((k) => used.has(k))).toBe(false);
    expect([...new Set(clinicGraph.edges.filter((e) => e.kind === 'lane').map((e) => key(e.lane!.level, e.lane!.from, e.lane!.to)))])
      .toEqual(expect.arrayContaining(onlyGraph1));
  });
});

describe('routes on the built-in small ward', () => {
  const ward = loadWard(BUILTIN_WARD_FILE);
  const graph = NavGraph.fromWard(ward);

  it('reaches every bed, the pharmacy and the nurse station from both chargers', () => {
    expect(graph.warnings).toEqual([]);
    const targets = ward.places.filter((p) => ['bed', 'pharmacy', 'nurse_station', 'parking'].includes(p.kind));
    for (const charger of ['charger_1', 'charger_2']) {
      for (const t of targets) expect(routeBetween(graph, charger, t.name).length).toBeGreaterThan(0);
    }
  });

  it('drives the last metres into a bay on a slow lane', () => {
    const r = routeBetween(graph, 'charger_1', 'bed_3');
    expect(r.legs[r.legs.length - 1]!.speedLimit).toBe(0.5);
    expect(r.legs.slice(0, -1).every((l) => l.speedLimit === 0)).toBe(true);
  });
});
