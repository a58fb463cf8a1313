// RobotLink over rosbridge v2 with roslib. One roslib `Ros` per connection: when the socket drops,
// the old object (with whatever roslib queued on it) is thrown away and a fresh one reconnects, so
// no stale subscribe or goal frame is replayed on the new socket.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  CLOCK_TOPIC, fromRosTime, interfaces, MESSAGE_TYPES, robotNames,
  type ActionFeedback, type ActionGoal, type ActionResult, type BatteryState, type Clock, type Msg, type Path,
  type PoseStamped, type RobotStatus,
} from '../../robot/index.js';
import { backoffDelay } from './backoff.js';
import { Action, Ros, Topic, type ITransportFactory } from 'roslib';
import { robotsFromTopics } from './discovery.js';
import { parseGoalFailure } from './goal-failure.js';
import type {
  ActionType, GoalHandle, GoalOutcome, MessageType, RobotLink, RobotLinkEvents, SendGoalOptions,
} from './types.js';

export interface RosbridgeLinkOptions {
  url: string;
  logger: Logger;
  /** How often to ask rosapi which robots exist. */
  discoveryIntervalMs?: number;
  /** How long a rosapi call may take before the poll is given up (and retried next interval). */
  serviceTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** roslib's seam for a transport without a socket (tests). */
  transportFactory?: ITransportFactory;
}

interface ActiveGoal {
  robot: string;
  ros: Ros;
  settle(outcome: GoalOutcome<ActionType>): void;
}

const TOPIC_KINDS = ['pose', 'battery', 'status', 'plan'] as const;
type TopicKind = (typeof TOPIC_KINDS)[number];

export class RosbridgeLink extends EventEmitter<RobotLinkEvents> implements RobotLink {
  readonly kind = 'rosbridge' as const;
  readonly target: string;
  private readonly log: Logger;
  private readonly opts: Required<Omit<RosbridgeLinkOptions, 'transportFactory' | 'logger' | 'url'>>;
  private readonly transportFactory: ITransportFactory | undefined;
  private ros: Ros | null = null;
  private up = false;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private discoveryTimer: NodeJS.Timeout | null = null;
  private discoveryInFlight = false;
  private readonly subscriptions = new Map<string, Topic<unknown>[]>();
  /** Topics this link publishes on, advertised once per connection (a reconnect advertises afresh). */
  private readonly publishers = new Map<string, Topic<unknown>>();
  private readonly goals = new Map<string, ActiveGoal>();
  private readonly dropped = new Map<string, number>();

  constructor(opts: RosbridgeLinkOptions) {
    super();
    this.target = opts.url;
    this.log = opts.logger.child({ link: 'rosbridge', url: opts.url });
    this.transportFactory = opts.transportFactory;
    this.opts = {
      discoveryIntervalMs: opts.discoveryIntervalMs ?? 2_000,
      serviceTimeoutMs: opts.serviceTimeoutMs ?? 5_000,
      reconnectBaseMs: opts.reconnectBaseMs ?? 250,
      reconnectMaxMs: opts.reconnectMaxMs ?? 5_000,
    };
  }

  get connected(): boolean {
    return this.up;
  }

  robots(): string[] {
    return [...this.subscriptions.keys()].sort();
  }

