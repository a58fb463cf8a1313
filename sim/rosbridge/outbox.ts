// What the op handlers of one client need from its session: a way to answer, a logger, the graph.
import type { Logger } from 'pino';
import type { Frame, FrameId } from './frame.js';
import type { RosGraph } from './graph.js';
import type { LinkCuts } from './link-cuts.js';
import type { RosNode } from './node.js';

export interface Outbox {
  readonly closed: boolean;
  readonly log: Logger;
  readonly graph: RosGraph;
  /** Names this client cannot reach now (a robot whose link the simulator dropped). */
  readonly cuts: LinkCuts;
  /** The client's `/rosbridge_websocket` node: owns every endpoint this client creates. */
  readonly node: RosNode;
  /** Sends one frame as JSON text, split into `fragment` frames if longer than `fragmentSize`. */
  send(frame: object, fragmentSize?: number): void;
}

export type OpHandler = (frame: Frame) => void;

/** Adds `id` to a reply only when the request carried one, as rosbridge does. */
export function withId<T extends object>(frame: T, id: FrameId | undefined): T & { id?: FrameId } {
  return id === undefined ? frame : { ...frame, id };
}
