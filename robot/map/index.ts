export { loadBuildingMap, parseBuildingMap, DEFAULT_METRES_PER_PIXEL } from './building.js';
export { MapFileError } from './errors.js';
export { loadWard, wardFromBuildingMap, resolveWard } from './ward.js';
export type { WardMap, LoadWardOptions } from './ward.js';
export { PLACE_KINDS, findPlace, closePlaceNames, unknownPlaceMessage } from './places.js';
export type { Place, PlaceKind, PlaceLabel, RobotSpawn } from './places.js';
export { isCharger, isParkingSpot, isHoldingPoint, liftCabin, spawnRobotName } from './vertex-flags.js';
export type {
  BuildingMap, CoordinateSystem, Door, Lane, Level, LevelDrawing, Lift, ParamValue, Point, Segment, Vertex,
} from './types.js';
