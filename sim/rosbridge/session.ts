// One WebSocket client of the rosbridge server: decodes frames, dispatches ops, sends replies, and
// undoes everything the client set up when it goes away. A bad frame is logged and dropped; it
// never closes the socket and never stops the next frame from being served.
import { WebSocket, type RawData } from 'ws';
import type { Logger } from 'pino';
import { ActionBridge } from './bridge-actions.js';
import { ServiceBridge } from './bridge-services.js';
import { TopicBridge } from './bridge-topics.js';
import type { SubscriptionSink } from './client-subscription.js';
import { FrameError, preview, type Frame } from './frame.js';
import { Reassembler } from './fragments.js';
import type { RosGraph } from './graph.js';
import { LinkCuts } from './link-cuts.js';
import { isRecord } from './messages.js';
import { GraphError } from './names.js';
import type { RosNode } from './node.js';
import type { OpHandler, Outbox } from './outbox.js';
import type { Sample } from './topic.js';

export interface SessionOptions {
  graph: RosGraph;
  log: Logger;
  nodeName: string;
  /** Topic messages to a client whose socket holds more than this many unsent bytes are dropped. */
  highWaterBytes: number;
  /** Names cut off from clients; none by default. */
  cuts?: LinkCuts;
  /** Sees every decoded incoming frame before it is handled (diagnostics, benchmarks). */
  observe?: (frame: Readonly<Frame>) => void;
}

const TEXT = { binary: false } as const;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export class Session implements Outbox, SubscriptionSink {
  readonly graph: RosGraph;
  readonly log: Logger;
  readonly node: RosNode;
  readonly cuts: LinkCuts;
  private isClosed = false;
  private readonly topics: TopicBridge;
  private readonly services: ServiceBridge;
  private readonly actions: ActionBridge;
  private readonly ops: Record<string, OpHandler>;
  private readonly reassembler = new Reassembler();
  private readonly highWaterBytes: number;
  private fragmentCounter = 0;
  private readonly observe: ((frame: Readonly<Frame>) => void) | undefined;
  /** Topic messages dropped because the client did not keep up. */
  droppedMessages = 0;

  constructor(private readonly ws: WebSocket, opts: SessionOptions) {
    this.graph = opts.graph;
    this.log = opts.log;
    this.highWaterBytes = opts.highWaterBytes;
    this.observe = opts.observe;
    this.cuts = opts.cuts ?? new LinkCuts();
    this.node = opts.graph.createNode(opts.nodeName);
    this.topics = new TopicBridge(this, this);
    this.services = new ServiceBridge(this);
    this.actions = new ActionBridge(this);
    this.ops = { ...this.topics.ops, ...this.services.ops, ...this.actions.ops };
  }

  get closed(): boolean { return this.isClosed; }

  receive(data: RawData, isBinary: boolean): void {
    if (this.isClosed) return;
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    let text: string;
    if (isBinary) {
      // rosbridge's default (non-BSON) mode reads frames as JSON text; a binary frame holding UTF-8
      // JSON is served, anything else is dropped.
      try { text = utf8.decode(bytes); } catch {
        this.log.warn({ bytes: bytes.length }, 'binary frame is not UTF-8 JSON; dropped');
        return;
      }
    } else {
      text = bytes.toString('utf8');
    }
    this.receiveText(text);
  }

  private receiveText(text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      this.log.warn({ frame: preview(text), error: (err as Error).message }, 'frame is not JSON; dropped');
      return;
    }
    if (!isRecord(parsed)) {
      this.log.warn({ frame: preview(text) }, 'frame is not a JSON object; dropped');
      return;
    }
    if (typeof parsed.op !== 'string') {
      this.log.warn({ field: 'op', frame: preview(text) }, 'frame has no "op" string; dropped');
      return;
    }
    this.dispatch(parsed as Frame, text);
  }

  private dispatch(frame: Frame, text: string): void {
    try {
      if (frame.op === 'fragment') {
        const whole = this.reassembler.add(frame);
        if (whole !== undefined) this.receiveText(whole);
        return;
      }
      this.observe?.(frame);
      const handler = Object.hasOwn(this.ops, frame.op) ? this.ops[frame.op] : undefined;
      if (!handler) {
        this.log.warn({ field: 'op', op: frame.op, frame: preview(text) }, `unsupported op "${frame.op}"; dropped`);
        return;
      }
      handler(frame);
    } catch (err) {
      if (err instanceof FrameError) {
        this.log.warn({ op: frame.op, field: err.field, frame: preview(text) }, err.message);
      } else if (err instanceof GraphError) {
        this.log.warn({ op: frame.op, frame: preview(text) }, `${frame.op} dropped: ${err.message}`);
      } else {
        this.log.error({ err, op: frame.op, frame: preview(text) }, `${frame.op} failed`);
      }
    }
  }

  send(frame: object, fragmentSize?: number): void {
    if (this.isClosed || this.ws.readyState !== WebSocket.OPEN) return;
    const text = JSON.stringify(frame);
    if (fragmentSize !== undefined && text.length > fragmentSize) this.sendFragments(text, fragmentSize);
    else this.ws.send(text);
  }

  sendSample(sample: Sample, spelling: string, fragmentSize: number | undefined): void {
    if (this.isClosed || this.ws.readyState !== WebSocket.OPEN || this.cuts.isCut(sample.topic)) return;
    if (this.ws.bufferedAmount > this.highWaterBytes) {
      // Like a keep-last QoS queue: a client that cannot keep up loses topic messages, never replies.
      if (this.droppedMessages++ % 1000 === 0) {
        this.log.warn({ topic: sample.topic, dropped: this.droppedMessages }, 'client is not keeping up; dropping topic messages');
      }
      return;
    }
    const frame = sample.publishFrame(spelling);
    if (fragmentSize !== undefined && frame.length > fragmentSize) this.sendFragments(frame.toString('utf8'), fragmentSize);
    else this.ws.send(frame, TEXT);
  }

  private sendFragments(text: string, size: number): void {
    const step = Math.max(1, Math.floor(size));
    const total = Math.ceil(text.length / step);
    const id = `fragment:${++this.fragmentCounter}`;
    for (let num = 0; num < total; num++) {
      this.ws.send(JSON.stringify({ op: 'fragment', id, data: text.slice(num * step, (num + 1) * step), num, total }));
    }
  }

  /** Undoes what the client set up: its goals are canceled, its servers' goals aborted. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.actions.close();
    this.services.close();
    this.topics.close();
    this.node.destroy();
  }
}
