import fs from 'node:fs';
import path from 'node:path';
import { loadBuildingMap } from './building.js';
import { FieldReader } from './fields.js';
import { PLACE_KINDS, closestNames } from './places.js';
import type { Place, PlaceKind, PlaceLabel, RobotSpawn } from './places.js';
import type { BuildingMap, Level, Vertex } from './types.js';
import { isCharger, isParkingSpot, liftCabin } from './vertex-flags.js';
import { readYamlFile } from './yaml-file.js';
import type { WardPeople } from './people-types.js';
import { parsePeople } from './people.js';

export interface WardMap {
  name: string;
  /** Absolute path of the ward file. */
  file: string;
  building: BuildingMap;
  /** Lane graphs (`graph_idx`) robots drive on; null means all of them. */
  graphs: number[] | null;
  places: Place[];
  robots: RobotSpawn[];
  /** Patients (with their beds), staff and medication orders the ward file lists. */
  people: WardPeople;
  /** Problems that did not stop loading (e.g. a building vertex name used twice). */
  warnings: string[];
}

const WARD_KEYS = ['name', 'map', 'graphs', 'places', 'robots', 'patients', 'staff', 'orders'] as const;
const PLACE_KEYS = ['name', 'kind', 'level', 'x', 'y', 'yaw', 'label', 'waypoint'] as const;
const ROBOT_KEYS = ['name', 'place'] as const;

export interface LoadWardOptions {
  /** Use this building map instead of the one the ward file names (`--map` beside `--ward`). */
  mapFile?: string;
}

export function loadWard(wardFile: string, opts: LoadWardOptions = {}): WardMap {
  const file = path.resolve(wardFile);
  const r = new FieldReader(file);
  const root = r.record(readYamlFile(file), '(top level)');
  r.onlyKeys(root, '', WARD_KEYS);

  const name = r.nonEmptyString(root.name, 'name');
  let mapFile: string;
  if (opts.mapFile) {
    mapFile = path.resolve(opts.mapFile);
  } else {
    mapFile = path.resolve(path.dirname(file), r.nonEmptyString(root.map, 'map'));
    if (!fs.existsSync(mapFile)) {
      r.fail('map', `building map not found at ${mapFile} (the path is relative to the ward file)`);
    }
  }
  const building = loadBuildingMap(mapFile);
  const graphs = parseGraphs(r, root.graphs, building);

  const { places, warnings, origin } = buildingPlaces(building);
  optionalList(r, root.places, 'places').forEach((entry, i) => {
    const place = parsePlace(r, entry, `places[${i}]`, building);
    const first = origin.get(place.name);
    if (first) r.fail(`places[${i}].name`, `duplicate name "${place.name}" (already used by ${first})`);
    origin.set(place.name, `places[${i}]`);
    places.push(place);
  });

  const robots = parseRobots(r, root.robots, places);
  const people = parsePeople(r, root, { places, spelling: 'yaml' });
  return { name, file, building, graphs, places, robots, people, warnings };
}

/** A ward made of a bare building map: its named waypoints are the places (`--map` without `--ward`). */
export function wardFromBuildingMap(mapFile: string): WardMap {
  const building = loadBuildingMap(mapFile);
  const { places, warnings } = buildingPlaces(building);
  return { name: building.name, file: building.file, building, graphs: null, places, robots: [], people: { patients: [], staff: [], orders: [] }, warnings };
}

/** Every named vertex of the building map is a place; a name used twice keeps its first vertex. */
function buildingPlaces(building: BuildingMap): { places: Place[]; warnings: string[]; origin: Map<string, string> } {
  const warnings: string[] = [];
  const places: Place[] = [];
  const origin = new Map<string, string>();
  for (const level of building.levels) {
    for (const v of level.vertices) {
      if (!v.name) continue;
      const here = `${path.basename(building.file)} levels.${level.name}.vertices[${v.index}]`;
      const first = origin.get(v.name);
      if (first) {
        warnings.push(`${here}: name "${v.name}" is also used by ${first}; kept the first`);
        continue;
      }
      origin.set(v.name, here);
      places.push(vertexPlace(level, v));
    }
  }
  return { places, warnings, origin };
}

function vertexPlace(level: Level, v: Vertex): Place {
  let kind: PlaceKind = 'waypoint';
  if (liftCabin(v)) kind = 'lift';
  else if (isCharger(v)) kind = 'charger';
  else if (isParkingSpot(v)) kind = 'parking';
  return { name: v.name, kind, level: level.name, x: v.x, y: v.y, yaw: null, label: { en: v.name, 'zh-CN': v.name }, vertex: v.index };
}

function parseGraphs(r: FieldReader, value: unknown, building: BuildingMap): number[] | null {
  if (value === undefined || value === null) return null;
  const present = [...new Set(building.levels.flatMap((l) => l.lanes.map((ln) => ln.graph)))].sort((a, b) => a - b);
  const list = r.array(value, 'graphs').map((g, i) => {
    const n = r.integer(g, `graphs[${i}]`);
    if (!present.includes(n)) r.fail(`graphs[${i}]`, `the map has no lanes in graph ${n} (graphs: ${present.join(', ') || 'none'})`);
    return n;
  });
  if (list.length === 0) r.fail('graphs', 'is empty; leave it out to use every lane graph');
  return [...new Set(list)];
}

