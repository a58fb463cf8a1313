// What the sim view knows from the simulator's rosbridge server: /sim/state (time, scenario, faults,
// the robots as the simulator knows them), /clock, and each robot's own /pose and /battery_state as
// any client of the robot sees them. Calls the /sim/… services.
import type { RosMessages } from '../../robot/interfaces/types.generated.js';
import {
  SIM_SERVICES, SIM_STATE_TOPIC, type SimRequest, type SimResponse, type SimServiceKey, type SimStateMsg,
} from '../../sim/control/protocol.js';
import type { RosbridgeClient } from '../shared/rosbridge-client.js';
import { quaternionYaw, type Pose2D } from '../shared/pose.js';

type PoseStamped = RosMessages['geometry_msgs/msg/PoseStamped'];
type BatteryState = RosMessages['sensor_msgs/msg/BatteryState'];
type Clock = RosMessages['rosgraph_msgs/msg/Clock'];

/** What a robot's own topics said last. */
export interface RobotTopics {
  pose: (Pose2D & { level: string }) | null;
  /** 0..1, or null before the first BatteryState (NaN travels as null). */
  battery: number | null;
}

export class SimClient {
  state: SimStateMsg | null = null;
  /** Sim time from /clock, epoch milliseconds. */
  clockMs: number | null = null;
  readonly topics = new Map<string, RobotTopics>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly ros: RosbridgeClient) {}

  start(): void {
    this.ros.subscribe<SimStateMsg>(SIM_STATE_TOPIC.name, SIM_STATE_TOPIC.type, (msg) => {
      this.state = msg;
      for (const r of msg.robots) this.follow(r.name);
      this.changed();
    });
    this.ros.subscribe<Clock>('/clock', 'rosgraph_msgs/msg/Clock', (msg) => {
      this.clockMs = msg.clock.sec * 1000 + Math.floor(msg.clock.nanosec / 1e6);
      this.changed();
    }, { throttleMs: 250 });
    this.ros.start();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  /** Calls a control; a refusal (success: false) resolves too, with the simulator's reason. */
  call<K extends SimServiceKey>(key: K, request: Partial<SimRequest<K>>): Promise<SimResponse<K>> {
    const { name, type } = SIM_SERVICES[key];
    return this.ros.call<Partial<SimRequest<K>>, SimResponse<K>>(name, type, request);
  }

  private follow(robot: string): void {
    if (this.topics.has(robot)) return;
    const live: RobotTopics = { pose: null, battery: null };
    this.topics.set(robot, live);
    this.ros.subscribe<PoseStamped>(`/${robot}/pose`, 'geometry_msgs/msg/PoseStamped', (msg) => {
      const { x, y } = msg.pose.position;
      if (typeof x !== 'number' || typeof y !== 'number') return;
      live.pose = { level: msg.header.frame_id, x, y, yaw: quaternionYaw(msg.pose.orientation) };
      this.changed();
    }, { throttleMs: 50 });
    this.ros.subscribe<BatteryState>(`/${robot}/battery_state`, 'sensor_msgs/msg/BatteryState', (msg) => {
      live.battery = typeof msg.percentage === 'number' ? msg.percentage : null;
      this.changed();
    });
  }

  private changed(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
