import { describe, it, expect } from '@jest/globals';
import { MapViewport } from './map-viewport.js';

function view(): MapViewport {
  const v = new MapViewport();
  v.resize(800, 600);
  v.centerX = 10;
  v.centerY = -5;
  v.metresPerPx = 0.05;
  return v;
}

describe('map viewport', () => {
  it('puts map y up and screen y down, the centre of the screen on the centre of the view', () => {
    const v = view();
    expect(v.screenToWorld(400, 300)).toEqual({ x: 10, y: -5 });
    expect(v.screenToWorld(500, 200)).toEqual({ x: 15, y: 0 });
    expect(v.worldToScreen(15, 0)).toEqual({ px: 500, py: 200 });
  });

  it('keeps the point under the cursor still while zooming', () => {
    const v = view();
    const before = v.screenToWorld(650, 120);
    v.zoomAt(2, 650, 120);
    expect(v.metresPerPx).toBeCloseTo(0.025);
    const after = v.screenToWorld(650, 120);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('moves the map with the pointer when dragged', () => {
    const v = view();
    const grabbed = v.screenToWorld(100, 100);
    v.panByPixels(40, -30);
    const now = v.screenToWorld(140, 70);
    expect(now.x).toBeCloseTo(grabbed.x);
    expect(now.y).toBeCloseTo(grabbed.y);
  });

  it('fits a level inside the margins whichever side is the tighter', () => {
    const v = view();
    v.fit({ min_x: 0, min_y: -40, max_x: 60, max_y: 0 }, 20);
    expect(v.centerX).toBe(30);
    expect(v.centerY).toBe(-20);
    // 60 m over 760 px against 40 m over 560 px: the width decides.
    expect(v.metresPerPx).toBeCloseTo(60 / 760);
    const corner = v.worldToScreen(0, 0);
    expect(corner.px).toBeCloseTo(20);
  });
});
