import path from 'node:path';
import { FieldReader, describe } from './fields.js';
import { readYamlFile } from './yaml-file.js';
import type {
  BuildingMap, CoordinateSystem, Door, Lane, Level, LevelDrawing, Lift, ParamValue, Point, Segment, Vertex,
} from './types.js';

/**
 * traffic-editor's fallback when a level has no measurement: it assumes 5 cm per pixel
 * (see rmf_traffic_editor's Level::calculate_scale), so a map drawn without one still loads
 * the same size here as in Open-RMF.
 */
export const DEFAULT_METRES_PER_PIXEL = 0.05;

const COORDINATE_SYSTEMS: readonly CoordinateSystem[] = ['reference_image', 'cartesian_meters'];

/** traffic-editor's parameter type codes: `{name: [code, value]}`. */
const PARAM_TYPES: Record<number, 'string' | 'int' | 'double' | 'bool'> = { 1: 'string', 2: 'int', 3: 'double', 4: 'bool' };

export function loadBuildingMap(file: string): BuildingMap {
  const abs = path.resolve(file);
  return parseBuildingMap(readYamlFile(abs), abs);
}

/** Builds the map from already-parsed YAML; `file` names it in errors and anchors the drawing path. */
export function parseBuildingMap(raw: unknown, file: string): BuildingMap {
  const r = new FieldReader(file);
  const root = r.record(raw, '(top level)');

  // Files written before traffic-editor had coordinate systems are image-based.
  const cs = root.coordinate_system === undefined ? 'reference_image' : r.string(root.coordinate_system, 'coordinate_system');
  if (!COORDINATE_SYSTEMS.includes(cs as CoordinateSystem)) {
    r.fail('coordinate_system', `unsupported "${cs}" (supported: ${COORDINATE_SYSTEMS.join(', ')})`);
  }
  const coordinateSystem = cs as CoordinateSystem;

  const name = root.name === undefined
    ? path.basename(file).replace(/\.building\.yaml$/, '')
    : r.nonEmptyString(root.name, 'name');

  if (root.levels === undefined) r.fail('levels', 'missing; a building map needs at least one level');
  const levelsRec = r.record(root.levels, 'levels');
  const levelNames = Object.keys(levelsRec);
  if (levelNames.length === 0) r.fail('levels', 'is empty; a building map needs at least one level');

  const levels = levelNames.map((ln) =>
    parseLevel(r, ln, r.record(levelsRec[ln], `levels.${ln}`), coordinateSystem, path.dirname(file)));

  const lifts = root.lifts === undefined || root.lifts === null
    ? []
    : Object.entries(r.record(root.lifts, 'lifts')).map(([n, v]) => parseLift(r, n, v, levels, coordinateSystem));

  return { name, file, coordinateSystem, levels, lifts };
}

