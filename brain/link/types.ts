// How the brain reaches robots, with no transport showing through: rosbridge today, native ROS 2 later.
import type { EventEmitter } from 'node:events';
import type {
  ActionFeedback, ActionGoal, ActionResult, BatteryState, Msg, Path, PoseStamped, RobotStatus, RosActions, RosMessages,
} from '../../robot/index.js';

export const LINK_KINDS = ['rosbridge', 'rclnodejs'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export type ActionType = keyof RosActions;
export type MessageType = keyof RosMessages;

export type GoalOutcome<A extends ActionType> =
  | { status: 'succeeded'; result: ActionResult<A> }
  /** The robot confirmed a cancel. */
  | { status: 'canceled'; result: ActionResult<A> | null; message: string }
  | { status: 'aborted'; result: ActionResult<A> | null; message: string }
  | { status: 'rejected'; message: string }
  /** The link dropped (or closed) before the robot answered; what the robot did is unknown. */
  | { status: 'lost'; message: string };

export interface GoalHandle<A extends ActionType> {
  readonly id: string;
  readonly result: Promise<GoalOutcome<A>>;
  /** Asks the robot to cancel; the outcome still arrives through `result`. */
  cancel(): void;
}

export interface SendGoalOptions<A extends ActionType> {
  onFeedback?: (feedback: ActionFeedback<A>) => void;
}

export interface RobotLinkEvents {
  /** The link came up (true) or went down (false). */
  link: [connected: boolean];
  robot_added: [robot: string];
  /** A robot stopped being advertised while the link stayed up. */
  robot_removed: [robot: string];
  pose: [robot: string, pose: PoseStamped];
  battery: [robot: string, battery: BatteryState];
  status: [robot: string, status: RobotStatus];
  /** The route the robot means to drive (Nav2's plan); empty when it has none. */
  plan: [robot: string, plan: Path];
  /** The ROS clock (`/clock`, published by a simulator), as Unix milliseconds. */
  clock: [epochMs: number];
}

export interface RobotLink extends EventEmitter<RobotLinkEvents> {
  readonly kind: LinkKind;
  /** Where the link points, for health reports (a URL or a ROS domain). */
  readonly target: string;
  readonly connected: boolean;
  /** Starts connecting (and reconnecting) in the background; never throws for an unreachable robot. */
  start(): void;
  close(): Promise<void>;
  robots(): string[];
  /**
   * Sends a goal at once when the link is up; when it is down, the outcome is `lost` right away.
   * `actionName` is the full ROS name, e.g. `robotNames(robot).navigateToPlace`.
   */
  sendGoal<A extends ActionType>(
    robot: string, actionName: string, actionType: A, goal: ActionGoal<A>, opts?: SendGoalOptions<A>,
  ): GoalHandle<A>;
  /**
   * Subscribes to one topic (the full ROS name, e.g. `robotNames(robot).camera`) for as long as the
   * caller needs it, for what the link does not follow on its own (camera frames). Messages that do
   * not match `type` are dropped and logged. Ends when the returned function is called or the link
   * drops (a reconnect does not renew it); throws when the link is down. Optional only so that test
   * doubles of the link need not have it; every real link does.
   */
  subscribe?<T extends MessageType>(topic: string, type: T, onMessage: (msg: Msg<T>) => void): () => void;
  /**
   * Publishes one message on a topic (the full ROS name, e.g. `robotNames(robot).patientSpeech` for a
   * touch answer from the patient screen), advertising the topic first when needed. Throws, naming
   * the field, when `msg` does not match `type`, and when the link is down. Optional only so that
   * test doubles of the link need not have it; every real link does.
   */
  publish?<T extends MessageType>(topic: string, type: T, msg: Msg<T>): void;
}
