import type { Segment, WardMap } from '../../robot/map/index.js';
import { buildGraphParts } from './build-graph.js';
import { distToSegment } from './geometry.js';
import type { BlockSpec, LaneRef, NavEdge, NavGraphOptions, NavNode, NavPoint } from './types.js';

const DEFAULTS: Required<NavGraphOptions> = { nominalSpeed: 1.0, liftRideSec: 20, maxJoinDistance: 5 };
/** How close a route leg must lie to a blocked lane to count as running along it, metres. */
const ON_LANE_M = 1e-3;

/**
 * The drivable network of a ward: building lanes of the chosen graphs, a spur from every place
 * that is not already on a lane, and lift rides between levels. Lanes, areas and lifts can be
 * blocked while the simulation runs; a blocked edge is skipped by the planner.
 */
export class NavGraph {
  readonly nodes: readonly NavNode[];
  readonly edges: readonly NavEdge[];
  /** Outgoing edge ids per node id. */
  readonly out: readonly (readonly number[])[];
  /** Places that could only be joined badly (through a wall, or not at all). */
  readonly warnings: readonly string[];
  readonly options: Readonly<Required<NavGraphOptions>>;
  readonly ward: WardMap;
  private readonly placeNodes: Map<string, number>;
  private readonly walls: Map<string, Segment[]>;
  private readonly blockSpecs = new Map<number, BlockSpec>();
  private blockedEdges: Uint8Array;
  private nextBlockId = 1;
  private changes = 0;

  private constructor(ward: WardMap, options: NavGraphOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.ward = ward;
    const parts = buildGraphParts(ward);
    this.nodes = parts.nodes;
    this.edges = parts.edges.map((e, id) => ({ id, ...e }));
    const out: number[][] = this.nodes.map(() => []);
    for (const e of this.edges) out[e.from]!.push(e.id);
    this.out = out;
    this.placeNodes = parts.placeNodes;
    this.walls = parts.walls;
    this.warnings = parts.warnings;
    this.blockedEdges = new Uint8Array(this.edges.length);
  }

  static fromWard(ward: WardMap, options: NavGraphOptions = {}): NavGraph {
    return new NavGraph(ward, options);
  }

  nodeOfPlace(name: string): NavNode | undefined {
    const id = this.placeNodes.get(name);
    return id === undefined ? undefined : this.nodes[id];
  }

  wallsOf(level: string): readonly Segment[] {
    return this.walls.get(level) ?? [];
  }

  hasLevel(level: string): boolean {
    return this.walls.has(level);
  }

  /** Seconds to traverse an edge at the nominal speed, or slower where a lane limits speed. */
  edgeCost(e: NavEdge): number {
    if (e.kind === 'lift') return this.options.liftRideSec;
    const speed = e.speedLimit > 0 ? Math.min(e.speedLimit, this.options.nominalSpeed) : this.options.nominalSpeed;
    return e.length / speed;
  }

  /** Increases on every block/unblock, so a follower can tell its plan may be stale. */
  get version(): number {
    return this.changes;
  }

  /** Blocks a lane (both directions, all its pieces), a circular area on a level, or a lift. Returns an id for unblock. */
  block(spec: BlockSpec): number {
    if ('lane' in spec) {
      if (!this.edges.some((e) => e.lane && sameLane(e.lane, spec.lane))) {
        throw new RangeError(`block: no lane between vertices ${spec.lane.from} and ${spec.lane.to} on level ${spec.lane.level} in the robots' graphs`);
      }
    } else if ('area' in spec) {
      if (!this.hasLevel(spec.area.level)) throw new RangeError(`block: unknown level "${spec.area.level}"`);
      if (!(spec.area.radius > 0)) throw new RangeError(`block: area radius must be positive, got ${spec.area.radius}`);
    } else if (!this.edges.some((e) => e.lift === spec.lift)) {
      throw new RangeError(`block: no lift "${spec.lift}" connects levels in the robots' graphs`);
    }
    const id = this.nextBlockId++;
    this.blockSpecs.set(id, spec);
    this.refreshBlocks();
    return id;
  }

  unblock(id: number): boolean {
    const had = this.blockSpecs.delete(id);
    if (had) this.refreshBlocks();
    return had;
  }

  blocks(): { id: number; spec: BlockSpec }[] {
    return [...this.blockSpecs].map(([id, spec]) => ({ id, spec }));
  }

  isEdgeBlocked(edgeId: number): boolean {
    return this.blockedEdges[edgeId] === 1;
  }

  /** Whether a straight leg of a route (or a lift ride, when `lift` is set) runs into a current block. */
  isLegBlocked(a: NavPoint, b: NavPoint, lift: string | null): boolean {
    for (const spec of this.blockSpecs.values()) {
      if ('lift' in spec) {
        if (lift === spec.lift) return true;
      } else if (lift === null && a.level === b.level) {
        if ('area' in spec) {
          if (spec.area.level === a.level && distToSegment(spec.area, a, b) < spec.area.radius) return true;
        } else if (spec.lane.level === a.level) {
          for (const e of this.edges) {
            if (!e.lane || !sameLane(e.lane, spec.lane)) continue;
            const p = this.nodes[e.from]!;
            const q = this.nodes[e.to]!;
            if (distToSegment(a, p, q) < ON_LANE_M && distToSegment(b, p, q) < ON_LANE_M) return true;
          }
        }
      }
    }
    return false;
  }

  private refreshBlocks(): void {
    this.changes++;
    this.blockedEdges = new Uint8Array(this.edges.length);
    for (const e of this.edges) {
      const p = this.nodes[e.from]!;
      const q = this.nodes[e.to]!;
      if (this.isLegBlocked(p, q, e.lift) || (e.lane && this.laneBlocked(e.lane))) this.blockedEdges[e.id] = 1;
    }
  }

  private laneBlocked(lane: LaneRef): boolean {
    for (const spec of this.blockSpecs.values()) if ('lane' in spec && sameLane(spec.lane, lane)) return true;
    return false;
  }
}

function sameLane(p: LaneRef, q: LaneRef): boolean {
  return p.level === q.level && ((p.from === q.from && p.to === q.to) || (p.from === q.to && p.to === q.from));
}
