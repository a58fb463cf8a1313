// call_service / advertise_service / unadvertise_service / service_response for one client.
// A call always gets a `service_response`: failures carry `result: false` and the reason in `values`.
import { frameId, FrameError, optionalCount, requireString, type Frame, type FrameId } from './frame.js';
import { errorText } from './graph.js';
import { resolveName, resolvedOrSelf } from './names.js';
import { withId, type OpHandler, type Outbox } from './outbox.js';
import type { ServiceServer } from './service.js';

interface PendingCall { service: string; resolve(values: unknown): void; reject(err: Error): void }

export class ServiceBridge {
  /** Services this client serves, by resolved name. */
  private readonly served = new Map<string, ServiceServer>();
  /** Calls forwarded to this client, by the id the server gave them. */
  private readonly pending = new Map<string, PendingCall>();
  private counter = 0;

  constructor(private readonly out: Outbox) {}

  readonly ops: Record<string, OpHandler> = {
    call_service: (f) => this.call(f),
    advertise_service: (f) => this.advertise(f),
    unadvertise_service: (f) => this.unadvertise(f),
    service_response: (f) => this.response(f),
  };

  private call(f: Frame): void {
    let id: FrameId | undefined;
    let service: unknown = f.service;
    const fail = (error: string, field?: string) => {
      this.out.log.warn({ op: 'call_service', field, service, id }, error);
      this.reply(f, service, id, { ok: false, error });
    };
    try {
      id = frameId(f);
      service = requireString(f, 'service');
    } catch (err) {
      // Answered anyway when the frame has an id, so that the caller does not wait forever.
      fail(errorText(err), err instanceof FrameError ? err.field : undefined);
      return;
    }
    let timeoutSec: number | undefined;
    try { timeoutSec = optionalCount(f, 'timeout'); } catch (err) { fail(errorText(err), 'timeout'); return; }
    const name = service as string;
    if (this.out.cuts.isCut(resolvedOrSelf(name))) {
      // Lost on a dead link: the caller hears nothing, as it would from a robot that dropped off.
      this.out.log.debug({ op: 'call_service', service: name, id }, 'call lost: the link to that robot is cut');
      return;
    }
    const call = this.out.graph.callService(name, f.args ?? {});
    const answer = timeoutSec && timeoutSec > 0 ? withTimeout(call, timeoutSec, name) : call;
    void answer.then((reply) => {
      if (this.out.cuts.isCut(resolvedOrSelf(name))) return;
      if (!reply.ok) this.out.log.info({ op: 'call_service', service: name, id, error: reply.error }, 'service call failed');
      this.reply(f, name, id, reply);
    });
  }

  private reply(f: Frame, service: unknown, id: FrameId | undefined, reply: { ok: true; values: unknown } | { ok: false; error: string }): void {
    if (this.out.closed) return;
    const fragmentSize = typeof f.fragment_size === 'number' && f.fragment_size > 0 ? f.fragment_size : undefined;
    const base = typeof service === 'string' ? { op: 'service_response', service } : { op: 'service_response' };
    this.out.send(withId({ ...base, values: reply.ok ? reply.values : reply.error, result: reply.ok }, id), fragmentSize);
  }

  private advertise(f: Frame): void {
    const spelling = requireString(f, 'service');
    const type = requireString(f, 'type');
    const name = resolveName(spelling);
    const mine = this.served.get(name);
    if (mine) {
      // rosbridge: "Duplicate service advertised. Overwriting" — for the same client only.
      this.out.log.warn({ op: 'advertise_service', service: name }, 'service advertised again by the same client; replacing it');
      this.withdraw(name, mine, `Service ${name} was advertised again`);
    }
    const server = this.out.node.createService(spelling, type, (request) => this.forward(name, spelling, request));
    this.served.set(name, server);
  }

  /** A call to a service this client serves goes to the client as `call_service`. */
  private forward(name: string, spelling: string, request: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = `service_request:${spelling}:${++this.counter}`;
      this.pending.set(id, { service: name, resolve, reject });
      this.out.send({ op: 'call_service', id, service: spelling, args: request });
    });
  }

  private response(f: Frame): void {
    const id = frameId(f);
    if (id === undefined) throw new FrameError('id', 'service_response: field "id" is missing');
    const call = this.pending.get(String(id));
    if (!call) throw new FrameError('id', `service_response: no call ${String(id)} is waiting for this client`);
    this.pending.delete(String(id));
    if (f.result) call.resolve(f.values ?? {});
    else call.reject(new Error(typeof f.values === 'string' ? f.values : `Service ${call.service} failed`));
  }

  private unadvertise(f: Frame): void {
    const name = resolveName(requireString(f, 'service'));
    const server = this.served.get(name);
    if (!server) throw new FrameError('service', `unadvertise_service: this client does not serve ${name}`);
    this.withdraw(name, server, `Service ${name} was unadvertised`);
  }

  private withdraw(name: string, server: ServiceServer, why: string): void {
    server.destroy();
    this.served.delete(name);
    for (const [id, call] of this.pending) {
      if (call.service !== name) continue;
      this.pending.delete(id);
      call.reject(new Error(why));
    }
  }

  close(): void {
    for (const [name, server] of this.served) this.withdraw(name, server, `The client serving ${name} disconnected`);
  }
}

function withTimeout<T extends { ok: boolean }>(call: Promise<T>, seconds: number, service: string): Promise<T | { ok: false; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<{ ok: false; error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `Timeout exceeded while waiting for ${service} (${seconds} s)` }), seconds * 1000);
  });
  return Promise.race([call, expiry]).finally(() => clearTimeout(timer));
}
