// The lanes of a level as an engineer picks them to block: named by the places at or near their
// ends, corridors first, then the ways in to single places; and the lane nearest a point on the floor.
import type { LevelView, PlaceView } from '../../brain/index.js';
import type { Lang } from '../shared/i18n.js';

export interface Lane {
  /** Position in the level's lane list: the option value. */
  index: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** The place standing on one end (a way in to it), or null for a corridor piece. */
  approach: PlaceView | null;
  /** The places nearest each end (within NEAR_M), for corridors. */
  near: [PlaceView | null, PlaceView | null];
}

/** A place this close to a lane's end stands on it. */
const ON_END_M = 0.3;
/** A place this close to a lane's end names it. */
const NEAR_M = 6;

const dist = (ax: number, ay: number, bx: number, by: number) => Math.hypot(ax - bx, ay - by);

function nearestPlace(places: readonly PlaceView[], x: number, y: number, within: number): PlaceView | null {
  let best: PlaceView | null = null;
  let bestD = within;
  for (const p of places) {
    const d = dist(p.x, p.y, x, y);
    // Ties go to the place listed first (ward files list beds in order).
    if (d < bestD - 1e-9) {
      best = p;
      bestD = d;
    }
  }
  return best;
}

/** Places a person would name a lane by: not bare building waypoints where a ward place stands too. */
function namingPlaces(places: readonly PlaceView[], level: string): PlaceView[] {
  const here = places.filter((p) => p.level === level);
  const ward = here.filter((p) => p.kind !== 'waypoint');
  return [...ward, ...here.filter((p) => p.kind === 'waypoint' && !ward.some((w) => dist(w.x, w.y, p.x, p.y) < ON_END_M))];
}

export function levelLanes(level: LevelView, places: readonly PlaceView[]): Lane[] {
  const named = namingPlaces(places, level.name);
  const lanes = level.lanes.map(([x1, y1, x2, y2], index): Lane => {
    const atA = nearestPlace(named, x1, y1, ON_END_M);
    const atB = nearestPlace(named, x2, y2, ON_END_M);
    return {
      index, x1, y1, x2, y2,
      approach: atA && !atB ? atA : atB && !atA ? atB : null,
      near: [atA ?? nearestPlace(named, x1, y1, NEAR_M), atB ?? nearestPlace(named, x2, y2, NEAR_M)],
    };
  });
  // Corridors first, west to east then south to north; then ways in, by the place's name.
  const order = new Intl.Collator('en', { numeric: true });
  return lanes.sort((a, b) => {
    if (!a.approach !== !b.approach) return a.approach ? 1 : -1;
    if (a.approach && b.approach) return order.compare(a.approach.name, b.approach.name);
    return Math.min(a.x1, a.x2) - Math.min(b.x1, b.x2) || Math.min(a.y1, a.y2) - Math.min(b.y1, b.y2);
  });
}

export interface LaneWords {
  t(key: 'lane.corridor' | 'lane.by' | 'lane.approach' | 'lane.near' | 'lane.point' | 'lane.option', vars: Record<string, string | number>): string;
  lang(): Lang;
}

const metres = (v: number) => (Math.round(v * 10) / 10).toFixed(1);

export function laneName(lane: Lane, words: LaneWords): string {
  const label = (p: PlaceView) => p.label[words.lang()] || p.name;
  if (lane.approach) return words.t('lane.approach', { place: label(lane.approach) });
  const [a, b] = lane.near;
  if (a && a === b) return words.t('lane.by', { place: label(a) });
  const end = (p: PlaceView | null, x: number, y: number) =>
    p ? words.t('lane.near', { place: label(p) }) : words.t('lane.point', { x: metres(x), y: metres(y) });
  return words.t('lane.corridor', { a: end(lane.near[0], lane.x1, lane.y1), b: end(lane.near[1], lane.x2, lane.y2) });
}

/** What the lane list shows: the name and where it runs, which tells lanes with the same name apart. */
export function laneOption(lane: Lane, words: LaneWords): string {
  return words.t('lane.option', {
    label: laneName(lane, words),
    from: `${metres(lane.x1)}, ${metres(lane.y1)}`,
    to: `${metres(lane.x2)}, ${metres(lane.y2)}`,
  });
}

/** The lane within `within` metres of (x, y) nearest to it, or null. */
export function laneAt(lanes: readonly Lane[], x: number, y: number, within: number): Lane | null {
  let best: Lane | null = null;
  let bestD = within;
  for (const lane of lanes) {
    const d = distToSegment(x, y, lane);
    if (d < bestD) {
      best = lane;
      bestD = d;
    }
  }
  return best;
}

/** The lane of `lanes` that runs between these two points (either way round), as a blocked-corridor fault gives them. */
export function laneBetween(lanes: readonly Lane[], x1: number, y1: number, x2: number, y2: number): Lane | null {
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-3;
  return lanes.find((l) => (close(l.x1, x1) && close(l.y1, y1) && close(l.x2, x2) && close(l.y2, y2))
    || (close(l.x1, x2) && close(l.y1, y2) && close(l.x2, x1) && close(l.y2, y1))) ?? null;
}

function distToSegment(px: number, py: number, l: { x1: number; y1: number; x2: number; y2: number }): number {
  const dx = l.x2 - l.x1;
  const dy = l.y2 - l.y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - l.x1) * dx + (py - l.y1) * dy) / len2));
  return dist(px, py, l.x1 + dx * t, l.y1 + dy * t);
}
