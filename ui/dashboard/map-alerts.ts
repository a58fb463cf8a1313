// Open alerts pinned where they happen: at the bed's place when the alert names a bed, else at the
// robot that raised it (following it as it moves). One pin per spot, in the colour of its most severe
// alert, with a count when several share it. Pins are buttons over the map (keyboard and screen
// readers reach them); pressing one shows that alert in the alerts panel.
import type { Place, WardAlert } from './api-types.js';
import { alertOrder } from './alert-order.js';
import { lang, t } from './i18n.js';
import type { MapViewport } from './map-viewport.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Where a pin's tip is drawn, relative to its box (pin 26 × 34 px). */
const PIN_W = 26;
const PIN_H = 34;

export const SEVERITY_COLOR = { critical: '#c0392b', high: '#b9770e', normal: '#566573' } as const;

export type PinAnchor = { kind: 'bed'; bed: string } | { kind: 'robot'; robot: string };
export interface PinSpot { key: string; anchor: PinAnchor; alerts: WardAlert[] }

/** Open alerts grouped by where they are pinned, most severe first in each; alerts with neither bed nor robot are not pinned. */
export function alertSpots(alerts: readonly WardAlert[]): PinSpot[] {
  const spots = new Map<string, PinSpot>();
  for (const alert of [...alerts].sort(alertOrder)) {
    const anchor: PinAnchor | null = alert.bed ? { kind: 'bed', bed: alert.bed } : alert.robot ? { kind: 'robot', robot: alert.robot } : null;
    if (!anchor) continue;
    const key = anchor.kind === 'bed' ? `bed:${anchor.bed}` : `robot:${anchor.robot}`;
    const spot = spots.get(key) ?? { key, anchor, alerts: [] };
    spot.alerts.push(alert);
    spots.set(key, spot);
  }
  return [...spots.values()];
}

interface Pin { spot: PinSpot; button: HTMLButtonElement; width: number }

export class AlertPinLayer {
  readonly root: HTMLDivElement;
  private pins = new Map<string, Pin>();

  constructor(private readonly onPick: (alertId: string) => void, private readonly placeLabel: (bed: string) => string) {
    this.root = document.createElement('div');
    this.root.className = 'map-pins';
  }

  /** The open alerts now; pins are made, changed and removed to match. */
  set(alerts: readonly WardAlert[]): void {
    const spots = alertSpots(alerts);
    const keys = new Set(spots.map((s) => s.key));
    for (const [key, pin] of this.pins) {
      if (keys.has(key)) continue;
      pin.button.remove();
      this.pins.delete(key);
    }
    for (const spot of spots) {
      let pin = this.pins.get(spot.key);
      if (!pin) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'map-pin';
        // A press on a pin is not the start of a drag of the map underneath.
        button.addEventListener('pointerdown', (event) => event.stopPropagation());
        button.addEventListener('click', (event) => {
          event.stopPropagation();
          const first = this.pins.get(spot.key)?.spot.alerts[0];
          if (first) this.onPick(first.id);
        });
        pin = { spot, button, width: PIN_W };
        this.pins.set(spot.key, pin);
        this.root.append(button);
      }
      pin.spot = spot;
      this.draw(pin);
    }
  }

  /** Words again after a language switch. */
  relabel(): void {
    for (const pin of this.pins.values()) this.draw(pin);
  }

  private where(anchor: PinAnchor): string {
    return anchor.kind === 'bed' ? this.placeLabel(anchor.bed) : t('tasks.robot', { robot: anchor.robot });
  }

  private draw(pin: Pin): void {
    const { spot, button } = pin;
    const top = spot.alerts[0]!;
    const more = spot.alerts.length - 1;
    const text = top.text[lang()] || top.text.en;
    const label = t(more > 0 ? 'pin.labelMore' : 'pin.label', { severity: t(`severity.${top.severity}`), where: this.where(spot.anchor), text, n: more });
    button.setAttribute('aria-label', label);
    button.title = label;
    button.dataset['severity'] = top.severity;
    button.dataset['alertId'] = top.id;
    button.dataset['spot'] = spot.key;
    button.classList.toggle('is-critical', top.severity === 'critical');
    const icon = document.createElementNS(SVG, 'svg');
    icon.setAttribute('viewBox', '0 0 26 34');
    icon.setAttribute('width', String(PIN_W));
    icon.setAttribute('height', String(PIN_H));
    icon.setAttribute('aria-hidden', 'true');
    const shape = document.createElementNS(SVG, 'path');
    shape.setAttribute('d', 'M13 33 C13 33 2 20 2 12.5 A11 11 0 1 1 24 12.5 C24 20 13 33 13 33 Z');
    shape.setAttribute('fill', SEVERITY_COLOR[top.severity]);
    shape.setAttribute('stroke', '#fff');
    shape.setAttribute('stroke-width', '2');
    const mark = document.createElementNS(SVG, 'text');
    mark.setAttribute('x', '13');
    mark.setAttribute('y', '17.5');
    mark.setAttribute('text-anchor', 'middle');
    mark.setAttribute('class', 'map-pin-mark');
    mark.textContent = more > 0 ? String(more + 1) : '!';
    icon.append(shape, mark);
    button.replaceChildren(icon);
  }

  /**
   * Puts each pin at its spot on `level`; robots' positions come from `robotAt` (as drawn, not as last
   * reported). Pins that would sit on each other (a robot standing at the bed of another alert) step
   * aside, the most severe keeping the spot.
   */
  layout(view: MapViewport, level: string, bedAt: (bed: string) => Place | undefined, robotAt: (robot: string) => { level: string; x: number; y: number } | null): void {
    const placed: { px: number; py: number }[] = [];
    const bySeverity = [...this.pins.values()].sort((a, b) => alertOrder(a.spot.alerts[0]!, b.spot.alerts[0]!));
    for (const pin of bySeverity) {
      const { anchor } = pin.spot;
      const spot = anchor.kind === 'bed' ? bedAt(anchor.bed) ?? null : robotAt(anchor.robot);
      const onLevel = spot !== null && spot.level === level;
      pin.button.hidden = !onLevel;
      if (!spot || !onLevel) continue;
      const at = view.worldToScreen(spot.x, spot.y);
      const crowd = placed.filter((p) => Math.hypot(p.px - at.px, p.py - at.py) < PIN_W * 0.6).length;
      placed.push(at);
      const px = at.px + crowd * (PIN_W * 0.8);
      const visible = px > -PIN_W && px < view.widthPx + PIN_W && at.py > 0 && at.py < view.heightPx + PIN_H;
      pin.button.classList.toggle('is-offscreen', !visible);
      pin.button.style.transform = `translate(${(px - pin.width / 2).toFixed(1)}px, ${(at.py - PIN_H).toFixed(1)}px)`;
    }
  }
}
