// The map's key, drawn from the very outlines and colours the map uses, with a word for each.
import { PLACE_KINDS, type PlaceKind } from './api-types.js';
import { el } from './dom.js';
import { t, type MessageKey } from './i18n.js';
import { MAP_COLOR, PLACE_STYLE, ROBOT_OUTLINE, outlineSvgPath, robotColor, type Outline } from './map-style.js';

const SVG = 'http://www.w3.org/2000/svg';

function icon(draw: (svg: SVGSVGElement) => void): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '-1.5 -1.5 3 3');
  svg.setAttribute('class', 'legend-icon');
  svg.setAttribute('aria-hidden', 'true');
  draw(svg);
  return svg;
}

function shape(outline: Outline, color: string): SVGSVGElement {
  return icon((svg) => {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', outlineSvgPath(outline));
    path.setAttribute('fill', color);
    svg.append(path);
  });
}

function stroke(color: string, width: number): SVGSVGElement {
  return icon((svg) => {
    const line = document.createElementNS(SVG, 'line');
    Object.entries({ x1: '-1.3', y1: '0.8', x2: '1.3', y2: '-0.8', stroke: color, 'stroke-width': String(width) })
      .forEach(([name, value]) => line.setAttribute(name, value));
    svg.append(line);
  });
}

/** Legend entries for the kinds of place this ward has, then robots, their paths and doors. */
export function renderLegend(list: HTMLElement, kinds: ReadonlySet<PlaceKind>): void {
  const item = (symbol: SVGSVGElement, key: MessageKey) => el('li', {}, symbol, t(key));
  list.replaceChildren(
    ...PLACE_KINDS.filter((kind) => kinds.has(kind))
      .map((kind) => item(shape(PLACE_STYLE[kind].outline, PLACE_STYLE[kind].color), `kind.${kind}`)),
    item(shape(ROBOT_OUTLINE, robotColor('robot')), 'kind.robot'),
    item(stroke(robotColor('robot'), 0.25), 'map.legendPath'),
    item(stroke(MAP_COLOR.door, 0.6), 'map.legendDoor'),
  );
  list.setAttribute('aria-label', t('map.legend'));
}
