import { describe, it, expect } from '@jest/globals';
import type { Place } from './api-types.js';
import { AT_PLACE_LABEL_M, placeAtPose } from './places.js';

const place = (name: string, kind: string, x: number, y: number, level = 'L1'): Place =>
  ({ name, kind, level, x, y, label: { en: name, 'zh-CN': name } }) as unknown as Place;

describe('the place a robot label names', () => {
  const places = [place('bay_2', 'waypoint', 5, 5), place('bed_2', 'bed', 5, 5), place('corridor', 'waypoint', 9, 5), place('bed_9', 'bed', 5, 5, 'L2'),
    place('pharmacy_hatch', 'waypoint', 1, 1), place('pharmacy', 'pharmacy', 1.1, 1)];

  it('names a ward place before a bare waypoint on the same spot, and only on the robot\'s level', () => {
    expect(placeAtPose(places, 'L1', 5.2, 5)?.name).toBe('bed_2');
    expect(placeAtPose(places, 'L1', 1, 1)?.name).toBe('pharmacy');
    expect(placeAtPose(places, 'L2', 5, 5)?.name).toBe('bed_9');
  });

  it('names the nearest place within reach, and nothing between places', () => {
    expect(placeAtPose(places, 'L1', 9, 5.3)?.name).toBe('corridor');
    expect(placeAtPose(places, 'L1', 7, 5)).toBeNull();
    expect(placeAtPose(places, 'L1', 5 + AT_PLACE_LABEL_M + 0.01, 5)).toBeNull();
  });
});
