// What the brain knows about each robot, kept from the link's messages plus the task each robot
// was given. Emits `changed` with the robot's new state whenever anything about it changes.
import { EventEmitter } from 'node:events';
import {
  quaternionToYaw, RosConstants,
  type BatteryState, type Path, type PoseStamped, type RobotStatus,
} from '../../robot/index.js';
import type { RobotLink } from '../link/types.js';
import { statusWord, type RobotState } from './robot-state.js';

const CHARGING = RosConstants['sensor_msgs/msg/BatteryState'].POWER_SUPPLY_STATUS_CHARGING;

interface Entry {
  state: RobotState;
  advertised: boolean;
  mode: number | null;
}

export interface FleetOptions {
  /** A robot silent for this long counts as offline. */
  staleMs?: number;
  now?: () => number;
}

export interface FleetEvents {
  changed: [state: RobotState];
}

export class Fleet extends EventEmitter<FleetEvents> {
  private readonly entries = new Map<string, Entry>();
  private readonly staleMs: number;
  private readonly now: () => number;
  private staleTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly link: RobotLink, opts: FleetOptions = {}) {
    super();
    this.staleMs = opts.staleMs ?? 5_000;
    this.now = opts.now ?? Date.now;
  }

  start(): void {
    const on = <K extends 'robot_added' | 'robot_removed' | 'pose' | 'battery' | 'status' | 'plan' | 'link'>(
      event: K, fn: (...args: never[]) => void,
    ) => {
      this.link.on(event, fn as never);
      this.unsubscribe.push(() => this.link.off(event, fn as never));
    };
    on('robot_added', (robot: string) => this.update(robot, (e) => { e.advertised = true; }));
    on('robot_removed', (robot: string) => this.update(robot, (e) => { e.advertised = false; }));
    on('pose', (robot: string, msg: PoseStamped) => this.onPose(robot, msg));
    on('battery', (robot: string, msg: BatteryState) => this.onBattery(robot, msg));
    on('status', (robot: string, msg: RobotStatus) => this.onStatus(robot, msg));
    on('plan', (robot: string, msg: Path) => this.onPlan(robot, msg));
    for (const robot of this.link.robots()) this.update(robot, (e) => { e.advertised = true; });
    this.staleTimer = setInterval(() => this.checkStale(), Math.min(1_000, this.staleMs));
    this.staleTimer.unref();
  }

  stop(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.staleTimer = null;
  }

  private readonly assigned = new Map<string, number>();

  list(): RobotState[] {
    return [...this.entries.values()].map((e) => structuredClone(e.state)).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): RobotState | undefined {
    const e = this.entries.get(name);
    return e ? structuredClone(e.state) : undefined;
  }

  counts(): { total: number; online: number } {
    const all = [...this.entries.values()];
    return { total: all.length, online: all.filter((e) => e.state.status !== 'offline').length };
  }

  /** Marks a robot busy with a task, so the allocator passes it over even before it starts moving. */
  assign(robot: string, taskId: string): void {
    if (this.entries.get(robot)?.state.task_id !== taskId) this.assigned.set(robot, (this.assigned.get(robot) ?? 0) + 1);
    this.update(robot, (e) => { e.state.task_id = taskId; });
  }

  /** Tasks given to the robot since the brain started: its load, which the allocator spreads. */
  assignedCount(robot: string): number {
    return this.assigned.get(robot) ?? 0;
  }

  release(robot: string, taskId: string): void {
    const e = this.entries.get(robot);
    if (!e || e.state.task_id !== taskId) return;
    this.update(robot, (en) => { en.state.task_id = null; });
  }

  /** The robot's own plan is its path; only the part on the level it is on is drawn with it. */
  private onPlan(robot: string, msg: Path): void {
    const level = msg.header.frame_id;
    const path: { x: number; y: number }[] = [];
    for (const p of msg.poses) {
      if ((p.header.frame_id || level) !== level) break;
      const { x, y } = p.pose.position;
      if (isNum(x) && isNum(y)) path.push({ x, y });
    }
    this.update(robot, (e) => { e.state.path = path; });
  }

  private onPose(robot: string, msg: PoseStamped): void {
    const { position, orientation } = msg.pose;
    // NaN travels as null on rosbridge: a pose without numbers says nothing about where the robot is.
    if (!isNum(position.x) || !isNum(position.y)) return this.seen(robot);
    const yaw = [orientation.x, orientation.y, orientation.z, orientation.w].every(isNum) ? quaternionToYaw(orientation) : 0;
    this.update(robot, (e) => {
      e.state.pose = { x: position.x, y: position.y, yaw };
      if (msg.header.frame_id) e.state.level = msg.header.frame_id;
      e.state.last_seen_ms = this.now();
    });
  }

  private onBattery(robot: string, msg: BatteryState): void {
    this.update(robot, (e) => {
      if (isNum(msg.percentage)) e.state.battery.percentage = Math.round(Math.min(1, Math.max(0, msg.percentage)) * 1000) / 10;
      e.state.battery.charging = msg.power_supply_status === CHARGING;
      e.state.last_seen_ms = this.now();
    });
  }

  private onStatus(robot: string, msg: RobotStatus): void {
    this.update(robot, (e) => {
      e.mode = msg.mode;
      if (msg.level_name) e.state.level = msg.level_name;
      e.state.last_seen_ms = this.now();
    });
  }

  private seen(robot: string): void {
    this.update(robot, (e) => { e.state.last_seen_ms = this.now(); });
  }

  private checkStale(): void {
    for (const name of this.entries.keys()) this.update(name, () => undefined);
  }

  private update(robot: string, change: (e: Entry) => void): void {
    let e = this.entries.get(robot);
    if (!e) {
      e = {
        advertised: false,
        mode: null,
        state: {
          name: robot, status: 'offline', level: '', pose: { x: 0, y: 0, yaw: 0 },
          battery: { percentage: 0, charging: false }, task_id: null, path: [], last_seen_ms: 0,
        },
      };
      this.entries.set(robot, e);
    }
    const before = JSON.stringify(e.state);
    change(e);
    const fresh = e.state.last_seen_ms > 0 && this.now() - e.state.last_seen_ms < this.staleMs;
    e.state.status = statusWord({
      online: e.advertised && fresh, mode: e.mode, charging: e.state.battery.charging, taskId: e.state.task_id,
    });
    if (JSON.stringify(e.state) !== before) this.emit('changed', structuredClone(e.state));
  }
}

function isNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
