import type { Vertex } from './types.js';

export const isCharger = (v: Vertex): boolean => v.params.is_charger === true;
export const isParkingSpot = (v: Vertex): boolean => v.params.is_parking_spot === true;
export const isHoldingPoint = (v: Vertex): boolean => v.params.is_holding_point === true;

/** Name of the lift whose cabin this vertex stands in, or null. */
export function liftCabin(v: Vertex): string | null {
  const lift = v.params.lift_cabin;
  return typeof lift === 'string' && lift !== '' ? lift : null;
}

/** Robot named in traffic-editor's `spawn_robot_name`, or null. */
export function spawnRobotName(v: Vertex): string | null {
  const n = v.params.spawn_robot_name;
  return typeof n === 'string' && n !== '' ? n : null;
}
