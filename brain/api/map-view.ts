// The ward map as the dashboard draws it: plain segments and polygons in metres, one entry per level.
import type { Logger } from 'pino';
import type { Level, Place, WardMap } from '../../robot/index.js';
import { pngSize } from './png-size.js';

export interface PlaceView {
  name: string;
  kind: Place['kind'];
  level: string;
  x: number;
  y: number;
  yaw: number | null;
  label: Place['label'];
}

export interface LevelView {
  name: string;
  elevation: number;
  bounds: { min_x: number; min_y: number; max_x: number; max_y: number };
  drawing: { url: string; x: number; y: number; width: number; height: number } | null;
  walls: [number, number, number, number][];
  doors: { name: string; x1: number; y1: number; x2: number; y2: number }[];
  lanes: [number, number, number, number][];
  floors: [number, number][][];
}

export interface MapView {
  name: string;
  levels: LevelView[];
  places: PlaceView[];
}

export const drawingUrl = (level: string) => `/api/map/levels/${encodeURIComponent(level)}/drawing`;

export function placeViews(ward: WardMap): PlaceView[] {
  return ward.places.map((p) => ({ name: p.name, kind: p.kind, level: p.level, x: p.x, y: p.y, yaw: p.yaw, label: { ...p.label } }));
}

export function buildMapView(ward: WardMap, log: Logger): MapView {
  const places = placeViews(ward);
  return {
    name: ward.name,
    places,
    levels: ward.building.levels.map((level) => levelView(level, places.filter((p) => p.level === level.name), log)),
  };
}

function levelView(level: Level, places: PlaceView[], log: Logger): LevelView {
  const vertex = (i: number) => level.vertices[i];
  const lanes: LevelView['lanes'] = [];
  for (const lane of level.lanes) {
    const a = vertex(lane.from);
    const b = vertex(lane.to);
    if (a && b) lanes.push([a.x, a.y, b.x, b.y]);
  }
  const walls = level.walls.map((w): [number, number, number, number] => [w.a.x, w.a.y, w.b.x, w.b.y]);
  const doors = level.doors.map((d) => ({ name: d.name, x1: d.a.x, y1: d.a.y, x2: d.b.x, y2: d.b.y }));
  const floors = level.floors.map((poly) => poly.map((p): [number, number] => [p.x, p.y]));

  let drawing: LevelView['drawing'] = null;
  if (level.drawing) {
    try {
      const px = pngSize(level.drawing.file);
      drawing = { url: drawingUrl(level.name), x: 0, y: 0, width: px.width * level.drawing.metresPerPixel, height: px.height * level.drawing.metresPerPixel };
    } catch (err) {
      log.warn({ level: level.name, file: level.drawing.file, err: (err as Error).message }, 'floor-plan image left out of the map');
    }
  }

  const xs: number[] = [];
  const ys: number[] = [];
  const add = (x: number, y: number) => { xs.push(x); ys.push(y); };
  for (const v of level.vertices) add(v.x, v.y);
  for (const [x1, y1, x2, y2] of walls) { add(x1, y1); add(x2, y2); }
  for (const poly of floors) for (const [x, y] of poly) add(x, y);
  for (const p of places) add(p.x, p.y);
  // Scanned plans carry wide blank margins: the image sets the bounds only when nothing else does.
  if (drawing && xs.length === 0) { add(drawing.x, drawing.y); add(drawing.x + drawing.width, drawing.y - drawing.height); }
  const bounds = xs.length
    ? { min_x: Math.min(...xs), min_y: Math.min(...ys), max_x: Math.max(...xs), max_y: Math.max(...ys) }
    : { min_x: 0, min_y: 0, max_x: 0, max_y: 0 };

  return { name: level.name, elevation: level.elevation, bounds, drawing, walls, doors, lanes, floors };
}