  start(): void {
    if (this.closed || this.ros) return;
    this.connect();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const ros = this.ros;
    const wasUp = this.up;
    this.teardown('the brain closed its robot link');
    if (ros && wasUp) {
      // Wait for the close handshake so no socket outlives the brain.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        ros.once('close', () => { clearTimeout(timer); resolve(); });
        ros.close();
      });
    } else {
      ros?.close();
    }
    ros?.removeAllListeners();
  }

  sendGoal<A extends ActionType>(
    robot: string, actionName: string, actionType: A, goal: ActionGoal<A>, opts: SendGoalOptions<A> = {},
  ): GoalHandle<A> {
    const ros = this.ros;
    if (!ros || !this.up) {
      const message = `robot link to ${this.target} is down`;
      return { id: `unsent:${randomUUID()}`, result: Promise.resolve({ status: 'lost', message }), cancel: () => undefined };
    }
    const action = new Action<ActionGoal<A>, ActionFeedback<A>, ActionResult<A>>({ ros, name: actionName, actionType });
    let id = '';
    let finished = false;
    let settle!: (outcome: GoalOutcome<A>) => void;
    const result = new Promise<GoalOutcome<A>>((resolve) => {
      settle = (outcome) => {
        if (finished) return;
        finished = true;
        this.goals.delete(id);
        // roslib leaves its per-goal listener on the Ros object; drop it or every goal leaks one.
        ros.removeAllListeners(id);
        resolve(outcome);
      };
    });
    const resultType = `${actionType}_Result`;
    const feedbackType = `${actionType}_Feedback`;
    const onResult = (values: ActionResult<A>) => {
      const check = interfaces().validate(resultType, values, { wire: true });
      if (!check.ok) {
        this.log.warn({ robot, action: actionName, errors: check.errors }, 'robot sent a malformed action result');
        settle({ status: 'aborted', result: null, message: `malformed result: ${check.errors.join('; ')}` });
        return;
      }
      settle({ status: 'succeeded', result: values });
    };
    const onFeedback = (feedback: ActionFeedback<A>) => {
      if (finished) return;
      if (!this.accept(`${actionName} feedback`, feedbackType, feedback)) return;
      opts.onFeedback?.(feedback);
    };
    const onFailed = (text: string) => {
      const failure = parseGoalFailure(text);
      const valid = failure.result !== null && interfaces().validate(resultType, failure.result, { wire: true }).ok;
      const res = valid ? (failure.result as ActionResult<A>) : null;
      if (failure.status === 'rejected') settle({ status: 'rejected', message: failure.message });
      else settle({ status: failure.status, result: res, message: failure.message });
    };
    id = action.sendGoal(goal, onResult, onFeedback, onFailed) ?? '';
    this.goals.set(id, { robot, ros, settle: settle as ActiveGoal['settle'] });
    return {
      id,
      result,
      cancel: () => {
        // After a drop the goal already ended `lost`; a cancel queued on a dead Ros would never leave.
        if (!finished && this.ros === ros && this.up) action.cancelGoal(id);
      },
    };
  }

  subscribe<T extends MessageType>(topicName: string, type: T, onMessage: (msg: Msg<T>) => void): () => void {
    const ros = this.ros;
    if (!ros || !this.up) throw new Error(`robot link to ${this.target} is down`);
    // reconnect_on_close off: after a drop the subscription is over, as the interface promises.
    const topic = new Topic<unknown>({ ros, name: topicName, messageType: type, reconnect_on_close: false });
    let active = true;
    const listener = (msg: unknown) => {
      if (!active || this.ros !== ros || !this.accept(topicName, type, msg)) return;
      onMessage(msg as Msg<T>);
    };
    topic.subscribe(listener);
    return () => {
      if (!active) return;
      active = false;
      // A dead Ros would only queue the unsubscribe frame forever; its socket is gone anyway.
      if (this.ros === ros && this.up) topic.unsubscribe(listener);
      else topic.removeAllListeners();
    };
  }

  publish<T extends MessageType>(topicName: string, type: T, msg: Msg<T>): void {
    // The complete message, not the wire's leniency: what the brain sends, it sends whole.
    const check = interfaces().validate(type, msg);
    if (!check.ok) throw new Error(`cannot publish on ${topicName}: not a ${type}: ${check.errors.join('; ')}`);
    const ros = this.ros;
    if (!ros || !this.up) throw new Error(`robot link to ${this.target} is down`);
    let topic = this.publishers.get(topicName);
    if (topic && topic.messageType !== type) throw new Error(`cannot publish on ${topicName}: it is advertised as ${topic.messageType}, not ${type}`);
    if (!topic) {
      // reconnect_on_close off: after a drop the next publish advertises on the new connection.
      topic = new Topic<unknown>({ ros, name: topicName, messageType: type, reconnect_on_close: false });
      topic.advertise();
      this.publishers.set(topicName, topic);
    }
    topic.publish(msg);
  }

  private connect(): void {
    const ros = new Ros(this.transportFactory ? { transportFactory: this.transportFactory } : {});
    this.ros = ros;
    ros.on('connection', () => {
      if (this.ros !== ros) return;
      this.attempt = 0;
      this.up = true;
      this.log.info('robot link up');
      this.emit('link', true);
      this.subscribeClock(ros);
      this.discover();
      this.discoveryTimer = setInterval(() => this.discover(), this.opts.discoveryIntervalMs);
      this.discoveryTimer.unref();
    });
    ros.on('close', () => {
      if (this.ros !== ros || this.closed) return;
      this.lose(ros);
    });
    ros.on('error', (err: unknown) => {
      this.log.debug({ err: describeError(err) }, 'robot link socket error');
    });
    ros.connect(this.target).catch((err: unknown) => {
      this.log.warn({ err: describeError(err) }, 'cannot open robot link');
      if (this.ros === ros && !this.closed) this.lose(ros);
    });
  }

  /** The socket is gone: goals end `lost`, robots disappear, and a fresh connection is scheduled. */
  private lose(ros: Ros): void {
    const wasUp = this.up;
    this.teardown(`robot link to ${this.target} dropped`);
    ros.removeAllListeners();
    if (wasUp) this.log.warn('robot link down');
    const delay = backoffDelay(this.attempt++, this.opts.reconnectBaseMs, this.opts.reconnectMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed) this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private teardown(reason: string): void {
    const wasUp = this.up;
    this.up = false;
    this.ros = null;
    if (this.discoveryTimer) clearInterval(this.discoveryTimer);
    this.discoveryTimer = null;
    this.discoveryInFlight = false;
    for (const goal of [...this.goals.values()]) goal.settle({ status: 'lost', message: reason });
    this.goals.clear();
    const robots = this.robots();
    this.subscriptions.clear();
    this.publishers.clear();
    if (wasUp) {
      this.emit('link', false);
      for (const r of robots) this.emit('robot_removed', r);
    }
  }

  private discover(): void {
    const ros = this.ros;
    if (!ros || !this.up || this.discoveryInFlight) return;
    this.discoveryInFlight = true;
    const timer = setTimeout(() => {
      if (this.ros !== ros) return;
      this.discoveryInFlight = false;
      this.log.warn({ timeoutMs: this.opts.serviceTimeoutMs }, 'rosapi/topics did not answer; retrying at the next poll');
    }, this.opts.serviceTimeoutMs);
    timer.unref();
    ros.getTopics((answer) => {
      clearTimeout(timer);
      if (this.ros !== ros) return;
      this.discoveryInFlight = false;
      this.applyDiscovery(ros, robotsFromTopics(answer.topics ?? [], answer.types ?? []));
    }, (err) => {
      clearTimeout(timer);
      if (this.ros !== ros) return;
      this.discoveryInFlight = false;
      this.log.warn({ err }, 'rosapi/topics failed');
    });
  }

  private applyDiscovery(ros: Ros, found: string[]): void {
    for (const robot of found) {
      if (this.subscriptions.has(robot)) continue;
      this.subscriptions.set(robot, this.subscribeRobot(ros, robot));
      this.log.info({ robot }, 'robot discovered');
      this.emit('robot_added', robot);
    }
    for (const robot of this.robots()) {
      if (found.includes(robot)) continue;
      for (const topic of this.subscriptions.get(robot) ?? []) topic.unsubscribe();
      this.subscriptions.delete(robot);
      this.log.warn({ robot }, 'robot no longer advertised');
      this.emit('robot_removed', robot);
    }
  }

  private subscribeRobot(ros: Ros, robot: string): Topic<unknown>[] {
    const names = robotNames(robot);
    const specs: Record<TopicKind, { name: string; type: string }> = {
      pose: { name: names.pose, type: MESSAGE_TYPES.pose },
      battery: { name: names.battery, type: MESSAGE_TYPES.battery },
      status: { name: names.status, type: MESSAGE_TYPES.status },
      plan: { name: names.plan, type: MESSAGE_TYPES.plan },
    };
    return TOPIC_KINDS.map((kind) => {
      const { name, type } = specs[kind];
      // reconnect_on_close off: a reconnect builds a new Ros and subscribes afresh after discovery.
      const topic = new Topic<unknown>({ ros, name, messageType: type, reconnect_on_close: false });
      topic.subscribe((msg) => {
        if (this.ros !== ros || !this.accept(name, type, msg)) return;
        if (kind === 'pose') this.emit('pose', robot, msg as PoseStamped);
        else if (kind === 'battery') this.emit('battery', robot, msg as BatteryState);
        else if (kind === 'status') this.emit('status', robot, msg as RobotStatus);
        else this.emit('plan', robot, msg as Path);
      });
      return topic;
    });
  }

  /** A simulator publishes /clock; a brain running on sim time follows it (see brain/sim-clock.ts). */
  private subscribeClock(ros: Ros): void {
    const topic = new Topic<unknown>({ ros, name: CLOCK_TOPIC, messageType: MESSAGE_TYPES.clock, reconnect_on_close: false, throttle_rate: 0 });
    topic.subscribe((msg) => {
      if (this.ros !== ros || !this.accept(CLOCK_TOPIC, MESSAGE_TYPES.clock, msg)) return;
      this.emit('clock', Math.round(fromRosTime((msg as Clock).clock) * 1000));
    });
  }

  /** Validates an incoming message; a bad one is dropped and logged (sparingly: 1st, 10th, 100th …). */
  private accept(source: string, type: string, msg: unknown): boolean {
    const check = interfaces().validate(type, msg, { wire: true });
    if (check.ok) return true;
    const n = (this.dropped.get(source) ?? 0) + 1;
    this.dropped.set(source, n);
    if (Number.isInteger(Math.log10(n))) {
      this.log.warn({ source, type, errors: check.errors, droppedSoFar: n }, 'dropped a message that does not match its type');
    }
    return false;
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}
