// The simulator's controls, whoever calls them (the /sim/… ROS services, tests, a launch script): time
// scale, pause, scenarios, and faults injected into the world. Every request is checked field by
// field; a refusal is a ControlError that names the field and says what would be accepted.
import type { Logger } from 'pino';
import { RobotMode, type Time } from '../../robot/index.js';
import { distToSegment, type LaneRef } from '../nav/index.js';
import type { DefaultResponder, SimPeople } from '../people/index.js';
import type { LinkCuts } from '../rosbridge/index.js';
import type { CancelTimer, SimRobot, SimTimers, SimWorld } from '../world/index.js';
import { ControlError } from './control-error.js';
import { FAULT_KIND, SIM_LIMITS, type SimFaultMsg, type SimStateMsg } from './protocol.js';
import { SCENARIOS, type Scenario } from './scenarios.js';


/** How the simulation's time is driven (the world's loop); startSimulation provides it. */
export interface TimeDriver {
  readonly scale: number | 'max';
  readonly paused: boolean;
  run(scale: number | 'max'): void;
  pause(): void;
  resume(): void;
}

export interface SimControlDeps {
  world: SimWorld;
  people: SimPeople;
  timers: SimTimers;
  /** The rosbridge server's cuts: a dropped link is one of them. */
  cuts: LinkCuts;
  time: TimeDriver;
  /** Sim time as a ROS time on the simulation's date (what /clock says). */
  stamp: (simMs?: number) => Time;
  /** The nurse who answers sign-ins at start, put back by every scenario. */
  defaultResponder: DefaultResponder | null;
  logger?: Logger;
}

interface FaultBase { id: string; sinceMs: number }
export type Fault =
  | FaultBase & { kind: 'blocked_corridor'; level: string; lane: LaneRef | null; x1: number; y1: number; x2: number; y2: number; radius: number; blockId: number }
  | FaultBase & { kind: 'patient_absent'; bed: string; recordNumber: string }
  | FaultBase & { kind: 'link_dropped'; robot: string; untilMs: number | null; cutId: number; cancelTimer: CancelTimer | null };

/** A fault before it has an id and a start time. */
export type NewFault = Fault extends infer F ? (F extends Fault ? Omit<F, 'id' | 'sinceMs'> : never) : never;

/** What block_corridor is asked: a lane by its vertices, or a point (nearest lane, or a circle). */
export type CorridorRequest =
  | { level: string; fromVertex: number; toVertex: number }
  | { level: string; x: number; y: number; radius?: number };

const MODES = { idle: RobotMode.MODE_IDLE, navigating: RobotMode.MODE_NAVIGATING, charging: RobotMode.MODE_CHARGING, error: RobotMode.MODE_ERROR } as const;

const finite = (v: number): boolean => typeof v === 'number' && Number.isFinite(v);
const fixed = (v: number): string => (Math.round(v * 100) / 100).toString();