function parsePlace(r: FieldReader, entry: unknown, at: string, building: BuildingMap): Place {
  const rec = r.record(entry, at);
  r.onlyKeys(rec, at, PLACE_KEYS);
  const name = r.nonEmptyString(rec.name, `${at}.name`);
  const kindText = r.string(rec.kind, `${at}.kind`);
  if (!(PLACE_KINDS as readonly string[]).includes(kindText)) {
    r.fail(`${at}.kind`, `unknown kind "${kindText}" (kinds: ${PLACE_KINDS.join(', ')})`);
  }
  const kind = kindText as PlaceKind;
  const levelNames = building.levels.map((l) => l.name);
  let level: Level | undefined;
  if (rec.level !== undefined) {
    const ln = r.string(rec.level, `${at}.level`);
    level = building.levels.find((l) => l.name === ln);
    if (!level) r.fail(`${at}.level`, `unknown level "${ln}" (levels: ${levelNames.join(', ')})`);
  }
  const yaw = rec.yaw === undefined || rec.yaw === null ? null : r.number(rec.yaw, `${at}.yaw`);
  const label = parseLabel(r, rec.label, `${at}.label`, name);

  if (rec.waypoint !== undefined) {
    if (rec.x !== undefined || rec.y !== undefined) {
      r.fail(`${at}.waypoint`, 'give either waypoint or x/y, not both');
    }
    const wp = r.nonEmptyString(rec.waypoint, `${at}.waypoint`);
    const found = findVertex(building, wp, level);
    if (found.length === 0) {
      const names = (level ? [level] : building.levels).flatMap((l) => l.vertices.filter((v) => v.name).map((v) => v.name));
      const hint = closestNames(names, wp);
      r.fail(`${at}.waypoint`, `no vertex named "${wp}"${level ? ` on level ${level.name}` : ''}${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`);
    }
    if (found.length > 1 && !level) {
      r.fail(`${at}.waypoint`, `"${wp}" names vertices on several levels (${found.map((f) => f.level.name).join(', ')}); add level:`);
    }
    const { level: vl, vertex } = found[0]!;
    return { name, kind, level: vl.name, x: vertex.x, y: vertex.y, yaw, label, vertex: vertex.index };
  }

  if (!level) r.fail(`${at}.level`, `missing; give the level (levels: ${levelNames.join(', ')}) or a waypoint`);
  const x = r.number(rec.x, `${at}.x`);
  const y = r.number(rec.y, `${at}.y`);
  return { name, kind, level: level.name, x, y, yaw, label, vertex: null };
}

function findVertex(building: BuildingMap, name: string, level: Level | undefined): { level: Level; vertex: Vertex }[] {
  const out: { level: Level; vertex: Vertex }[] = [];
  for (const l of level ? [level] : building.levels) {
    // The first vertex of a duplicated name is the one that became a place, so it is the one reused here.
    const vertex = l.vertices.find((v) => v.name === name);
    if (vertex) out.push({ level: l, vertex });
  }
  return out;
}

function parseLabel(r: FieldReader, value: unknown, at: string, fallback: string): PlaceLabel {
  if (value === undefined || value === null) return { en: fallback, 'zh-CN': fallback };
  const rec = r.record(value, at);
  r.onlyKeys(rec, at, ['en', 'zh-CN']);
  return { en: r.nonEmptyString(rec.en, `${at}.en`), 'zh-CN': r.nonEmptyString(rec['zh-CN'], `${at}.zh-CN`) };
}

function parseRobots(r: FieldReader, value: unknown, places: Place[]): RobotSpawn[] {
  const seen = new Map<string, number>();
  const spots = new Map<string, number>();
  return optionalList(r, value, 'robots').map((entry, i) => {
    const at = `robots[${i}]`;
    const rec = r.record(entry, at);
    r.onlyKeys(rec, at, ROBOT_KEYS);
    const name = r.nonEmptyString(rec.name, `${at}.name`);
    const firstName = seen.get(name);
    if (firstName !== undefined) r.fail(`${at}.name`, `duplicate robot name "${name}" (also robots[${firstName}])`);
    seen.set(name, i);
    const place = r.nonEmptyString(rec.place, `${at}.place`);
    if (!places.some((p) => p.name === place)) {
      const hint = closestNames(places.map((p) => p.name), place);
      r.fail(`${at}.place`, `unknown place "${place}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`);
    }
    const firstSpot = spots.get(place);
    if (firstSpot !== undefined) r.fail(`${at}.place`, `robots[${firstSpot}] already spawns at "${place}"; give each robot its own spot`);
    spots.set(place, i);
    return { name, place };
  });
}

function optionalList(r: FieldReader, value: unknown, field: string): unknown[] {
  return value === undefined || value === null ? [] : r.array(value, field);
}

/**
 * The ward a process runs on, from its `--ward` and `--map` options: the ward file alone, the ward
 * file laid on another building map, or a bare building map whose named waypoints are the places.
 */
export function resolveWard(source: { wardFile?: string | null; mapFile?: string | null; defaultWardFile: string }): WardMap {
  if (source.wardFile) return loadWard(source.wardFile, source.mapFile ? { mapFile: source.mapFile } : {});
  if (source.mapFile) return wardFromBuildingMap(source.mapFile);
  return loadWard(source.defaultWardFile);
}
