// A rosbridge connection for browser apps (roslib over the browser's WebSocket): it reconnects by
// itself, keeps its subscriptions across reconnects, and turns service calls into promises that
// always settle (refused, failed, link down or timed out).
import { Ros, Service, Topic } from 'roslib';

export type LinkState = 'connecting' | 'up' | 'down';

interface Subscription {
  name: string;
  type: string;
  throttleMs: number;
  onMessage: (msg: unknown) => void;
  topic: Topic<unknown> | null;
}

/** Retry delays after a failed or dropped connection, then the last one over and over. */
const RETRY_MS = [500, 1000, 2000, 4000];
const CALL_TIMEOUT_MS = 10_000;

export class RosbridgeClient {
  private ros: Ros | null = null;
  private current: LinkState = 'connecting';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();
  private readonly listeners = new Set<(state: LinkState) => void>();

  constructor(readonly url: string) {}

  get state(): LinkState { return this.current; }

  start(): void {
    if (!this.ros && !this.closed) this.connect();
  }

  onState(fn: (state: LinkState) => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  /** Follows a topic for as long as the returned function is not called, across reconnects. */
  subscribe<T>(name: string, type: string, onMessage: (msg: T) => void, opts: { throttleMs?: number } = {}): () => void {
    const sub: Subscription = { name, type, throttleMs: opts.throttleMs ?? 0, onMessage: onMessage as (msg: unknown) => void, topic: null };
    this.subscriptions.add(sub);
    if (this.ros && this.current === 'up') this.attach(this.ros, sub);
    return () => {
      this.subscriptions.delete(sub);
      sub.topic?.unsubscribe();
      sub.topic = null;
    };
  }

  /** Calls a service; rejects with the server's reason, or when the link is down or nothing answers in time. */
  call<Req, Res>(name: string, type: string, request: Req, timeoutMs = CALL_TIMEOUT_MS): Promise<Res> {
    const ros = this.ros;
    if (!ros || this.current !== 'up') return Promise.reject(new Error(`not connected to ${this.url}`));
    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
      new Service<Req, Res>({ ros, name, serviceType: type }).callService(
        request,
        (response) => { clearTimeout(timer); resolve(response); },
        (error) => { clearTimeout(timer); reject(new Error(error)); },
      );
    });
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ros?.close();
    this.ros = null;
  }

  private connect(): void {
    const ros = new Ros({});
    this.ros = ros;
    this.setState(this.attempt === 0 ? 'connecting' : 'down');
    ros.on('connection', () => {
      if (this.ros !== ros) return;
      this.attempt = 0;
      for (const sub of this.subscriptions) this.attach(ros, sub);
      this.setState('up');
    });
    ros.on('close', () => this.lost(ros));
    ros.on('error', () => this.lost(ros));
    ros.connect(this.url).catch(() => this.lost(ros));
  }

  private lost(ros: Ros): void {
    if (this.ros !== ros || this.closed) return;
    this.ros = null;
    for (const sub of this.subscriptions) sub.topic = null;
    ros.removeAllListeners();
    ros.close();
    this.setState('down');
    const delay = RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]!;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) this.connect();
    }, delay);
  }

  private attach(ros: Ros, sub: Subscription): void {
    const topic = new Topic<unknown>({
      ros, name: sub.name, messageType: sub.type, throttle_rate: sub.throttleMs, queue_length: 1, reconnect_on_close: false,
    });
    topic.subscribe((msg) => { if (this.ros === ros && sub.topic === topic) sub.onMessage(msg); });
    sub.topic = topic;
  }

  private setState(state: LinkState): void {
    if (state === this.current) return;
    this.current = state;
    for (const fn of [...this.listeners]) fn(state);
  }
}

export type RosbridgeUrl =
  | { ok: true; url: string; source: 'page' | 'brain' | 'default' }
  | { ok: false; given: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Where a browser app finds a rosbridge server: `?rosbridge=ws://…` in the page's address; else the
 * brain's own link (GET /api/health `link.url`), seen from the browser's side (a loopback host means
 * the brain's machine, which is the page's host); else ws://<page host>:9090, npm start's default.
 */
export function resolveRosbridgeUrl(page: { search: string; hostname: string }, brainLink?: { kind: string; url: string } | null): RosbridgeUrl {
  const given = new URLSearchParams(page.search).get('rosbridge');
  if (given !== null) return /^wss?:\/\/[^\s/]+/.test(given) ? { ok: true, url: given, source: 'page' } : { ok: false, given };
  const host = page.hostname.includes(':') ? `[${page.hostname}]` : page.hostname || '127.0.0.1';
  if (brainLink?.kind === 'rosbridge') {
    try {
      const url = new URL(brainLink.url);
      if ((url.protocol === 'ws:' || url.protocol === 'wss:') && url.port) {
        if (LOOPBACK.has(url.hostname)) url.hostname = host;
        return { ok: true, url: url.toString().replace(/\/$/, ''), source: 'brain' };
      }
    } catch { /* fall through to the default */ }
  }
  return { ok: true, url: `ws://${host}:9090`, source: 'default' };
}
