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
export { LANGUAGES, CONDITIONS, STAFF_ROLES, ORDER_STATUSES } from './people-types.js';
export type { Language, Condition, StaffRole, Patient, StaffMember, MedicationOrder, OrderStatus, WardPeople } from './people-types.js';
export { FieldReader } from './fields.js';
export { parsePeople, parsePatient, parseStaffMember, parseOrder, bedPlace, birthDate, localDate, UniqueValues } from './people.js';
export type { PeopleSpelling, PeopleContext } from './people.js';
