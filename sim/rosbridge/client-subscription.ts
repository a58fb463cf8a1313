// One client's subscription to one topic, shared by all its subscribe ids (as rosbridge does:
// messages go out once per client, at the smallest throttle_rate and the largest queue_length).
import type { FrameId } from './frame.js';
import type { Sample, Subscription } from './topic.js';

export interface SubscriptionParams {
  /** Minimum milliseconds between two messages sent; 0 sends every message. */
  throttleMs: number;
  /** With a throttle, how many of the newest messages wait for their turn; 0 keeps none. */
  queueLength: number;
  /** Frames longer than this many characters go out as `fragment` frames. */
  fragmentSize: number | undefined;
}

export interface SubscriptionSink {
  sendSample(sample: Sample, spelling: string, fragmentSize: number | undefined): void;
}

export class ClientSubscription {
  private readonly ids = new Map<string, SubscriptionParams>();
  private params: SubscriptionParams = { throttleMs: 0, queueLength: 0, fragmentSize: undefined };
  private lastSentMs = -Infinity;
  private queue: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  graphSubscription: Subscription | undefined;

  constructor(readonly spelling: string, private readonly sink: SubscriptionSink) {}

  get isEmpty(): boolean { return this.ids.size === 0; }
  get type(): string | undefined { return this.graphSubscription?.type; }

  addId(id: FrameId | undefined, params: SubscriptionParams): void {
    this.ids.set(String(id ?? ''), params);
    this.recompute();
  }

  /** Returns whether that id was subscribed. */
  removeId(id: FrameId | undefined): boolean {
    const had = this.ids.delete(String(id ?? ''));
    this.recompute();
    return had;
  }

  removeAll(): void {
    this.ids.clear();
    this.recompute();
  }

  readonly deliver = (_msg: unknown, sample: Sample): void => {
    const { throttleMs, queueLength, fragmentSize } = this.params;
    if (throttleMs === 0) {
      this.sink.sendSample(sample, this.spelling, fragmentSize);
      return;
    }
    const now = performance.now();
    if (now - this.lastSentMs >= throttleMs && this.queue.length === 0) {
      this.lastSentMs = now;
      this.sink.sendSample(sample, this.spelling, fragmentSize);
      return;
    }
    if (queueLength === 0) return;
    this.queue.push(sample);
    if (this.queue.length > queueLength) this.queue.shift();
    this.schedule(now);
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.graphSubscription?.destroy();
  }

  private schedule(now: number): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.lastSentMs + this.params.throttleMs - now);
    this.timer = setTimeout(this.flushOne, wait);
  }

  private readonly flushOne = (): void => {
    this.timer = undefined;
    const sample = this.queue.shift();
    if (!sample) return;
    const now = performance.now();
    this.lastSentMs = now;
    this.sink.sendSample(sample, this.spelling, this.params.fragmentSize);
    this.schedule(now);
  };

  private recompute(): void {
    const all = [...this.ids.values()];
    if (all.length === 0) {
      this.queue = [];
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    const sizes = all.map((p) => p.fragmentSize).filter((s): s is number => s !== undefined);
    this.params = {
      throttleMs: Math.min(...all.map((p) => p.throttleMs)),
      queueLength: Math.max(...all.map((p) => p.queueLength)),
      fragmentSize: sizes.length ? Math.min(...sizes) : undefined,
    };
    if (this.params.throttleMs === 0 || this.params.queueLength === 0) {
      // Queued messages only wait for a throttle; without one (or without a queue) they go now or never.
      const pending = this.params.throttleMs === 0 ? this.queue : [];
      this.queue = [];
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      for (const s of pending) this.sink.sendSample(s, this.spelling, this.params.fragmentSize);
    } else {
      while (this.queue.length > this.params.queueLength) this.queue.shift();
    }
  }
}
