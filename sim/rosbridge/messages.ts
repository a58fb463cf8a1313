// Turns what a client sent into a complete ROS message of a known type, as rosbridge's
// message_conversion does: missing fields take their defaults, a wrong or unknown field is an error.
import type { InterfaceRegistry, Time } from '../../robot/index.js';

export type Conformed = { ok: true; msg: Record<string, unknown> } | { ok: false; error: string };

const HEADER_TYPE = 'std_msgs/msg/Header';

export function conformMessage(
  reg: InterfaceRegistry,
  type: string,
  value: unknown,
  opts: { stamp?: () => Time } = {},
): Conformed {
  // Interfaces the registry does not define (client-advertised service types) travel as they are.
  if (!reg.hasMessage(type)) {
    return isRecord(value) || value === undefined || value === null
      ? { ok: true, msg: (value ?? {}) as Record<string, unknown> }
      : { ok: false, error: `${type}: a message must be a JSON object` };
  }
  if (value === undefined || value === null) value = {};
  // The common case, a complete message (its header has a stamp), costs one validation and no copy.
  if (reg.validate(type, value, { wire: true }).ok) return { ok: true, msg: value as Record<string, unknown> };
  const partial = reg.validate(type, value, { partial: true, wire: true });
  if (!partial.ok) return { ok: false, error: `${type}: ${partial.errors.join('; ')}` };
  const msg = value as Record<string, unknown>;
  const withStamp = opts.stamp ? fillHeaderStamp(reg, type, msg, opts.stamp) : msg;
  return { ok: true, msg: reg.complete(type, withStamp) };
}

/** A message whose `header` (or its stamp) was left out gets the current time, as rosbridge's publish does. */
function fillHeaderStamp(reg: InterfaceRegistry, type: string, msg: Record<string, unknown>, stamp: () => Time): Record<string, unknown> {
  const field = reg.message(type).fields.find((f) => f.name === 'header');
  if (!field || field.type.base !== HEADER_TYPE || field.type.array) return msg;
  const header = msg.header;
  if (header === undefined) return { ...msg, header: { stamp: stamp(), frame_id: '' } };
  if (isRecord(header) && header.stamp === undefined) return { ...msg, header: { ...header, stamp: stamp() } };
  return msg;
}

/** rosbridge accepts `args` as an object or as a list of field values in declaration order. */
export function argsToObject(reg: InterfaceRegistry, type: string, args: unknown, knownFields: readonly string[] = []): unknown {
  if (!Array.isArray(args)) return args;
  const fields = reg.hasMessage(type) ? reg.message(type).fields.map((f) => f.name) : knownFields;
  if (args.length > fields.length) return args;
  return Object.fromEntries(args.map((v, i) => [fields[i]!, v]));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
