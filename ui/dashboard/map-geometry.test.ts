import { describe, it, expect } from '@jest/globals';
import type { Place } from './api-types.js';
import { stripPositions } from './map-floor.js';
import { placesToDraw } from './map-places.js';
import { interpolatePose } from './map-robots.js';

const place = (name: string, kind: Place['kind'], x: number, y: number): Place =>
  ({ name, kind, level: 'L1', x, y, yaw: null, label: { en: name, 'zh-CN': name } });

describe('map geometry', () => {
  it('turns a robot the short way round between two reports', () => {
    const halfway = interpolatePose({ x: 0, y: 0, yaw: 3 }, { x: 2, y: 4, yaw: -3 }, 0.5);
    expect(halfway.x).toBeCloseTo(1);
    expect(halfway.y).toBeCloseTo(2);
    // From 3 rad to -3 rad is 0.28 rad through ±π, not 6 rad back through 0.
    expect(Math.abs(Math.atan2(Math.sin(halfway.yaw), Math.cos(halfway.yaw)))).toBeGreaterThan(3);
    expect(interpolatePose({ x: 0, y: 0, yaw: 0 }, { x: 2, y: 0, yaw: 1 }, 7)).toEqual({ x: 2, y: 0, yaw: 1 });
  });

  it('draws a ward place once where it sits on a building waypoint', () => {
    const shown = placesToDraw([
      place('nurse_station', 'nurse_station', 5, 5), place('L1_nurse_center', 'waypoint', 5.2, 5),
      place('L1_corridor', 'waypoint', 9, 5), place('charger_1', 'charger', 1, 1),
    ]).map((p) => p.name);
    expect(shown).toEqual(['nurse_station', 'L1_corridor', 'charger_1']);
  });

  it('makes a strip as wide as asked, reaching half a width past each end', () => {
    const positions = stripPositions([[0, 0, 4, 0], [1, 1, 1, 1]], 0.2);
    expect(positions).toHaveLength(18);
    const xs = positions.filter((_, i) => i % 3 === 0);
    const ys = positions.filter((_, i) => i % 3 === 1);
    expect(Math.min(...xs)).toBeCloseTo(-0.1);
    expect(Math.max(...xs)).toBeCloseTo(4.1);
    expect(Math.min(...ys)).toBeCloseTo(-0.1);
    expect(Math.max(...ys)).toBeCloseTo(0.1);
  });
});
