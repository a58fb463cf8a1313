// The rosapi node: graph introspection services with the names, types and reply fields of ROS 2's
// rosapi (rosapi_msgs), which roslib's getTopics/getNodes/getServices/getActionServers call.
import type { RosGraph } from './graph.js';
import { resolvedOrSelf } from './names.js';
import type { RosNode } from './node.js';

/** rosapi_msgs request fields, for callers that pass `args` as a list. */
const REQUEST_FIELDS: Record<string, readonly string[]> = {
  TopicsForType: ['type'], TopicType: ['topic'], Publishers: ['topic'], Subscribers: ['topic'],
  ServicesForType: ['type'], ServiceType: ['service'], NodeDetails: ['node'],
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export interface RosapiOptions {
  /** Whether a client may see this name; rosapi leaves out the rest (robots whose link is cut). */
  visible?: (name: string) => boolean;
}

export function startRosapi(graph: RosGraph, opts: RosapiOptions = {}): RosNode {
  const node = graph.createNode('/rosapi');
  const seen = opts.visible ?? (() => true);
  const shown = <T extends { name: string }>(list: T[]): T[] => list.filter((e) => seen(e.name));
  const serve = (name: string, type: string, handler: (req: Record<string, unknown>) => unknown) =>
    node.createService(`/rosapi/${name}`, `rosapi_msgs/srv/${type}`, handler, { requestFields: REQUEST_FIELDS[type] ?? [] });

  serve('topics', 'Topics', () => {
    const all = shown(graph.topicNamesAndTypes());
    return { topics: all.map((t) => t.name), types: all.map((t) => t.type) };
  });
  serve('topics_for_type', 'TopicsForType', (req) => ({
    topics: shown(graph.topicNamesAndTypes()).filter((t) => sameType(t.type, str(req.type))).map((t) => t.name),
  }));
  serve('topic_type', 'TopicType', (req) => ({ type: seen(resolvedOrSelf(str(req.topic))) ? graph.topicType(str(req.topic)) ?? '' : '' }));
  serve('publishers', 'Publishers', (req) => ({ publishers: graph.topicPublishers(str(req.topic)) }));
  serve('subscribers', 'Subscribers', (req) => ({ subscribers: graph.topicSubscribers(str(req.topic)) }));
  serve('services', 'Services', () => ({ services: shown(graph.serviceNamesAndTypes()).map((s) => s.name) }));
  serve('services_for_type', 'ServicesForType', (req) => ({
    services: shown(graph.serviceNamesAndTypes()).filter((s) => sameType(s.type, str(req.type))).map((s) => s.name),
  }));
  serve('service_type', 'ServiceType', (req) => ({ type: graph.serviceType(str(req.service)) ?? '' }));
  serve('action_servers', 'GetActionServers', () => ({ action_servers: shown(graph.actionNamesAndTypes()).map((a) => a.name) }));
  serve('nodes', 'Nodes', () => ({ nodes: graph.nodeNames().filter(seen) }));
  serve('node_details', 'NodeDetails', (req) => {
    const nodes = graph.allNodes().filter((n) => n.name === str(req.node));
    const names = (pick: (n: RosNode) => Iterable<{ name?: string; topicName?: string }>) =>
      [...new Set(nodes.flatMap((n) => [...pick(n)].map((e) => e.topicName ?? e.name ?? '')))].sort();
    return {
      subscribing: names((n) => n.subscriptions),
      publishing: names((n) => n.publishers),
      services: names((n) => n.services),
    };
  });
  serve('get_time', 'GetTime', () => ({ time: graph.now() }));
  return node;
}

/** `std_msgs/String` and `std_msgs/msg/String` name the same type. */
function sameType(a: string, b: string): boolean {
  const parts = b.split('/');
  return a === (parts.length === 2 ? `${parts[0]}/${a.split('/')[1]}/${parts[1]}` : b);
}
