// Colours of place kinds and robots, shared by the map, its legend and the panels.
import type { PlaceKind } from './api-types.js';

export const KIND_COLOURS: Record<PlaceKind, number> = {
  bed: 0x2e86c1, pharmacy: 0x8e44ad, nurse_station: 0xc0392b, charger: 0x27ae60,
  parking: 0x7f8c8d, waypoint: 0xb0bec5, lift: 0x5d6d7e,
};

const ROBOT_COLOURS = [0xd35400, 0x16a085, 0x6c3483, 0xb7950b, 0x1f618d, 0x922b21];

/** Each robot keeps one colour wherever it is drawn. */
export function robotColour(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return ROBOT_COLOURS[h % ROBOT_COLOURS.length]!;
}

export const css = (colour: number): string => `#${colour.toString(16).padStart(6, '0')}`;
