// What each category's part of the task form provides, and how the API's refusals find their field:
// the brain spells each problem "request.description.beds[0]: ...", so the field is read off the front.
import type { Place } from './api-types.js';
import { el } from './dom.js';

export type Collected<D> = { ok: true; description: D } | { ok: false; field: string; message: string };

export interface CategoryFields<D> {
  readonly element: HTMLElement;
  /** Redo the words and lists (language changed, places or records arrived). */
  render(): void;
  /** Fetch what the fields choose from (patients, orders); called when the category is shown. */
  refresh(): Promise<void>;
  collect(): Collected<D>;
  /** The element that shows a problem with `field` ("beds", "patient", ...), or null if none does. */
  errorSlot(field: string): HTMLElement | null;
  /** A place clicked on the map; true when these fields used it. */
  choose?(place: Place): boolean;
}

/** `request.description.beds[0]: detail` → { field: 'beds', detail: 'beds[0]: detail' }; null when no description field is named. */
export function descriptionField(detail: string): { field: string; detail: string } | null {
  const match = /^request\.description\.([A-Za-z_]\w*)((?:\[\d+\]|\.\w+)*):\s*(.*)$/s.exec(detail);
  if (!match) return null;
  return { field: match[1]!, detail: `${match[1]}${match[2] ?? ''}: ${match[3]}` };
}

/** The slot under a field where its problems go; `aria-describedby` ties it to the field. */
export function errorSlotFor(id: string): HTMLParagraphElement {
  return el('p', { id: `${id}-error`, class: 'field-error error', role: 'alert', hidden: '' });
}
