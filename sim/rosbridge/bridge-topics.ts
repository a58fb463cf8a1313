// advertise / unadvertise / publish / subscribe / unsubscribe for one client. Failures are logged
// and the frame dropped: the real server answers none of these ops.
import { ClientSubscription, type SubscriptionSink } from './client-subscription.js';
import { FrameError, frameId, optionalCount, optionalString, requireString, type Frame, type FrameId } from './frame.js';
import { conformMessage } from './messages.js';
import { GraphError, normalizeType, resolveName } from './names.js';
import type { OpHandler, Outbox } from './outbox.js';
import type { Publisher } from './topic.js';

/** The key under which a `publish` without a prior `advertise` registers its publisher. */
const IMPLICIT = Symbol('publish without advertise');
type AdvertiseKey = string | typeof IMPLICIT;

interface Advertisement { publisher: Publisher; keys: Set<AdvertiseKey> }

const SUPPORTED_COMPRESSION = new Set(['none']);

export class TopicBridge {
  /** By the topic name as the client wrote it: replies use that spelling. */
  private readonly subscriptions = new Map<string, ClientSubscription>();
  /** By resolved topic name. */
  private readonly advertisements = new Map<string, Advertisement>();

  constructor(private readonly out: Outbox, private readonly sink: SubscriptionSink) {}

  readonly ops: Record<string, OpHandler> = {
    advertise: (f) => this.advertise(f),
    unadvertise: (f) => this.unadvertise(f),
    publish: (f) => this.publish(f),
    subscribe: (f) => this.subscribe(f),
    unsubscribe: (f) => this.unsubscribe(f),
  };

  private advertise(f: Frame): void {
    const topic = requireString(f, 'topic');
    const type = normalizeType(requireString(f, 'type'), 'msg');
    const key = advertiseKey(frameId(f));
    const name = resolveName(topic);
    const existing = this.advertisements.get(name);
    if (existing) {
      if (existing.publisher.type !== type) {
        throw new GraphError(`topic ${name} is already advertised with type ${existing.publisher.type}, not ${type}`);
      }
      existing.keys.add(key);
      return;
    }
    const publisher = this.out.node.createPublisher(topic, type, { latch: f.latch === true });
    this.advertisements.set(name, { publisher, keys: new Set([key]) });
  }

  private unadvertise(f: Frame): void {
    const name = resolveName(requireString(f, 'topic'));
    const adv = this.advertisements.get(name);
    if (!adv) throw new FrameError('topic', `unadvertise: this client does not advertise ${name}`);
    const id = frameId(f);
    if (id === undefined) adv.keys.clear();
    else adv.keys.delete(advertiseKey(id));
    if (adv.keys.size > 0) return;
    adv.publisher.destroy();
    this.advertisements.delete(name);
  }

  private publish(f: Frame): void {
    const name = resolveName(requireString(f, 'topic'));
    let adv = this.advertisements.get(name);
    if (!adv) {
      // Like rosbridge, publishing without advertising registers a publisher if the topic exists.
      const type = this.out.graph.topicType(name);
      if (!type) throw new FrameError('topic', `publish: topic ${name} does not exist; advertise it first`);
      adv = { publisher: this.out.node.createPublisher(name, type), keys: new Set([IMPLICIT]) };
      this.advertisements.set(name, adv);
    }
    if (this.out.cuts.isCut(name)) {
      this.out.log.debug({ op: 'publish', topic: name }, 'publish lost: the link to that robot is cut');
      return;
    }
    const graph = this.out.graph;
    const msg = conformMessage(graph.interfaces, adv.publisher.type, f.msg, { stamp: () => graph.now() });
    if (!msg.ok) throw new FrameError('msg', `publish to ${name} dropped: ${msg.error}`);
    adv.publisher.publish(msg.msg);
  }

  private subscribe(f: Frame): void {
    const topic = requireString(f, 'topic');
    const typeField = optionalString(f, 'type');
    const type = typeField ? normalizeType(typeField, 'msg') : undefined;
    const id = frameId(f);
    const compression = optionalString(f, 'compression') ?? 'none';
    if (!SUPPORTED_COMPRESSION.has(compression)) {
      this.out.log.warn({ op: 'subscribe', field: 'compression', topic, compression }, 'compression not supported; sending plain JSON');
    }
    const params = {
      throttleMs: optionalCount(f, 'throttle_rate') ?? 0,
      queueLength: Math.floor(optionalCount(f, 'queue_length') ?? 0),
      fragmentSize: positive(optionalCount(f, 'fragment_size')),
    };
    let sub = this.subscriptions.get(topic);
    if (sub) {
      const current = sub.type ?? this.out.graph.topicType(topic);
      if (type && current && current !== type) {
        throw new GraphError(`topic ${resolveName(topic)} has type ${current}, not ${type}`);
      }
      sub.addId(id, params);
      return;
    }
    sub = new ClientSubscription(topic, this.sink);
    sub.graphSubscription = this.out.node.createSubscription(topic, type, sub.deliver);
    sub.addId(id, params);
    this.subscriptions.set(topic, sub);
  }

  private unsubscribe(f: Frame): void {
    const topic = requireString(f, 'topic');
    const sub = this.subscriptions.get(topic);
    if (!sub) throw new FrameError('topic', `unsubscribe: this client is not subscribed to ${topic}`);
    const id = frameId(f);
    if (id === undefined) sub.removeAll();
    else if (!sub.removeId(id)) throw new FrameError('id', `unsubscribe: no subscription ${String(id)} on ${topic}`);
    if (!sub.isEmpty) return;
    sub.dispose();
    this.subscriptions.delete(topic);
  }

  close(): void {
    for (const sub of this.subscriptions.values()) sub.dispose();
    this.subscriptions.clear();
    for (const adv of this.advertisements.values()) adv.publisher.destroy();
    this.advertisements.clear();
  }
}

function advertiseKey(id: FrameId | undefined): AdvertiseKey {
  return id === undefined ? '' : String(id);
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 ? n : undefined;
}
