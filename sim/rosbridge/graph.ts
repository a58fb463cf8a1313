// An in-process ROS 2 graph: nodes with publishers, subscriptions, services and action servers.
// Simulated robots join it as nodes do on a real robot; the rosbridge server is one more node on it.
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import { interfaces, toRosTime, type InterfaceRegistry, type Time } from '../../robot/index.js';
import { ActionServer, GoalHandle, type GoalClient, type GoalHandler, type GoalParts } from './action.js';
import { CANCEL_GOAL_SUFFIX, cancelGoals } from './cancel-goals.js';
import { argsToObject, conformMessage } from './messages.js';
import { GraphError, normalizeType, resolveName } from './names.js';
import { RosNode } from './node.js';
import { ServiceServer, type ServiceHandler, type ServiceOptions, type ServiceReply } from './service.js';
import { Publisher, Sample, Subscription, Topic, type SubscriptionCallback } from './topic.js';

export interface RosGraphOptions {
  logger?: Logger;
  /** ROS time for header stamps; the simulator passes its sim clock. Defaults to wall time. */
  clock?: () => Time;
  interfaces?: InterfaceRegistry;
}

/** What a client holds for a goal it sent. */
export interface ClientGoal {
  readonly id: string;
  cancel(): void;
}

export interface NameAndType { name: string; type: string }

export interface PublisherOptions {
  /** Keep the last message for subscriptions made later (ROS 2 transient-local QoS, rosbridge's `latch`). */
  latch?: boolean;
}

export class RosGraph {
  readonly interfaces: InterfaceRegistry;
  readonly log: Logger;
  private clock: () => Time;
  private readonly nodes = new Set<RosNode>();
  private readonly topics = new Map<string, Topic>();
  /** Subscriptions made without a type, waiting for their topic to appear. */
  private readonly waiting = new Map<string, Set<Subscription>>();
  private readonly services = new Map<string, ServiceServer>();
  private readonly actions = new Map<string, ActionServer>();
  private readonly uncheckedTypes = new Set<string>();

  constructor(opts: RosGraphOptions = {}) {
    this.interfaces = opts.interfaces ?? interfaces();
    this.log = opts.logger ?? pino({ name: 'ros-graph', level: 'warn' });
    this.clock = opts.clock ?? (() => toRosTime(Date.now() / 1000));
  }

  now(): Time { return this.clock(); }
  setClock(clock: () => Time): void { this.clock = clock; }

  createNode(name: string): RosNode {
    const node = new RosNode(resolveName(name), this);
    this.nodes.add(node);
    return node;
  }

  /** @internal called by RosNode.destroy */
  removeNode(node: RosNode): void { this.nodes.delete(node); }

  // ---- introspection, what rosapi answers ----

  nodeNames(): string[] { return sortedUnique([...this.nodes].map((n) => n.name)); }
  allNodes(): readonly RosNode[] { return [...this.nodes]; }

  topicNamesAndTypes(): NameAndType[] {
    return [...this.topics.values()].map((t) => ({ name: t.name, type: t.type })).sort(byName);
  }
  topicType(name: string): string | undefined { return this.topics.get(tryResolve(name) ?? '')?.type; }
  topicPublishers(name: string): string[] {
    return sortedUnique([...(this.topics.get(tryResolve(name) ?? '')?.publishers ?? [])].map((p) => p.node.name));
  }
  topicSubscribers(name: string): string[] {
    return sortedUnique([...(this.topics.get(tryResolve(name) ?? '')?.subscriptions ?? [])].map((s) => s.node.name));
  }
  serviceNamesAndTypes(): NameAndType[] {
    return [...this.services.values()].map((s) => ({ name: s.name, type: s.type })).sort(byName);
  }
  serviceType(name: string): string | undefined { return this.services.get(tryResolve(name) ?? '')?.type; }
  actionNamesAndTypes(): NameAndType[] {
    return [...this.actions.values()].map((a) => ({ name: a.name, type: a.type })).sort(byName);
  }
  actionServer(name: string): ActionServer | undefined { return this.actions.get(tryResolve(name) ?? ''); }

  // ---- topics ----

  /** @internal use RosNode.createPublisher */
  addPublisher<T>(node: RosNode, topicName: string, type: string, opts: PublisherOptions = {}): Publisher<T> {
    const topic = this.topicFor(resolveName(topicName), this.messageType(type));
    const pub = new Publisher<T>(node, topic, opts.latch ?? false, this.deliver, (p) => {
      topic.publishers.delete(p);
      topic.latched.delete(p);
      node.publishers.delete(p);
      this.dropIfUnused(topic);
    });
    topic.publishers.add(pub as Publisher);
    node.publishers.add(pub as Publisher);
    return pub;
  }