function parseLevel(
  r: FieldReader, name: string, rec: Record<string, unknown>, cs: CoordinateSystem, dir: string,
): Level {
  const at = `levels.${name}`;
  if (rec.vertices === undefined) r.fail(`${at}.vertices`, 'missing; every level lists its vertices');
  const rawVertices = r.array(rec.vertices, `${at}.vertices`).map((row, i) => parseVertexRow(r, row, `${at}.vertices[${i}]`));

  const ref = (value: unknown, field: string): number => {
    const idx = r.integer(value, field);
    if (idx < 0 || idx >= rawVertices.length) {
      r.fail(field, `vertex ${idx} does not exist (level has ${rawVertices.length} vertices)`);
    }
    return idx;
  };

  const scale = cs === 'cartesian_meters' ? 1 : levelScale(r, rec.measurements, `${at}.measurements`, rawVertices, ref);
  const toMetres = (px: number, py: number): Point =>
    cs === 'cartesian_meters' ? { x: px, y: py } : { x: px * scale, y: -py * scale };

  const vertices: Vertex[] = rawVertices.map((v, index) => ({ index, ...toMetres(v.x, v.y), name: v.name, params: v.params }));
  const point = (idx: number): Point => {
    const v = vertices[idx]!;
    return { x: v.x, y: v.y };
  };

  const edges = (key: string): { a: number; b: number; params: Record<string, ParamValue>; field: string }[] =>
    optionalList(r, rec[key], `${at}.${key}`).map((row, i) => {
      const field = `${at}.${key}[${i}]`;
      const cells = r.array(row, field);
      if (cells.length < 2) r.fail(field, `expected [vertex, vertex, {params}], got ${cells.length} entries`);
      return {
        a: ref(cells[0], `${field}[0]`),
        b: ref(cells[1], `${field}[1]`),
        params: cells[2] === undefined ? {} : parseParams(r, cells[2], `${field}[2]`),
        field,
      };
    });

  const lanes: Lane[] = edges('lanes').map((e) => ({
    from: e.a,
    to: e.b,
    // rmf_building_map_tools treats a lane without the flag as one-way.
    bidirectional: typedParam(r, e, 'bidirectional', 'boolean') ?? false,
    graph: typedParam(r, e, 'graph_idx', 'number') ?? 0,
    speedLimit: Math.max(0, typedParam(r, e, 'speed_limit', 'number') ?? 0),
  }));
  const walls: Segment[] = edges('walls').map((e) => ({ a: point(e.a), b: point(e.b) }));
  const doors: Door[] = edges('doors').map((e) => ({
    name: typedParam(r, e, 'name', 'string') ?? '',
    type: typedParam(r, e, 'type', 'string') ?? 'hinged',
    a: point(e.a),
    b: point(e.b),
  }));

  const floors = optionalList(r, rec.floors, `${at}.floors`).map((f, i) => {
    const field = `${at}.floors[${i}]`;
    const frec = r.record(f, field);
    return r.array(frec.vertices, `${field}.vertices`).map((v, j) => point(ref(v, `${field}.vertices[${j}]`)));
  });

  const elevation = rec.elevation === undefined ? 0 : r.number(rec.elevation, `${at}.elevation`);
  // A cartesian_meters level has no pixel grid, so an image there cannot be placed from the file alone.
  const drawing = cs === 'reference_image' ? parseDrawing(r, rec.drawing, `${at}.drawing`, dir, scale) : null;

  return { name, elevation, scale, drawing, vertices, lanes, walls, doors, floors };
}

interface RawVertex { x: number; y: number; name: string; params: Record<string, ParamValue> }

function parseVertexRow(r: FieldReader, row: unknown, field: string): RawVertex {
  const cells = r.array(row, field);
  if (cells.length < 2) r.fail(field, `expected [x, y, z, name, {params}], got ${cells.length} entries`);
  const x = r.number(cells[0], `${field}[0]`);
  const y = r.number(cells[1], `${field}[1]`);
  const name = cells[3] === undefined || cells[3] === null ? '' : r.string(cells[3], `${field}[3]`);
  const params = cells[4] === undefined ? {} : parseParams(r, cells[4], `${field}[4]`);
  return { x, y, name, params };
}

function parseParams(r: FieldReader, value: unknown, field: string): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [key, entry] of Object.entries(r.record(value, field))) {
    const f = `${field}.${key}`;
    const pair = r.array(entry, f);
    const code = r.integer(pair[0], `${f}[0]`);
    const type = PARAM_TYPES[code];
    if (!type) r.fail(`${f}[0]`, `unknown parameter type code ${code} (1 text, 2 integer, 3 number, 4 true/false)`);
    const v = pair[1];
    if (type === 'string') out[key] = v === null || v === undefined ? '' : String(v);
    else if (type === 'bool') out[key] = r.boolean(v, `${f}[1]`);
    else if (type === 'int') out[key] = r.integer(v, `${f}[1]`);
    else out[key] = r.number(v, `${f}[1]`);
  }
  return out;
}

