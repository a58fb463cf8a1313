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
