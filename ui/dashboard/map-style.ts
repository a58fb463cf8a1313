// How the map draws things, shared with its legend and the robots panel so that both match the map.
import type { PlaceKind } from './api-types.js';

/** A closed outline in marker units (about one unit = the marker's radius); +x is ahead for robots. */
export type Outline = ReadonlyArray<readonly [number, number]>;

function circle(radius: number, sides: number): Outline {
  return Array.from({ length: sides }, (_, i) => {
    const a = (i / sides) * Math.PI * 2;
    return [Math.cos(a) * radius, Math.sin(a) * radius] as const;
  });
}

/**
 * Kinds differ by shape as well as colour so that people who do not tell the colours apart can still
 * read the map; the legend draws these very outlines.
 */
export const PLACE_STYLE: Record<PlaceKind, { color: string; outline: Outline }> = {
  bed: { color: '#1d4ed8', outline: [[-1.2, -0.75], [1.2, -0.75], [1.2, 0.75], [-1.2, 0.75]] },
  pharmacy: {
    color: '#047857',
    outline: [[-0.35, -1], [0.35, -1], [0.35, -0.35], [1, -0.35], [1, 0.35], [0.35, 0.35], [0.35, 1],
      [-0.35, 1], [-0.35, 0.35], [-1, 0.35], [-1, -0.35], [-0.35, -0.35]],
  },
  nurse_station: { color: '#7e22ce', outline: [[0, 1.15], [-1.05, -0.75], [1.05, -0.75]] },
  charger: { color: '#b45309', outline: [[0.25, 1.1], [-0.7, -0.1], [-0.05, -0.1], [-0.3, -1.1], [0.7, 0.15], [0.05, 0.15]] },
  waypoint: { color: '#64748b', outline: circle(0.55, 20) },
  parking: { color: '#334155', outline: [[-0.85, -0.85], [0.85, -0.85], [0.85, 0.85], [-0.85, 0.85]] },
  lift: { color: '#be185d', outline: [[0, 1.1], [1.1, 0], [0, -1.1], [-1.1, 0]] },
};

export const ROBOT_OUTLINE: Outline = [[1.3, 0], [-0.9, 0.9], [-0.45, 0], [-0.9, -0.9]];

/** Robots are told apart by colour (status is written beside them); an offline robot turns grey. */
const ROBOT_COLORS = ['#c2410c', '#be123c', '#0e7490', '#a16207', '#6d28d9', '#4d7c0f'];
export const OFFLINE_COLOR = '#9ca3af';

/** Each robot keeps one colour wherever it is drawn, from its name. */
export function robotColor(name: string): string {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return ROBOT_COLORS[hash % ROBOT_COLORS.length] ?? OFFLINE_COLOR;
}

export const MAP_COLOR = {
  background: '#f8fafc',
  floor: '#bfdbfe',
  wall: '#1e293b',
  door: '#16a34a',
  lane: '#64748b',
  halo: '#ffffff',
  selection: '#facc15',
} as const;

/** Marker sizes in screen pixels, so the map stays readable whatever the zoom. */
export const PLACE_RADIUS_PX = 7;
export const ROBOT_RADIUS_PX = 11;

/** Whose name wins when labels would overlap: robots first, then the places staff send robots to. */
export const LABEL_PRIORITY: Record<PlaceKind | 'robot' | 'selected', number> = {
  robot: 100, selected: 90, pharmacy: 60, nurse_station: 60, charger: 50, lift: 40, bed: 30, parking: 20, waypoint: 10,
};

/** Draw order from bottom to top; every layer draws without depth testing, in this order. */
export const LAYER = {
  drawing: 0, floor: 1, lane: 2, wall: 3, door: 4, pathHalo: 5, path: 6, selection: 7, placeHalo: 8, place: 9,
  robotHalo: 10, robot: 11,
} as const;

export function outlineSvgPath(outline: Outline): string {
  // SVG's y runs down, the map's up.
  return outline.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(2)} ${(-y).toFixed(2)}`).join(' ') + 'Z';
}