  /** @internal use RosNode.createSubscription */
  addSubscription<T>(node: RosNode, topicName: string, type: string | undefined, cb: SubscriptionCallback<T>): Subscription<T> {
    const name = resolveName(topicName);
    const wanted = type === undefined ? undefined : this.messageType(type);
    let topic = this.topics.get(name);
    if (!topic && wanted) topic = this.topicFor(name, wanted);
    if (topic && wanted && topic.type !== wanted) throw typeConflict(topic, wanted);
    const sub = new Subscription<T>(node, name, topic?.type, cb, (s) => {
      node.subscriptions.delete(s);
      const waiting = this.waiting.get(name);
      if (waiting?.delete(s) && waiting.size === 0) this.waiting.delete(name);
      const t = this.topics.get(name);
      if (t?.subscriptions.delete(s)) {
        this.notifySubscriptions(t);
        this.dropIfUnused(t);
      }
    });
    node.subscriptions.add(sub as Subscription);
    if (topic) this.attach(topic, sub as Subscription);
    else {
      let waiting = this.waiting.get(name);
      if (!waiting) this.waiting.set(name, (waiting = new Set()));
      waiting.add(sub as Subscription);
    }
    return sub;
  }

  private topicFor(name: string, type: string): Topic {
    const existing = this.topics.get(name);
    if (existing) {
      if (existing.type !== type) throw typeConflict(existing, type);
      return existing;
    }
    const topic = new Topic(name, type);
    this.topics.set(name, topic);
    const waiting = this.waiting.get(name);
    if (waiting) {
      this.waiting.delete(name);
      for (const s of waiting) {
        s.type = type;
        this.attach(topic, s);
      }
    }
    return topic;
  }

  private attach(topic: Topic, sub: Subscription): void {
    topic.subscriptions.add(sub);
    this.notifySubscriptions(topic);
    if (topic.latched.size === 0) return;
    const latched = [...topic.latched];
    // Like a DDS late-joiner, the latched messages arrive after subscribing returns; one that a
    // newer message of its publisher replaced meanwhile was superseded by what the subscriber got.
    queueMicrotask(() => {
      for (const [publisher, sample] of latched) {
        if (!sub.isDestroyed && topic.latched.get(publisher) === sample) this.invoke(sub, sample);
      }
    });
  }

  private notifySubscriptions(topic: Topic): void {
    for (const watch of [...topic.subscriptionWatchers]) {
      try {
        watch(topic.subscriptions.size);
      } catch (err) {
        this.log.error({ err, topic: topic.name }, 'subscription watcher threw');
      }
    }
  }

  private dropIfUnused(topic: Topic): void {
    if (topic.isUnused && this.topics.get(topic.name) === topic) this.topics.delete(topic.name);
  }

  private readonly deliver = (publisher: Publisher, msg: unknown): void => {
    const topic = publisher.topic;
    if (topic.subscriptions.size === 0 && !publisher.latch) return;
    const sample = new Sample(topic.name, msg);
    if (publisher.latch) topic.latched.set(publisher, sample);
    for (const sub of topic.subscriptions) this.invoke(sub, sample);
  };

  private invoke(sub: Subscription, sample: Sample): void {
    try {
      sub.callback(sample.msg, sample);
    } catch (err) {
      this.log.error({ err, topic: sample.topic, node: sub.node.name }, 'subscription callback threw; other subscribers still get the message');
    }
  }

  // ---- services ----

  /** @internal use RosNode.createService */
  addService(node: RosNode, serviceName: string, type: string, handler: ServiceHandler, opts: ServiceOptions = {}): ServiceServer {
    const name = resolveName(serviceName);
    const srvType = normalizeType(type, 'srv');
    const taken = this.services.get(name);
    if (taken) throw new GraphError(`service ${name} is already served by node ${taken.node.name}`);
    this.noteUnchecked(srvType, this.interfaces.service(srvType) !== undefined);
    const server = new ServiceServer(node, name, srvType, handler, (s) => {
      if (this.services.get(name) === s) this.services.delete(name);
      node.services.delete(s);
    }, opts.requestFields);
    this.services.set(name, server);
    node.services.add(server);
    return server;
  }

