// The rosbridge v2 WebSocket server (as rosbridge_server's rosbridge_websocket on ROS 2) over an
// in-process ROS graph. It starts the rosapi node on the graph unless one is already there.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { pino, type Logger } from 'pino';
import { RosGraph } from './graph.js';
import type { RosNode } from './node.js';
import { LinkCuts } from './link-cuts.js';
import { startRosapi } from './rosapi.js';
import { Session } from './session.js';
import type { Frame } from './frame.js';

export interface RosbridgeOptions {
  /** The graph to serve; a new one (wall clock) by default. */
  graph?: RosGraph;
  host?: string;
  /** 9090 as rosbridge_websocket; 0 lets the OS pick a free port. */
  port?: number;
  logger?: Logger;
  /** Largest incoming frame; a bigger one closes that socket (WebSocket close 1009). */
  maxPayloadBytes?: number;
  /** Unsent bytes per client above which topic messages to it are dropped. */
  highWaterBytes?: number;
}

const NODE_NAME = '/rosbridge_websocket';

export class RosbridgeServer {
  private readonly sessions = new Map<WebSocket, Session>();
  private nextClient = 0;
  private readonly frameObservers = new Set<(frame: Readonly<Frame>, client: number) => void>();
  private closing: Promise<void> | undefined;

  private constructor(
    readonly graph: RosGraph,
    readonly host: string,
    readonly port: number,
    private readonly wss: WebSocketServer,
    private readonly log: Logger,
    private readonly ownNodes: RosNode[],
    private readonly highWaterBytes: number,
    /** Namespaces (robots) cut off from every client, as when a robot's network link drops. */
    readonly linkCuts: LinkCuts,
  ) {
    wss.on('connection', (ws, req) => this.accept(ws, req.socket.remoteAddress ?? ''));
    wss.on('error', (err) => this.log.error({ err }, 'rosbridge server error'));
  }

  static async start(opts: RosbridgeOptions = {}): Promise<RosbridgeServer> {
    const log = opts.logger ?? pino({ name: 'rosbridge', level: 'info' });
    const graph = opts.graph ?? new RosGraph({ logger: log });
    const host = opts.host ?? '127.0.0.1';
    const wss = new WebSocketServer({
      host,
      port: opts.port ?? 9090,
      maxPayload: opts.maxPayloadBytes ?? 100 * 1024 * 1024,
      // A text frame with broken UTF-8 would make ws close the socket; instead it reaches the
      // JSON parser, fails there and is logged like any other bad frame.
      skipUTF8Validation: true,
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    const port = (wss.address() as AddressInfo).port;
    const ownNodes = [graph.createNode(NODE_NAME)];
    const linkCuts = new LinkCuts();
    if (!graph.nodeNames().includes('/rosapi')) ownNodes.push(startRosapi(graph, { visible: (name) => !linkCuts.isCut(name) }));
    log.info({ url: `ws://${host}:${port}` }, 'rosbridge server listening');
    return new RosbridgeServer(graph, host, port, wss, log, ownNodes, opts.highWaterBytes ?? 16 * 1024 * 1024, linkCuts);
  }

  /** Calls `fn` with every decoded frame a client sends, before it is handled; returns the undo. */
  observeFrames(fn: (frame: Readonly<Frame>, client: number) => void): () => void {
    this.frameObservers.add(fn);
    return () => { this.frameObservers.delete(fn); };
  }

  get url(): string {
    return `ws://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get clientCount(): number { return this.sessions.size; }

  private accept(ws: WebSocket, address: string): void {
    const client = ++this.nextClient;
    const log = this.log.child({ client });
    const session = new Session(ws, {
      graph: this.graph, log, nodeName: NODE_NAME, highWaterBytes: this.highWaterBytes, cuts: this.linkCuts,
      observe: (frame) => { for (const fn of this.frameObservers) fn(frame, client); },
    });
    this.sessions.set(ws, session);
    log.info({ address }, 'client connected');
    ws.on('message', (data, isBinary) => session.receive(data, isBinary));
    ws.on('error', (err) => log.warn({ err }, 'client socket error'));
    ws.on('close', (code) => {
      this.sessions.delete(ws);
      session.close();
      log.info({ code }, 'client disconnected');
    });
  }

  /** Cuts every client off at once, as when the network link dies (no close handshake). */
  dropClients(): number {
    const n = this.sessions.size;
    for (const [ws, session] of this.sessions) {
      this.sessions.delete(ws);
      session.close();
      ws.terminate();
    }
    return n;
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.dropClients();
      for (const node of this.ownNodes) node.destroy();
      this.wss.close(() => resolve());
    });
    return this.closing;
  }
}

export const startRosbridge = (opts?: RosbridgeOptions): Promise<RosbridgeServer> => RosbridgeServer.start(opts);
