import { unknownPlaceMessage } from '../../robot/map/index.js';
import { dist, distToSegment } from './geometry.js';
import { MinHeap } from './heap.js';
import { findJoins } from './join.js';
import type { NavGraph } from './nav-graph.js';
import type { NavEdge, NavPoint } from './types.js';

export interface RouteLeg {
  /** Lane speed limit on this leg, m/s; 0 = none. */
  speedLimit: number;
  /** Set when this leg is a lift ride (its two ends are on different levels). */
  lift: string | null;
}

export interface Route {
  /** From the start position to the goal; `legs[i]` runs from `waypoints[i]` to `waypoints[i + 1]`. */
  waypoints: NavPoint[];
  legs: RouteLeg[];
  /** Metres driven. */
  length: number;
  /** Seconds at the graph's nominal speed, lane limits and lift rides included. */
  etaSec: number;
}

export type RouteFailureCode = 'UNKNOWN_PLACE' | 'NO_ROUTE' | 'OFF_MAP';
export type RoutePlan = { ok: true; route: Route } | { ok: false; code: RouteFailureCode; message: string };
export type RouteTarget = NavPoint | { place: string };

/** A start or goal this close to a graph node starts or ends on it, metres. */
const AT_NODE_M = 0.01;
/** How many nearby lanes a free position is joined to, so a dead-end nearest lane does not doom the plan. */
const JOINS = 4;
const JOIN_SLACK_M = 2;

interface Arc {
  to: number;
  length: number;
  cost: number;
  speedLimit: number;
  lift: string | null;
}

/**
 * A* over the lane graph, travel time as cost and straight-line time as the heuristic. A free
 * start or goal is joined to the nearest lanes it can reach without crossing a wall.
 */
export function planRoute(graph: NavGraph, from: NavPoint, to: RouteTarget): RoutePlan {
  const n = graph.nodes.length;
  const virtualPos: NavPoint[] = [];
  const virtualOut = new Map<number, Arc[]>();
  const extraOut = new Map<number, Arc[]>();
  const addVirtual = (p: NavPoint): number => {
    virtualPos.push(p);
    return n + virtualPos.length - 1;
  };
  const addArc = (map: Map<number, Arc[]>, fromId: number, arc: Arc): void => {
    const list = map.get(fromId);
    if (list) list.push(arc);
    else map.set(fromId, [arc]);
  };
  const pos = (id: number): NavPoint => (id < n ? graph.nodes[id]! : virtualPos[id - n]!);
  const arcOf = (e: NavEdge, length: number, toId: number): Arc => ({
    to: toId,
    length,
    cost: e.kind === 'lift' ? graph.edgeCost(e) : graph.edgeCost(e) * (e.length > 0 ? length / e.length : 0),
    speedLimit: e.speedLimit,
    lift: e.lift,
  });
  const spur = (toId: number, length: number): Arc => ({ to: toId, length, cost: length / graph.options.nominalSpeed, speedLimit: 0, lift: null });

  let goalName: string;
  let goalNode: number;
  let goalPoint: NavPoint;
  if ('place' in to) {
    const node = graph.nodeOfPlace(to.place);
    if (!node) return { ok: false, code: 'UNKNOWN_PLACE', message: unknownPlaceMessage(graph.ward, to.place) };
    goalName = to.place;
    goalNode = node.id;
    goalPoint = node;
  } else {
    goalName = describePoint(to);
    goalPoint = to;
    goalNode = -1;
  }

  for (const [p, role] of [[from, 'start'], [goalPoint, 'goal']] as const) {
    if (!graph.hasLevel(p.level)) {
      return { ok: false, code: 'OFF_MAP', message: `${role} ${describePoint(p)} is on unknown level "${p.level}" (levels: ${graph.ward.building.levels.map((l) => l.name).join(', ')})` };
    }
  }

  const levelEdges = (level: string): NavEdge[] =>
    graph.edges.filter((e) => e.kind !== 'lift' && graph.nodes[e.from]!.level === level && !graph.isEdgeBlocked(e.id));
  const joinsFor = (p: NavPoint, role: 'start' | 'goal'): { edges: NavEdge[]; joins: ReturnType<typeof findJoins> } | RoutePlan => {
    const edges = levelEdges(p.level);
    const targets = edges.map((e) => ({ a: graph.nodes[e.from]!, b: graph.nodes[e.to]! }));
    const joins = findJoins(p, targets, graph.wallsOf(p.level), { count: JOINS, maxDistance: graph.options.maxJoinDistance, slack: JOIN_SLACK_M });
    if (joins.length > 0) return { edges, joins };
    const nearest = Math.min(...graph.edges.filter((e) => e.kind !== 'lift' && graph.nodes[e.from]!.level === p.level)
      .map((e) => distToSegment(p, graph.nodes[e.from]!, graph.nodes[e.to]!)));
    if (nearest <= graph.options.maxJoinDistance) {
      return { ok: false, code: 'NO_ROUTE', message: `every lane near the ${role} ${describePoint(p)} is blocked` };
    }
    return {
      ok: false,
      code: 'OFF_MAP',
      message: `${role} ${describePoint(p)} is ${Number.isFinite(nearest) ? `${nearest.toFixed(1)} m from the nearest lane` : 'on a level with no lanes'} (limit ${graph.options.maxJoinDistance} m)`,
    };
  };

  let startNode = nodeAt(graph, from);
  const startJoins: { edge: NavEdge; t: number; id: number }[] = [];
  if (startNode < 0) {
    const found = joinsFor(from, 'start');
    if ('ok' in found) return found;
    startNode = addVirtual(from);
    for (const j of found.joins) {
      const e = found.edges[j.target]!;
      const id = addVirtual({ level: from.level, ...j.point });
      addArc(virtualOut, startNode, spur(id, j.distance));
      addArc(virtualOut, id, arcOf(e, (1 - j.t) * e.length, e.to));
      startJoins.push({ edge: e, t: j.t, id });
    }
  }

  if (goalNode < 0) goalNode = nodeAt(graph, goalPoint);
  if (goalNode < 0) {
    const found = joinsFor(goalPoint, 'goal');
    if ('ok' in found) return found;
    goalNode = addVirtual(goalPoint);
    for (const j of found.joins) {
      const e = found.edges[j.target]!;
      const id = addVirtual({ level: goalPoint.level, ...j.point });
      addArc(extraOut, e.from, arcOf(e, j.t * e.length, id));
      addArc(virtualOut, id, spur(goalNode, j.distance));
      // Start and goal on the same lane, goal further along it: drive straight there.
      for (const s of startJoins) {
        if (s.edge.id === e.id && s.t <= j.t) addArc(virtualOut, s.id, arcOf(e, (j.t - s.t) * e.length, id));
      }
    }
  }

  const path = astar(graph, startNode, goalNode, pos, (u) => {
    const arcs: Arc[] = [];
    if (u < n) {
      for (const eid of graph.out[u]!) {
        if (graph.isEdgeBlocked(eid)) continue;
        const e = graph.edges[eid]!;
        arcs.push(arcOf(e, e.length, e.to));
      }
      const extra = extraOut.get(u);
      if (extra) arcs.push(...extra);
    } else {
      const v = virtualOut.get(u);
      if (v) arcs.push(...v);
    }
    return arcs;
  });

  if (!path) {
    const blocked = graph.blocks().length;
    const why = from.level !== goalPoint.level ? ` (no open lift ride links ${from.level} and ${goalPoint.level})` : '';
    return {
      ok: false,
      code: 'NO_ROUTE',
      message: `no route from ${describePoint(from)} to ${goalName}${why}${blocked ? `; ${blocked} block(s) in force` : ''}`,
    };
  }
  return { ok: true, route: toRoute(path.nodes.map(pos), path.arcs) };
}

