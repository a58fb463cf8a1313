// ROS 2 graph names and interface type names, resolved the way rclpy resolves them for a node in the
// root namespace (rosbridge_websocket): `rosapi/topics` and `/rosapi/topics` are the same service.

const NAME = /^\/?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const TYPE = /^[A-Za-z][A-Za-z0-9_]*\/((msg|srv|action)\/)?[A-Za-z][A-Za-z0-9_]*$/;

export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** Absolute form of a topic, service, action or node name. Throws on a name ROS would refuse. */
export function resolveName(name: string): string {
  if (!isValidName(name)) throw new GraphError(`"${name}" is not a valid ROS name`);
  return name.startsWith('/') ? name : `/${name}`;
}

/** The absolute form of a valid name; an invalid one as it is (it matches nothing). */
export function resolvedOrSelf(name: string): string {
  return isValidName(name) ? resolveName(name) : name;
}

/** `pkg/Name` or `pkg/msg/Name` (or srv/action) as ROS 2 spells it: `pkg/<kind>/Name`. */
export function normalizeType(type: string, kind: 'msg' | 'srv' | 'action'): string {
  if (!TYPE.test(type)) throw new GraphError(`"${type}" is not a valid ROS ${kind} type name`);
  const parts = type.split('/');
  if (parts.length === 2) return `${parts[0]}/${kind}/${parts[1]}`;
  if (parts[1] !== kind) throw new GraphError(`"${type}" is not a ${kind} type`);
  return type;
}

/** A request the graph refuses (bad name, type conflict, nothing serving it); the message says why. */
export class GraphError extends Error {
  override readonly name = 'GraphError';
}
