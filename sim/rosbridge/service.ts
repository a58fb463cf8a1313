// Services of the in-process graph: one server per name, called with a complete request message.
import type { RosNode } from './node.js';

export type ServiceHandler = (request: Record<string, unknown>) => unknown;
export interface ServiceOptions {
  /** Request field names in order, for a service type the interface registry does not define. */
  requestFields?: readonly string[];
}
export type ServiceReply = { ok: true; values: unknown } | { ok: false; error: string };

export class ServiceServer {
  private destroyed = false;
  constructor(
    readonly node: RosNode,
    readonly name: string,
    readonly type: string,
    readonly handler: ServiceHandler,
    private readonly release: (s: ServiceServer) => void,
    /** Request field names for a type the registry lacks, so that list-form `args` can be read. */
    readonly requestFields: readonly string[] = [],
  ) {}

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.release(this);
  }
}
