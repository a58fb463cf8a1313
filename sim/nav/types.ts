/** A position on a level, metres in the map frame. */
export interface NavPoint {
  level: string;
  x: number;
  y: number;
}

export interface NavNode extends NavPoint {
  id: number;
  /** Building-map vertex index on this node's level, or null for split points and free-standing places. */
  vertex: number | null;
  /** First place standing on this node, if any. */
  place: string | null;
  /** Lift whose cabin this node is, if any. */
  lift: string | null;
}

/** A lane between two building vertices, named by their indices on its level (either order). */
export interface LaneRef {
  level: string;
  from: number;
  to: number;
}

export type NavEdgeKind = 'lane' | 'spur' | 'lift';

export interface NavEdge {
  id: number;
  from: number;
  to: number;
  kind: NavEdgeKind;
  /** Metres driven; 0 for a lift ride. */
  length: number;
  /** Metres per second; 0 = no limit. */
  speedLimit: number;
  /** The building lane this edge is part of (lanes split where places join them). */
  lane: LaneRef | null;
  lift: string | null;
}

export interface NavGraphOptions {
  /** Speed used to turn lengths into travel times, m/s. */
  nominalSpeed?: number;
  /** Time charged for a lift ride, seconds (wait, doors, travel). */
  liftRideSec?: number;
  /** A free position farther than this from every lane is off the map, metres. */
  maxJoinDistance?: number;
}

export type BlockSpec =
  | { lane: LaneRef }
  | { area: { level: string; x: number; y: number; radius: number } }
  | { lift: string };