export class SimControl {
  private readonly faults = new Map<string, Fault>();
  private nextFault = 1;
  private scenario = '';
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: SimControlDeps) {}

  /** Called after every change of time scale, pause, scenario or faults. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  // ---- time ----

  get timeScale(): number | 'max' { return this.deps.time.scale; }
  get paused(): boolean { return this.deps.time.paused; }

  setTimeScale(scale: number | 'max'): void {
    if (scale !== 'max' && !(finite(scale) && scale > 0 && scale <= SIM_LIMITS.maxTimeScale)) {
      throw new ControlError('time_scale', `must be a positive number or 'max' (flat out), at most ${SIM_LIMITS.maxTimeScale}; got ${String(scale)}`);
    }
    this.deps.time.run(scale);
    this.deps.logger?.info({ timeScale: scale }, 'time scale set');
    this.changed();
  }

  pause(): void {
    if (this.deps.time.paused) return;
    this.deps.time.pause();
    this.deps.logger?.info('simulation paused');
    this.changed();
  }

  resume(): void {
    if (!this.deps.time.paused) return;
    this.deps.time.resume();
    this.deps.logger?.info('simulation resumed');
    this.changed();
  }

  // ---- scenarios ----

  scenarios(): readonly Scenario[] { return SCENARIOS; }

  /**
   * Every fault cleared, patients back in bed with their default answers, staff arrivals forgotten
   * and the start's nurse answering sign-ins, robots put back on their spawn points (their goals
   * end) with the battery they started with; then the scenario's own setup.
   */
  startScenario(name: string): Scenario {
    const scenario = SCENARIOS.find((s) => s.name === name);
    if (!scenario) throw new ControlError('name', `unknown scenario "${name}" (scenarios: ${SCENARIOS.map((s) => s.name).join(', ')})`);
    const { world, people } = this.deps;
    this.clearAll(false);
    people.clearScripts();
    people.clearStaffArrivals();
    people.setDefaultResponder(this.deps.defaultResponder);
    for (const robot of world.robots) {
      const spawn = world.spawns.get(robot.name);
      if (spawn) robot.relocate(spawn, `put back at its spawn point for scenario ${name}`);
      robot.setBattery(robot.initialBattery);
    }
    scenario.setUp({ world, people, control: this });
    this.scenario = scenario.name;
    this.deps.logger?.info({ scenario: name }, 'scenario started');
    this.changed();
    return scenario;
  }

  // ---- faults ----

  activeFaults(): readonly Fault[] {
    return [...this.faults.values()];
  }

  blockCorridor(req: CorridorRequest): Fault {
    const { world } = this.deps;
    const levels = world.ward.building.levels.map((l) => l.name);
    if (!world.graph.hasLevel(req.level)) throw new ControlError('level', `unknown level "${req.level}" (levels: ${levels.join(', ')})`);
    const level = world.ward.building.levels.find((l) => l.name === req.level)!;
    let lane: LaneRef;
    if ('fromVertex' in req) {
      for (const field of ['fromVertex', 'toVertex'] as const) {
        const v = req[field];
        if (!(Number.isInteger(v) && v >= 0 && v < level.vertices.length)) {
          throw new ControlError(field === 'fromVertex' ? 'from_vertex' : 'to_vertex', `must be a vertex of level ${req.level} (0 to ${level.vertices.length - 1}), got ${v}`);
        }
      }
      lane = { level: req.level, from: req.fromVertex, to: req.toVertex };
      if (!world.graph.edges.some((e) => e.lane && sameLane(e.lane, lane))) {
        throw new ControlError('from_vertex', `no lane of the robots' graph runs between vertices ${lane.from} and ${lane.to} on level ${req.level}`);
      }
    } else {
      if (!finite(req.x)) throw new ControlError('x', `must be a number of metres, got ${String(req.x)}`);
      if (!finite(req.y)) throw new ControlError('y', `must be a number of metres, got ${String(req.y)}`);
      const radius = req.radius ?? 0;
      if (!(finite(radius) && radius >= 0 && radius <= SIM_LIMITS.maxBlockRadiusM)) {
        throw new ControlError('radius', `must be 0 (the nearest lane) to ${SIM_LIMITS.maxBlockRadiusM} m, got ${String(radius)}`);
      }
      if (radius > 0) {
        const blockId = world.graph.block({ area: { level: req.level, x: req.x, y: req.y, radius } });
        return this.add({
          kind: 'blocked_corridor', level: req.level, lane: null, x1: req.x, y1: req.y, x2: req.x, y2: req.y, radius, blockId,
        });
      }
      lane = this.nearestLane(req.level, req.x, req.y);
    }
    const taken = [...this.faults.values()].find((f) => f.kind === 'blocked_corridor' && f.lane && sameLane(f.lane, lane));
    if (taken) throw new ControlError('level', `the lane between vertices ${lane.from} and ${lane.to} on ${lane.level} is already blocked (${taken.id})`);
    const a = level.vertices[lane.from]!;
    const b = level.vertices[lane.to]!;
    const blockId = world.graph.block({ lane });
    return this.add({ kind: 'blocked_corridor', level: req.level, lane, x1: a.x, y1: a.y, x2: b.x, y2: b.y, radius: 0, blockId });
  }

  /** Takes the patient of `bedOrRecord` (a bed place or a record number) out of their bed. */
  setPatientAbsent(bedOrRecord: string): Fault {
    const patients = this.deps.people.patients();
    const patient = patients.find((p) => p.bed === bedOrRecord) ?? patients.find((p) => p.recordNumber === bedOrRecord);
    if (!patient) {
      const beds = patients.map((p) => p.bed).filter((b): b is string => b !== null);
      throw new ControlError('bed', `no simulated patient in "${bedOrRecord}" (beds with a patient: ${beds.join(', ') || 'none; the ward file lists no patients'})`);
    }
    if (!patient.bed) throw new ControlError('bed', `patient ${patient.recordNumber} has no bed to be absent from`);
    const taken = [...this.faults.values()].find((f) => f.kind === 'patient_absent' && f.recordNumber === patient.recordNumber);
    if (taken) throw new ControlError('bed', `the patient in ${patient.bed} is already absent (${taken.id})`);
    this.deps.people.script(patient.recordNumber, { present: false });
    return this.add({ kind: 'patient_absent', bed: patient.bed, recordNumber: patient.recordNumber });
  }

  /** Cuts `robot` off from every rosbridge client for `durationS` sim seconds (0: until cleared). */
  dropLink(robot: string, durationS = 0): Fault {
    const r = this.robot(robot);
    if (!(finite(durationS) && durationS >= 0 && durationS <= SIM_LIMITS.maxDropSeconds)) {
      throw new ControlError('duration', `must be 0 (until cleared) to ${SIM_LIMITS.maxDropSeconds} sim seconds, got ${String(durationS)}`);
    }
    const taken = [...this.faults.values()].find((f) => f.kind === 'link_dropped' && f.robot === r.name);
    if (taken) throw new ControlError('robot', `${r.name}'s link is already dropped (${taken.id})`);
    const cutId = this.deps.cuts.cut(r.name);
    const untilMs = durationS > 0 ? this.deps.timers.now() + durationS * 1000 : null;
    const fault = this.add({ kind: 'link_dropped', robot: r.name, untilMs, cutId, cancelTimer: null });
    if (fault.kind === 'link_dropped' && untilMs !== null) fault.cancelTimer = this.deps.timers.at(untilMs, () => this.clearFault(fault.id));
    return fault;
  }

  /** Sets a robot's charge to `percent` (0–100) at once; returns the charge before, in percent. */
  setBattery(robot: string, percent: number): { before: number; after: number } {
    const r = this.robot(robot);
    if (!(finite(percent) && percent >= 0 && percent <= 100)) throw new ControlError('percent', `must be 0 to 100, got ${String(percent)}`);
    const before = r.battery().percentage * 100;
    r.setBattery(percent / 100);
    this.deps.logger?.info({ robot: r.name, before, percent }, 'battery set');
    this.changed();
    return { before, after: percent };
  }

  /** Ends one fault; throws for an id that is not active. */
  clearFault(id: string): Fault {
    const fault = this.faults.get(id);
    if (!fault) {
      const active = [...this.faults.keys()];
      throw new ControlError('fault_id', `no active fault "${id}" (active: ${active.join(', ') || 'none'})`);
    }
    this.undo(fault);
    this.faults.delete(id);
    this.deps.logger?.info({ fault: id, kind: fault.kind }, 'fault cleared');
    this.changed();
    return fault;
  }

  /** Ends every fault; returns how many there were. */
  clearAll(notify = true): number {
    const n = this.faults.size;
    for (const fault of this.faults.values()) this.undo(fault);
    this.faults.clear();
    if (n > 0 && notify) this.changed();
    return n;
  }

  // ---- state ----

  state(): SimStateMsg {
    const { world, people, cuts } = this.deps;
    const cut = new Set(cuts.namespaces());
    const occupied = people.patients().map((p) => p.bed).filter((b): b is string => b !== null);
    return {
      stamp: this.deps.stamp(),
      time_scale: this.timeScale === 'max' ? 0 : this.timeScale,
      flat_out: this.timeScale === 'max',
      paused: this.paused,
      scenario: this.scenario,
      scenarios: SCENARIOS.map((s) => s.name),
      faults: [...this.faults.values()].map((f) => this.faultMsg(f)),
      robots: world.robots.map((r) => {
        const pose = r.pose();
        const battery = r.battery();
        return {
          name: r.name, level: pose.level, x: pose.x, y: pose.y, yaw: pose.yaw,
          battery: battery.percentage, charging: battery.charging, mode: MODES[r.mode()], link_up: !cut.has(`/${r.name}`),
        };
      }),
      occupied_beds: occupied,
      patients_in_bed: occupied.filter((bed) => people.occupant(bed)?.present ?? false),
    };
  }

  faultMsg(f: Fault): SimFaultMsg {
    const zero = { sec: 0, nanosec: 0 };
    const msg: SimFaultMsg = {
      id: f.id, kind: 0, description: describe(f), level: '', x1: 0, y1: 0, x2: 0, y2: 0, radius: 0, bed: '', robot: '',
      since: this.deps.stamp(f.sinceMs), until: zero,
    };
    if (f.kind === 'blocked_corridor') {
      return { ...msg, kind: FAULT_KIND.BLOCKED_CORRIDOR, level: f.level, x1: f.x1, y1: f.y1, x2: f.x2, y2: f.y2, radius: f.radius };
    }
    if (f.kind === 'patient_absent') return { ...msg, kind: FAULT_KIND.PATIENT_ABSENT, bed: f.bed };
    return { ...msg, kind: FAULT_KIND.LINK_DROPPED, robot: f.robot, until: f.untilMs === null ? zero : this.deps.stamp(f.untilMs) };
  }

  /** Ends every fault's timers; the world and the people go with the simulation. */
  destroy(): void {
    for (const f of this.faults.values()) if (f.kind === 'link_dropped') f.cancelTimer?.();
    this.listeners.clear();
  }

  private add(fault: NewFault): Fault {
    const full = { ...fault, id: `fault-${this.nextFault++}`, sinceMs: this.deps.timers.now() } as Fault;
    this.faults.set(full.id, full);
    this.deps.logger?.info({ fault: full.id, kind: full.kind, what: describe(full) }, 'fault injected');
    this.changed();
    return full;
  }

  private undo(f: Fault): void {
    if (f.kind === 'blocked_corridor') this.deps.world.graph.unblock(f.blockId);
    else if (f.kind === 'patient_absent') this.deps.people.script(f.recordNumber, { present: true });
    else {
      f.cancelTimer?.();
      this.deps.cuts.restore(f.cutId);
    }
  }

  private robot(name: string): SimRobot {
    const r = this.deps.world.robot(name);
    if (!r) throw new ControlError('robot', `no robot named "${name}" (robots: ${this.deps.world.robots.map((x) => x.name).join(', ')})`);
    return r;
  }

  /** The lane of the robots' graph nearest (x, y) on `level`, within SIM_LIMITS.laneSnapM. */
  private nearestLane(level: string, x: number, y: number): LaneRef {
    const { graph } = this.deps.world;
    let best: { lane: LaneRef; d: number } | null = null;
    for (const e of graph.edges) {
      if (!e.lane || e.lane.level !== level) continue;
      const d = distToSegment({ x, y }, graph.nodes[e.from]!, graph.nodes[e.to]!);
      if (!best || d < best.d) best = { lane: e.lane, d };
    }
    if (!best || best.d > SIM_LIMITS.laneSnapM) {
      throw new ControlError('x', `no lane of the robots' graph within ${SIM_LIMITS.laneSnapM} m of (${fixed(x)}, ${fixed(y)}) on ${level}`);
    }
    return best.lane;
  }

  private changed(): void {
    for (const fn of [...this.listeners]) {
      try {
        fn();
      } catch (err) {
        this.deps.logger?.error({ err }, 'sim control listener threw');
      }
    }
  }
}

function sameLane(p: LaneRef, q: LaneRef): boolean {
  return p.level === q.level && ((p.from === q.from && p.to === q.to) || (p.from === q.to && p.to === q.from));
}

/** The fault in English, for logs and command-line users. */
export function describe(f: NewFault): string {
  if (f.kind === 'blocked_corridor') {
    return f.lane
      ? `corridor blocked on ${f.level}: the lane between vertices ${f.lane.from} and ${f.lane.to} (${fixed(f.x1)}, ${fixed(f.y1)} to ${fixed(f.x2)}, ${fixed(f.y2)})`
      : `corridor blocked on ${f.level}: ${fixed(f.radius)} m around (${fixed(f.x1)}, ${fixed(f.y1)})`;
  }
  if (f.kind === 'patient_absent') return `the patient in ${f.bed} is away from their bed`;
  return `${f.robot}'s link is dropped${f.untilMs === null ? ' until cleared' : ''}`;
}

