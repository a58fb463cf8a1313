// A node of the in-process ROS graph: owns its endpoints, which go away with it.
import type { ActionServer, GoalHandler } from './action.js';
import type { PublisherOptions, RosGraph } from './graph.js';
import type { ServiceHandler, ServiceOptions, ServiceServer } from './service.js';
import type { Publisher, Subscription, SubscriptionCallback } from './topic.js';

export class RosNode {
  readonly publishers = new Set<Publisher>();
  readonly subscriptions = new Set<Subscription>();
  readonly services = new Set<ServiceServer>();
  readonly actionServers = new Set<ActionServer<never, never, never>>();
  private destroyed = false;

  constructor(readonly name: string, private readonly graph: RosGraph) {}

  get isDestroyed(): boolean { return this.destroyed; }

  /** Throws GraphError when the topic exists with another type or the type is unknown. */
  createPublisher<T = Record<string, unknown>>(topic: string, type: string, opts: PublisherOptions = {}): Publisher<T> {
    this.alive();
    return this.graph.addPublisher<T>(this, topic, type, opts);
  }

  /** Without a type, the subscription waits for the topic to appear and takes its type. */
  createSubscription<T = Record<string, unknown>>(topic: string, type: string | undefined, callback: SubscriptionCallback<T>): Subscription<T> {
    this.alive();
    return this.graph.addSubscription<T>(this, topic, type, callback);
  }

  createService(name: string, type: string, handler: ServiceHandler, opts: ServiceOptions = {}): ServiceServer {
    this.alive();
    return this.graph.addService(this, name, type, handler, opts);
  }

  createActionServer<G = Record<string, unknown>, F = Record<string, unknown>, R = Record<string, unknown>>(
    name: string, type: string, handler: GoalHandler<G, F, R>,
  ): ActionServer<G, F, R> {
    this.alive();
    return this.graph.addActionServer<G, F, R>(this, name, type, handler);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const a of [...this.actionServers]) a.destroy();
    for (const s of [...this.services]) s.destroy();
    for (const s of [...this.subscriptions]) s.destroy();
    for (const p of [...this.publishers]) p.destroy();
    this.graph.removeNode(this);
  }

  private alive(): void {
    if (this.destroyed) throw new Error(`node ${this.name} was destroyed`);
  }
}
