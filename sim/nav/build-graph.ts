import type { Segment, WardMap } from '../../robot/map/index.js';
import { liftCabin } from '../../robot/map/index.js';
import { dist, lerp } from './geometry.js';
import { findJoins } from './join.js';
import type { NavEdge, NavNode, NavPoint } from './types.js';

/** Joins and splits closer than this to an existing point reuse it, metres. */
const SAME_POINT_M = 0.01;

export interface GraphParts {
  nodes: NavNode[];
  edges: Omit<NavEdge, 'id'>[];
  placeNodes: Map<string, number>;
  walls: Map<string, Segment[]>;
  warnings: string[];
}

/** One undirected lane segment before places split it. */
interface LaneSegment {
  level: string;
  va: number;
  vb: number;
  forward: boolean;
  backward: boolean;
  speedLimit: number;
  splits: { t: number; node: number }[];
}

export function buildGraphParts(ward: WardMap): GraphParts {
  const nodes: NavNode[] = [];
  const edges: Omit<NavEdge, 'id'>[] = [];
  const placeNodes = new Map<string, number>();
  const warnings: string[] = [];
  const walls = new Map(ward.building.levels.map((l) => [l.name, l.walls]));
  const vertexNode = new Map<string, number>();
  const segments: LaneSegment[] = [];

  const addNode = (p: NavPoint, extra: Partial<NavNode> = {}): number => {
    const id = nodes.length;
    nodes.push({ id, level: p.level, x: p.x, y: p.y, vertex: null, place: null, lift: null, ...extra });
    return id;
  };

  for (const level of ward.building.levels) {
    const byPair = new Map<string, LaneSegment>();
    for (const lane of level.lanes) {
      if (ward.graphs && !ward.graphs.includes(lane.graph)) continue;
      if (lane.from === lane.to) continue;
      for (const v of [lane.from, lane.to]) {
        const key = `${level.name}#${v}`;
        if (!vertexNode.has(key)) {
          const vx = level.vertices[v]!;
          vertexNode.set(key, addNode({ level: level.name, x: vx.x, y: vx.y }, { vertex: v, lift: liftCabin(vx) }));
        }
      }
      const [lo, hi] = lane.from < lane.to ? [lane.from, lane.to] : [lane.to, lane.from];
      let seg = byPair.get(`${lo}-${hi}`);
      if (!seg) {
        seg = { level: level.name, va: lane.from, vb: lane.to, forward: false, backward: false, speedLimit: 0, splits: [] };
        byPair.set(`${lo}-${hi}`, seg);
        segments.push(seg);
      }
      const along = lane.from === seg.va;
      if (along || lane.bidirectional) seg.forward = true;
      if (!along || lane.bidirectional) seg.backward = true;
      // The same lane drawn in two fleet graphs may carry different limits; the stricter one is safe for both.
      if (lane.speedLimit > 0) seg.speedLimit = seg.speedLimit > 0 ? Math.min(seg.speedLimit, lane.speedLimit) : lane.speedLimit;
    }
  }

  const nodeOfVertex = (level: string, v: number): number => vertexNode.get(`${level}#${v}`)!;
  const segEnds = (s: LaneSegment): [NavNode, NavNode] => [nodes[nodeOfVertex(s.level, s.va)]!, nodes[nodeOfVertex(s.level, s.vb)]!];

  for (const place of ward.places) {
    const onVertex = place.vertex === null ? undefined : vertexNode.get(`${place.level}#${place.vertex}`);
    if (onVertex !== undefined) {
      placeNodes.set(place.name, onVertex);
      nodes[onVertex]!.place ??= place.name;
      continue;
    }
    const levelSegs = segments.filter((s) => s.level === place.level);
    const targets = levelSegs.map((s) => {
      const [a, b] = segEnds(s);
      return { a, b };
    });
    const [join] = findJoins(place, targets, walls.get(place.level) ?? [], { count: 1, maxDistance: Infinity, slack: 0 });
    if (!join) {
      warnings.push(`place "${place.name}" is on level ${place.level}, which has no lanes; robots cannot reach it`);
      placeNodes.set(place.name, addNode(place, { place: place.name }));
      continue;
    }
    if (join.throughWall) warnings.push(`place "${place.name}" joins the lanes through a wall; move it next to a door or lane`);
    const seg = levelSegs[join.target]!;
    const [a, b] = segEnds(seg);
    const len = dist(a, b);
    let joinNode: number;
    if (join.t * len < SAME_POINT_M) joinNode = a.id;
    else if ((1 - join.t) * len < SAME_POINT_M) joinNode = b.id;
    else {
      const near = seg.splits.find((sp) => Math.abs(sp.t - join.t) * len < SAME_POINT_M);
      if (near) joinNode = near.node;
      else {
        joinNode = addNode({ level: seg.level, ...lerp(a, b, join.t) });
        seg.splits.push({ t: join.t, node: joinNode });
      }
    }
    if (join.distance < SAME_POINT_M) {
      placeNodes.set(place.name, joinNode);
      nodes[joinNode]!.place ??= place.name;
      continue;
    }
    const pn = addNode(place, { place: place.name, vertex: place.vertex });
    placeNodes.set(place.name, pn);
    for (const [from, to] of [[joinNode, pn], [pn, joinNode]] as const) {
      edges.push({ from, to, kind: 'spur', length: join.distance, speedLimit: 0, lane: null, lift: null });
    }
  }

  for (const seg of segments) {
    const [a, b] = segEnds(seg);
    const chain = [a.id, ...seg.splits.sort((p, q) => p.t - q.t).map((s) => s.node), b.id];
    const lane = { level: seg.level, from: seg.va, to: seg.vb };
    for (let i = 1; i < chain.length; i++) {
      const p = chain[i - 1]!;
      const q = chain[i]!;
      const length = dist(nodes[p]!, nodes[q]!);
      if (seg.forward) edges.push({ from: p, to: q, kind: 'lane', length, speedLimit: seg.speedLimit, lane, lift: null });
      if (seg.backward) edges.push({ from: q, to: p, kind: 'lane', length, speedLimit: seg.speedLimit, lane, lift: null });
    }
  }

  for (const lift of ward.building.lifts) {
    const cabins = nodes.filter((n) => n.lift === lift.name && lift.levels.includes(n.level));
    for (const p of cabins) {
      for (const q of cabins) {
        if (p.level !== q.level) edges.push({ from: p.id, to: q.id, kind: 'lift', length: 0, speedLimit: 0, lane: null, lift: lift.name });
      }
    }
  }

  return { nodes, edges, placeNodes, walls, warnings };
}
