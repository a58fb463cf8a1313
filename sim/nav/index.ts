export { NavGraph } from './nav-graph.js';
export { planRoute, describePoint } from './plan-route.js';
export { distToSegment } from './geometry.js';
export type { Route, RouteLeg, RoutePlan, RouteTarget, RouteFailureCode } from './plan-route.js';
export type { BlockSpec, LaneRef, NavEdge, NavEdgeKind, NavGraphOptions, NavNode, NavPoint } from './types.js';
