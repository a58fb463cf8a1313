// How a place is named for people, in the current language.
import type { Place } from './api-types.js';
import { lang } from './i18n.js';

/** A place's name for people; its map name stands in where the ward file gave no label in this language. */
export function placeName(place: Place): string {
  return place.label[lang()] || place.label.en || place.name;
}

export class PlaceIndex {
  private byName = new Map<string, Place>();
  set(places: Place[]): void { this.byName = new Map(places.map((p) => [p.name, p])); }
  all(): Place[] { return [...this.byName.values()]; }
  get(name: string): Place | undefined { return this.byName.get(name); }
  label(name: string): string {
    const place = this.byName.get(name);
    return place ? placeName(place) : name;
  }
}

/** How near a place's spot a robot's reported pose must be for its map label to name the place. */
export const AT_PLACE_LABEL_M = 0.75;

/**
 * The place a robot stands at, for its label on the map: the nearest on its level within
 * AT_PLACE_LABEL_M, a ward place before a bare waypoint on the same spot (the nurse wants "Bed 2" and
 * "Pharmacy", not "bay 2" and "pharmacy hatch").
 */
export function placeAtPose(places: Iterable<Place>, level: string, x: number, y: number): Place | null {
  let best: { place: Place; rank: number } | null = null;
  for (const p of places) {
    if (p.level !== level) continue;
    const d = Math.hypot(p.x - x, p.y - y);
    if (d > AT_PLACE_LABEL_M) continue;
    const rank = d - (p.kind !== 'waypoint' ? AT_PLACE_LABEL_M : 0);
    if (!best || rank < best.rank) best = { place: p, rank };
  }
  return best?.place ?? null;
}