function nodeAt(graph: NavGraph, p: NavPoint): number {
  for (const node of graph.nodes) {
    if (node.level === p.level && dist(node, p) < AT_NODE_M) return node.id;
  }
  return -1;
}

function astar(
  graph: NavGraph, start: number, goal: number, pos: (id: number) => NavPoint, arcsOf: (id: number) => Arc[],
): { nodes: number[]; arcs: Arc[] } | null {
  const speed = graph.options.nominalSpeed;
  const goalPos = pos(goal);
  const g = new Map<number, number>([[start, 0]]);
  const came = new Map<number, { prev: number; arc: Arc }>();
  const closed = new Set<number>();
  const open = new MinHeap();
  open.push(start, dist(pos(start), goalPos) / speed);
  while (open.size > 0) {
    const u = open.pop()!;
    if (u === goal) break;
    if (closed.has(u)) continue;
    closed.add(u);
    const gu = g.get(u)!;
    for (const arc of arcsOf(u)) {
      const cand = gu + arc.cost;
      if (cand < (g.get(arc.to) ?? Infinity)) {
        g.set(arc.to, cand);
        came.set(arc.to, { prev: u, arc });
        open.push(arc.to, cand + dist(pos(arc.to), goalPos) / speed);
      }
    }
  }
  if (!g.has(goal)) return null;
  const nodes = [goal];
  const arcs: Arc[] = [];
  for (let at = goal; at !== start;) {
    const step = came.get(at)!;
    arcs.unshift(step.arc);
    nodes.unshift(step.prev);
    at = step.prev;
  }
  return { nodes, arcs };
}

function toRoute(points: NavPoint[], arcs: Arc[]): Route {
  const waypoints: NavPoint[] = [{ level: points[0]!.level, x: points[0]!.x, y: points[0]!.y }];
  const legs: RouteLeg[] = [];
  let length = 0;
  let etaSec = 0;
  arcs.forEach((arc, i) => {
    const p = points[i + 1]!;
    const last = waypoints[waypoints.length - 1]!;
    length += arc.length;
    etaSec += arc.cost;
    if (arc.lift === null && p.level === last.level && dist(p, last) < 1e-6) return;
    waypoints.push({ level: p.level, x: p.x, y: p.y });
    legs.push({ speedLimit: arc.speedLimit, lift: arc.lift });
  });
  return { waypoints, legs, length, etaSec };
}

export function describePoint(p: NavPoint): string {
  return `(${p.x.toFixed(2)}, ${p.y.toFixed(2)}) on ${p.level}`;
}