function typedParam<T extends 'string' | 'number' | 'boolean'>(
  r: FieldReader,
  e: { params: Record<string, ParamValue>; field: string },
  key: string,
  type: T,
): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  const v = e.params[key];
  if (v === undefined) return undefined;
  if (typeof v !== type) r.fail(`${e.field}[2].${key}`, `expected ${type}, got ${describe(v)}`);
  return v as never;
}

function levelScale(
  r: FieldReader, value: unknown, field: string, vertices: RawVertex[], ref: (v: unknown, f: string) => number,
): number {
  const ratios = optionalList(r, value, field).map((row, i) => {
    const f = `${field}[${i}]`;
    const cells = r.array(row, f);
    const a = vertices[ref(cells[0], `${f}[0]`)]!;
    const b = vertices[ref(cells[1], `${f}[1]`)]!;
    const params = parseParams(r, cells[2] ?? {}, `${f}[2]`);
    const distance = params.distance;
    if (typeof distance !== 'number' || distance <= 0) {
      r.fail(`${f}[2].distance`, `expected a positive length in metres, got ${describe(distance)}`);
    }
    const pixels = Math.hypot(b.x - a.x, b.y - a.y);
    if (pixels === 0) r.fail(f, 'both ends are at the same point, so it cannot set a scale; move one end');
    return distance / pixels;
  });
  if (ratios.length === 0) return DEFAULT_METRES_PER_PIXEL;
  return ratios.reduce((s, x) => s + x, 0) / ratios.length;
}

function parseDrawing(r: FieldReader, value: unknown, field: string, dir: string, scale: number): LevelDrawing | null {
  if (value === undefined || value === null) return null;
  const rec = r.record(value, field);
  if (rec.filename === undefined || rec.filename === null || rec.filename === '') return null;
  const filename = r.string(rec.filename, `${field}.filename`);
  return { file: path.resolve(dir, filename), metresPerPixel: scale };
}

function parseLift(r: FieldReader, name: string, value: unknown, levels: Level[], cs: CoordinateSystem): Lift {
  const at = `lifts.${name}`;
  const rec = r.record(value, at);
  const levelNames = levels.map((l) => l.name);
  const levelByName = (v: unknown, field: string): Level => {
    const n = r.string(v, field);
    const level = levels.find((l) => l.name === n);
    if (!level) r.fail(field, `unknown level "${n}" (levels: ${levelNames.join(', ')})`);
    return level;
  };

  const reference = rec.reference_floor_name === undefined ? levels[0]! : levelByName(rec.reference_floor_name, `${at}.reference_floor_name`);
  const px = r.number(rec.x, `${at}.x`);
  const py = r.number(rec.y, `${at}.y`);
  const pos = cs === 'cartesian_meters' ? { x: px, y: py } : { x: px * reference.scale, y: -py * reference.scale };

  let served: string[];
  if (rec.level_doors !== undefined && rec.level_doors !== null) {
    served = Object.keys(r.record(rec.level_doors, `${at}.level_doors`));
    served.forEach((l) => levelByName(l, `${at}.level_doors.${l}`));
  } else {
    // Without per-level doors, traffic-editor's lift spans every level between its lowest and highest floor.
    const lo = rec.lowest_floor === undefined ? null : levelByName(rec.lowest_floor, `${at}.lowest_floor`).elevation;
    const hi = rec.highest_floor === undefined ? null : levelByName(rec.highest_floor, `${at}.highest_floor`).elevation;
    served = levels.filter((l) => (lo === null || l.elevation >= lo) && (hi === null || l.elevation <= hi)).map((l) => l.name);
  }

  return {
    name,
    ...pos,
    yaw: rec.yaw === undefined ? 0 : r.number(rec.yaw, `${at}.yaw`),
    width: r.number(rec.width, `${at}.width`),
    depth: r.number(rec.depth, `${at}.depth`),
    levels: served,
  };
}

function optionalList(r: FieldReader, value: unknown, field: string): unknown[] {
  return value === undefined || value === null ? [] : r.array(value, field);
}
