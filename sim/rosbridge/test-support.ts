// Helpers for the rosbridge tests: a raw WebSocket client that reads frames one by one, a logger
// whose lines a test can inspect, and a small in-process action server with scripted behaviour.
import { WebSocket } from 'ws';
import { Ros, type Action } from 'roslib';
import { until } from '../../test/until.js';
import { pino, type Logger } from 'pino';
import type { GoalHandle } from './action.js';
import { RosGraph, type RosGraphOptions } from './graph.js';
import type { RosNode } from './node.js';
import { RosbridgeServer } from './server.js';

export type Json = Record<string, unknown>;

export class RawClient {
  private readonly frames: Json[] = [];
  private waiters: { pred: (f: Json) => boolean; resolve: (f: Json) => void }[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const frame = JSON.parse(isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()) as Json;
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(frame);
      else this.frames.push(frame);
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RawClient(ws);
  }

  send(frame: Json | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (received or to come) that matches, in arrival order. */
  next(pred: (f: Json) => boolean = () => true, timeoutMs = 3000): Promise<Json> {
    const i = this.frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (f: Json) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeoutMs} ms; unmatched: ${JSON.stringify(this.frames).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Frames received so far that match, consumed. */
  take(pred: (f: Json) => boolean): Json[] {
    const taken = this.frames.filter(pred);
    for (const f of taken) this.frames.splice(this.frames.indexOf(f), 1);
    return taken;
  }

  /** Round trip through the server: every frame sent before this one has been handled after it. */
  async sync(): Promise<void> {
    const id = `sync:${Math.random()}`;
    this.send({ op: 'call_service', id, service: '/rosapi/get_time' });
    await this.next((f) => f.id === id);
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

export const byOp = (op: string, extra: Json = {}) => (f: Json) =>
  f.op === op && Object.entries(extra).every(([k, v]) => f[k] === v);

export interface CapturedLog { logger: Logger; lines: Json[]; has(pred: (line: Json) => boolean): boolean }

export function captureLog(): CapturedLog {
  const lines: Json[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Json) });
  return { logger, lines, has: (pred) => lines.some(pred) };
}

export interface TestServer { log: CapturedLog; graph: RosGraph; server: RosbridgeServer; client: RawClient }

/** A fresh graph (its log captured), a server on a free port and one raw client; `prepare` runs before the server starts. */
export async function startTestServer(opts: { clock?: RosGraphOptions['clock']; prepare?: (graph: RosGraph) => void } = {}): Promise<TestServer> {
  const log = captureLog();
  const graph = new RosGraph({ logger: log.logger, ...(opts.clock ? { clock: opts.clock } : {}) });
  opts.prepare?.(graph);
  const server = await RosbridgeServer.start({ graph, port: 0, logger: log.logger });
  const client = await RawClient.connect(server.url);
  return { log, graph, server, client };
}

export async function stopTestServer(t: { client: RawClient; server: RosbridgeServer }): Promise<void> {
  await t.client.close();
  await t.server.close();
}

export const waitFor = async (cond: () => boolean, timeoutMs = 3000): Promise<void> => {
  await until('a condition', cond, timeoutMs, 5);
};

/**
 * An action server on ward_interfaces/action/NavigateToPlace whose place_name scripts the goal:
 * "succeed" (two feedbacks, then success), "abort", "reject", "hold" (runs until canceled).
 */
export function startScriptedActionServer(graph: RosGraph, action = '/test/navigate_to_place'): { node: RosNode; held: GoalHandle[] } {
  const node = graph.createNode('/test/scripted_server');
  const held: GoalHandle[] = [];
  node.createActionServer(action, 'ward_interfaces/action/NavigateToPlace', (goal, handle) => {
    switch (goal.place_name) {
      case 'reject':
        handle.reject('scripted rejection');
        return;
      case 'abort':
        setTimeout(() => handle.abort({ success: false, error_code: 3, message: 'blocked' }), 5);
        return;
      case 'hold':
        held.push(handle);
        handle.onCancel(() => setTimeout(() => handle.canceled({ success: false, error_code: 4, message: 'canceled' }), 5));
        return;
      default:
        setTimeout(() => {
          handle.publishFeedback({ distance_remaining: 2 });
          handle.publishFeedback({ distance_remaining: 1 });
          handle.succeed({ success: true, message: `reached ${String(goal.place_name)}` });
        }, 5);
    }
  });
  return { node, held };
}

/** A roslib client connected to `url` (what a brain does). */
export async function connectRoslib(url: string): Promise<Ros> {
  const ros = new Ros({ url });
  await new Promise((resolve, reject) => {
    ros.on('connection', resolve);
    ros.on('error', reject);
  });
  return ros;
}

export type GoalRun = { outcome: 'succeeded'; result: Record<string, unknown>; feedback: Record<string, unknown>[] }
  | { outcome: 'failed'; error: string; feedback: Record<string, unknown>[] };

/** Sends a goal with roslib; `onFeedback` may cancel it. Resolves with what roslib reported. */
export function runGoal(ros: Ros, action: Action, goal: unknown, onFeedback?: (id: string, n: number) => void): Promise<GoalRun> {
  return new Promise((resolve) => {
    const feedback: Record<string, unknown>[] = [];
    let id = '';
    const done = (run: GoalRun) => {
      // roslib leaves one listener per goal id behind.
      ros.removeAllListeners(id);
      resolve(run);
    };
    id = action.sendGoal(
      goal,
      (result) => done({ outcome: 'succeeded', result: result as Record<string, unknown>, feedback }),
      (fb) => {
        feedback.push(fb as Record<string, unknown>);
        onFeedback?.(id, feedback.length);
      },
      (error) => done({ outcome: 'failed', error, feedback }),
    ) ?? '';
  });
}
