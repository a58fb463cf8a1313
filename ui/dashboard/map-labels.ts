import type { MapViewport } from './map-viewport.js';

/** Clear space kept between two labels, in pixels. */
const GAP_PX = 2;

export interface MapLabel {
  readonly element: HTMLDivElement;
  /** Map position of the thing labelled. */
  x: number;
  y: number;
  /** Pixels between the anchor and the label's near edge: positive puts the label below, negative above. */
  offsetPx: number;
  priority: number;
  shown: boolean;
}

interface Box { left: number; top: number; right: number; bottom: number }

/**
 * Names on the map as HTML over the canvas (sharp text in any script). Where two would overlap, the one
 * with the higher priority is shown and the other waits until zooming in makes room.
 */
export class LabelLayer {
  readonly root: HTMLDivElement;
  private readonly labels = new Set<MapLabel>();
  private readonly sizes = new Map<MapLabel, { width: number; height: number }>();

  constructor() {
    this.root = document.createElement('div');
    this.root.className = 'map-labels';
    // Screen readers get names from the panels and the place list; this layer only repeats them.
    this.root.setAttribute('aria-hidden', 'true');
  }

  add(className: string, priority: number, offsetPx: number): MapLabel {
    const element = document.createElement('div');
    element.className = `map-label ${className}`;
    this.root.append(element);
    const label: MapLabel = { element, x: 0, y: 0, offsetPx, priority, shown: true };
    this.labels.add(label);
    return label;
  }

  /** Changes the text (or its markup); the label is measured again at the next layout. */
  setContent(label: MapLabel, ...content: (Node | string)[]): void {
    label.element.replaceChildren(...content);
    this.sizes.delete(label);
  }

  remove(label: MapLabel): void {
    label.element.remove();
    this.labels.delete(label);
    this.sizes.delete(label);
  }

  layout(view: MapViewport): void {
    // Measure every new text first and write positions after, so the browser lays the page out once.
    for (const label of this.labels) {
      if (!this.sizes.has(label)) this.sizes.set(label, { width: label.element.offsetWidth, height: label.element.offsetHeight });
    }
    const placed: Box[] = [];
    const ordered = [...this.labels].sort((a, b) => b.priority - a.priority);
    for (const label of ordered) {
      const size = this.sizes.get(label) ?? { width: 0, height: 0 };
      const box = this.box(label, size, view);
      const onScreen = label.shown && box.right > 0 && box.left < view.widthPx && box.bottom > 0 && box.top < view.heightPx;
      const visible = onScreen && !placed.some((other) => overlaps(box, other));
      label.element.classList.toggle('is-hidden', !visible);
      if (!visible) continue;
      placed.push(box);
      label.element.style.transform = `translate(${box.left.toFixed(1)}px, ${box.top.toFixed(1)}px)`;
    }
  }

  private box(label: MapLabel, size: { width: number; height: number }, view: MapViewport): Box {
    const { px, py } = view.worldToScreen(label.x, label.y);
    const left = px - size.width / 2;
    const top = label.offsetPx >= 0 ? py + label.offsetPx : py + label.offsetPx - size.height;
    return { left, top, right: left + size.width, bottom: top + size.height };
  }
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right + GAP_PX && b.left < a.right + GAP_PX && a.top < b.bottom + GAP_PX && b.top < a.bottom + GAP_PX;
}
