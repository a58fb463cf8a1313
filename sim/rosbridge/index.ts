// Public surface of sim/rosbridge: an in-process ROS 2 graph and a rosbridge v2 server on top of it.
export { RosGraph, errorText } from './graph.js';
export type { RosGraphOptions, ClientGoal, NameAndType, PublisherOptions } from './graph.js';
export { RosNode } from './node.js';
export { Publisher, Subscription, Sample } from './topic.js';
export type { SubscriptionCallback } from './topic.js';
export { ServiceServer } from './service.js';
export type { ServiceHandler, ServiceReply } from './service.js';
export { ActionServer, GoalHandle } from './action.js';
export type { GoalHandler, GoalClient, GoalOutcome } from './action.js';
export { GraphError, resolveName, normalizeType } from './names.js';
export { RosbridgeServer, startRosbridge } from './server.js';
export { LinkCuts } from './link-cuts.js';
export type { RosbridgeOptions } from './server.js';
