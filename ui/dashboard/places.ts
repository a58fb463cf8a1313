// How a place is named for people, in the current language.
import type { Place } from './api-types.js';
import { lang } from './i18n.js';

export class PlaceIndex {
  private byName = new Map<string, Place>();
  set(places: Place[]): void { this.byName = new Map(places.map((p) => [p.name, p])); }
  all(): Place[] { return [...this.byName.values()]; }
  get(name: string): Place | undefined { return this.byName.get(name); }
  label(name: string): string { return this.byName.get(name)?.label[lang()] ?? name; }
}
