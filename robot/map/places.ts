import { distance } from 'fastest-levenshtein';

/** Kinds of named place a ward knows; the single list every validator and UI reads. */
export const PLACE_KINDS = ['bed', 'pharmacy', 'nurse_station', 'charger', 'waypoint', 'parking', 'lift'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export interface PlaceLabel {
  en: string;
  'zh-CN': string;
}

export interface Place {
  name: string;
  kind: PlaceKind;
  level: string;
  /** Metres, map frame. For a bed this is where the robot stops beside it, not the bed itself. */
  x: number;
  y: number;
  /** Heading the robot should face on arrival, radians; null when any heading will do. */
  yaw: number | null;
  label: PlaceLabel;
  /** Index of the building-map vertex this place stands on (on its level), or null if it is free-standing. */
  vertex: number | null;
}

export interface RobotSpawn {
  name: string;
  place: string;
}

interface HasPlaces {
  places: readonly Place[];
}

export function findPlace(ward: HasPlaces, name: string): Place | undefined {
  return ward.places.find((p) => p.name === name);
}

/** The `n` place names nearest to `name` by edit distance, for "did you mean …" messages. */
export function closePlaceNames(ward: HasPlaces, name: string, n = 3): string[] {
  return closestNames(ward.places.map((p) => p.name), name, n);
}

export function closestNames(candidates: readonly string[], name: string, n = 3): string[] {
  const wanted = name.toLowerCase();
  return candidates
    .map((c) => ({ c, d: distance(wanted, c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, Math.max(0, n))
    .map((x) => x.c);
}

/** "unknown place "bed_99"; did you mean bed_9, bed_1, bed_2?" — shared wording for every caller. */
export function unknownPlaceMessage(ward: HasPlaces, name: string): string {
  const close = closePlaceNames(ward, name);
  return close.length ? `unknown place "${name}"; did you mean ${close.join(', ')}?` : `unknown place "${name}"`;
}
