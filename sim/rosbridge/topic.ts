// Topics of the in-process graph. A published message becomes one Sample that every subscriber
// shares, so that the rosbridge `publish` frame is serialised once per message, not once per client.
import type { RosNode } from './node.js';

export class Sample<T = unknown> {
  private json: string | undefined;
  private frameSpelling: string | undefined;
  private frame: Buffer | undefined;
  private otherFrames: Map<string, Buffer> | undefined;

  constructor(readonly topic: string, readonly msg: T) {}

  /** The message as JSON; NaN and ±Infinity become null, as rosbridge sends them. */
  msgJson(): string {
    this.json ??= JSON.stringify(this.msg);
    return this.json;
  }

  /**
   * The rosbridge `publish` frame, UTF-8 encoded, for clients that named the topic `spelling`
   * (rosbridge answers with the name as the client wrote it: `foo` or `/foo`).
   */
  publishFrame(spelling: string): Buffer {
    if (this.frameSpelling === undefined) {
      this.frameSpelling = spelling;
      this.frame = encodePublish(spelling, this.msgJson());
    }
    if (spelling === this.frameSpelling) return this.frame!;
    this.otherFrames ??= new Map();
    let buf = this.otherFrames.get(spelling);
    if (!buf) this.otherFrames.set(spelling, (buf = encodePublish(spelling, this.msgJson())));
    return buf;
  }
}

function encodePublish(topic: string, msgJson: string): Buffer {
  return Buffer.from(`{"op":"publish","topic":${JSON.stringify(topic)},"msg":${msgJson}}`, 'utf8');
}

export class Topic {
  readonly publishers = new Set<Publisher>();
  readonly subscriptions = new Set<Subscription>();
  /** Last message of each latching publisher (transient-local durability), for late subscribers. */
  readonly latched = new Map<Publisher, Sample>();
  /** Told the new count after a subscription joins or leaves (see Publisher.watchSubscriptions). */
  readonly subscriptionWatchers = new Set<(count: number) => void>();
  constructor(readonly name: string, readonly type: string) {}

  get isUnused(): boolean {
    return this.publishers.size === 0 && this.subscriptions.size === 0;
  }
}

export type SubscriptionCallback<T> = (msg: T, sample: Sample<T>) => void;

export class Publisher<T = unknown> {
  private destroyed = false;
  private readonly watchers = new Set<(count: number) => void>();
  constructor(
    readonly node: RosNode,
    readonly topic: Topic,
    /** A latching publisher's last message reaches subscriptions made after it was published. */
    readonly latch: boolean,
    private readonly deliver: (publisher: Publisher, msg: unknown) => void,
    private readonly release: (p: Publisher) => void,
  ) {}

  get topicName(): string { return this.topic.name; }
  get type(): string { return this.topic.type; }
  /** Lets a publisher skip building messages nobody would receive. */
  get subscriptionCount(): number { return this.topic.subscriptions.size; }

  /**
   * Calls `cb` with the subscription count each time a subscription joins or leaves the topic, so a
   * costly publisher (a camera) can work only while watched and greet a new subscriber at once.
   * Called inside the subscribe, before the subscriber is ready: defer any publishing. Ends with the
   * returned function or the publisher's destroy.
   */
  watchSubscriptions(cb: (count: number) => void): () => void {
    this.topic.subscriptionWatchers.add(cb);
    this.watchers.add(cb);
    return () => {
      this.topic.subscriptionWatchers.delete(cb);
      this.watchers.delete(cb);
    };
  }

  /** The message is shared with every in-process subscriber: treat it as immutable once published. */
  publish(msg: T): void {
    if (this.destroyed) throw new Error(`publisher of ${this.topic.name} was destroyed`);
    this.deliver(this as Publisher, msg);
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const w of this.watchers) this.topic.subscriptionWatchers.delete(w);
    this.watchers.clear();
    this.release(this as Publisher);
  }
}

export class Subscription<T = unknown> {
  private destroyed = false;
  /** Set once the topic exists: a subscription made without a type takes the topic's type then. */
  type: string | undefined;

  constructor(
    readonly node: RosNode,
    readonly topicName: string,
    type: string | undefined,
    readonly callback: SubscriptionCallback<T>,
    private readonly release: (s: Subscription) => void,
  ) {
    this.type = type;
  }

  get isDestroyed(): boolean { return this.destroyed; }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.release(this as Subscription);
  }
}