  /** Calls a service with a request that may leave fields out; never throws. */
  async callService(serviceName: string, args: unknown): Promise<ServiceReply> {
    const name = tryResolve(serviceName);
    if (!name) return { ok: false, error: `"${serviceName}" is not a valid service name` };
    const server = this.services.get(name);
    if (!server) {
      const action = name.endsWith(CANCEL_GOAL_SUFFIX) ? this.actions.get(name.slice(0, -CANCEL_GOAL_SUFFIX.length)) : undefined;
      if (action) return { ok: true, values: cancelGoals(action, args) };
      return { ok: false, error: `Service ${name} does not exist` };
    }
    const reqType = `${server.type}_Request`;
    const request = conformMessage(this.interfaces, reqType, argsToObject(this.interfaces, reqType, args, server.requestFields));
    if (!request.ok) return { ok: false, error: `Invalid request for ${name}: ${request.error}` };
    try {
      const values = await server.handler(request.msg);
      const resType = `${server.type}_Response`;
      return { ok: true, values: this.interfaces.hasMessage(resType) ? this.interfaces.complete(resType, values) : values ?? {} };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }

  // ---- actions ----

  /** @internal use RosNode.createActionServer */
  addActionServer<G, F, R>(node: RosNode, actionName: string, type: string, handler: GoalHandler<G, F, R>): ActionServer<G, F, R> {
    const name = resolveName(actionName);
    const actionType = normalizeType(type, 'action');
    const taken = this.actions.get(name);
    if (taken) throw new GraphError(`action ${name} is already served by node ${taken.node.name}`);
    this.noteUnchecked(actionType, this.interfaces.action(actionType) !== undefined);
    const server = new ActionServer<G, F, R>(node, name, actionType, handler, (s) => {
      if (this.actions.get(name) === (s as unknown as ActionServer)) this.actions.delete(name);
      node.actionServers.delete(s as unknown as ActionServer<never, never, never>);
    });
    this.actions.set(name, server as unknown as ActionServer);
    node.actionServers.add(server as unknown as ActionServer<never, never, never>);
    return server;
  }

  /**
   * Sends a goal whose fields may be left out. The client's callbacks may run before this returns
   * (a goal refused at once). A goal to an action nobody serves fails at once rather than waiting
   * for a server, unlike rclpy's ActionClient: a caller over rosbridge would otherwise hang.
   */
  sendGoal<F = Record<string, unknown>, R = Record<string, unknown>>(
    actionName: string, args: unknown, client: GoalClient<F, R>, opts: { type?: string } = {},
  ): ClientGoal {
    const id = randomUUID();
    const fail = (error: string): ClientGoal => {
      client.onResult({ status: 0, error });
      return { id, cancel: () => undefined };
    };
    const name = tryResolve(actionName);
    if (!name) return fail(`"${actionName}" is not a valid action name`);
    const server = this.actions.get(name);
    if (!server) return fail(`No action server is serving ${name}`);
    if (opts.type !== undefined) {
      let wanted: string;
      try { wanted = normalizeType(opts.type, 'action'); } catch (err) { return fail(errorText(err)); }
      if (wanted !== server.type) return fail(`Action ${name} has type ${server.type}, not ${wanted}`);
    }
    const goalType = `${server.type}_Goal`;
    const goal = conformMessage(this.interfaces, goalType, argsToObject(this.interfaces, goalType, args));
    if (!goal.ok) return fail(`Invalid goal for ${name}: ${goal.error}`);

    const handle = new GoalHandle(id, this.now(), goal.msg, server, client as unknown as GoalClient, this.goalParts(server.type), (h) => server.goals.delete(h.id));
    server.goals.set(id, handle);
    try {
      server.handler(goal.msg, handle);
    } catch (err) {
      this.log.error({ err, action: name, goal: id }, 'action goal handler threw');
      if (handle.isDeciding) handle.reject(`goal handler threw: ${errorText(err)}`);
      else handle.abort();
    }
    if (!handle.accepted()) {
      server.goals.delete(id);
      this.log.info({ action: name, goal: id, reason: handle.rejectedBecause }, 'action goal rejected');
      client.onResult({ status: 0, error: 'Action goal was rejected' });
    }
    return { id, cancel: () => handle.requestCancel() };
  }

  private goalParts(actionType: string): GoalParts {
    const reg = this.interfaces;
    if (!reg.action(actionType)) return { completeFeedback: (fb) => asRecord(fb), completeResult: (r) => asRecord(r) };
    return {
      completeFeedback: (fb) => reg.complete(`${actionType}_Feedback`, fb),
      completeResult: (r) => reg.complete(`${actionType}_Result`, r),
    };
  }

  private messageType(type: string): string {
    const t = normalizeType(type, 'msg');
    this.noteUnchecked(t, this.interfaces.hasMessage(t));
    return t;
  }

  /**
   * The registry holds the interfaces this project uses, a subset of what a robot has installed.
   * A well-formed type outside it is treated as installed but its messages pass unchecked.
   */
  private noteUnchecked(type: string, known: boolean): void {
    if (known || this.uncheckedTypes.has(type)) return;
    this.uncheckedTypes.add(type);
    this.log.debug({ type }, 'type is not in the interface registry; its messages pass unchecked');
  }
}

function typeConflict(topic: Topic, wanted: string): GraphError {
  return new GraphError(`topic ${topic.name} already has type ${topic.type}, not ${wanted}`);
}

function tryResolve(name: string): string | undefined {
  try { return resolveName(name); } catch { return undefined; }
}

function sortedUnique(names: string[]): string[] { return [...new Set(names)].sort(); }
function byName(a: NameAndType, b: NameAndType): number { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; }
function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
