// Public surface of the simulator: a simulated ward whose robots speak the robot's ROS interfaces
// over a rosbridge v2 WebSocket, so that the very code that drives real robots drives these.
import { pino, type Logger } from 'pino';
import { loadWard, type WardMap } from '../robot/index.js';
import { BUILTIN_WARD_FILE } from './maps/index.js';
import { SimPeople, type DefaultResponder } from './people/index.js';
import {
  attachWorld, checkDrawerCount, epochMsToRosTime, parseStartTime, publishClock,
  type DrawerActuation, type DrawerStateName, type RobotBinding, type SpokenLine,
} from './ros/index.js';
import { RosGraph, RosbridgeServer } from './rosbridge/index.js';
import { SimControl, attachControl, type ControlBinding, type TimeDriver } from './control/index.js';
import { SimTimers, SimWorld } from './world/index.js';
import { startSimVoice, type SimVoice, type SimVoiceOptions } from './voice/index.js';

export { BUILTIN_WARD_FILE, CLINIC_WARD_FILE } from './maps/index.js';
export { SimWorld, SimRobot, SimClock, SimTimers, DEFAULT_ROBOT_CONFIG } from './world/index.js';
export type {
  SimWorldOptions, SimRobotConfig, BatteryReading, GoToOptions, GoToResult, GoToTarget, NavFeedback,
  NavigationHandle, NavOutcome, NavOutcomeCode, RobotMode, RobotPose,
} from './world/index.js';
export { NavGraph, planRoute } from './nav/index.js';
export type { Route, RoutePlan, RouteTarget, RouteFailureCode, BlockSpec, NavGraphOptions } from './nav/index.js';
export { RosGraph, RosNode, RosbridgeServer, startRosbridge, GraphError } from './rosbridge/index.js';
export type { RosbridgeOptions, GoalOutcome, GoalHandle, ClientGoal } from './rosbridge/index.js';
export {
  attachRobot, attachWorld, robotNodeNames, ROBOT_RATES, CLOCK_RATES, publishClock, epochMsToRosTime, parseStartTime,
  speechSeconds, SPEECH_CHARS_PER_S, DEFAULT_DRAWER_COUNT, DEFAULT_ANSWER_TIMEOUT_S, DEFAULT_DETECT_TIMEOUT_S,
  DEFAULT_WRISTBAND_TIMEOUT_S, DEFAULT_SIGN_IN_TIMEOUT_S, DRAWER_ACTUATION_S, WRISTBAND_SYMBOLOGY, AT_PLACE_RADIUS_M,
} from './ros/index.js';
export type { RobotBinding, AttachOptions, SpokenLine, DrawerActuation, DrawerStateName, RobotSkills, SkillOptions } from './ros/index.js';
export {
  SimControl, ControlError, SCENARIOS, SIM_SERVICES, SIM_STATE_TOPIC, SIM_LIMITS, FAULT_KIND, SCENARIO_NAMES, describeFault,
} from './control/index.js';
export type {
  Fault, CorridorRequest, Scenario, ScenarioName, SimStateMsg, SimFaultMsg, SimRobotStateMsg, SimServiceKey, SimRequest, SimResponse,
} from './control/index.js';
export { SimPeople, IDENTITY_QUESTION, DEFAULT_ANSWER_DELAY_S, SIM_SPEECH_CONFIDENCE, defaultAnswer } from './people/index.js';
export type { PatientScript, StaffCredential, DefaultResponder, BedOccupant, PatientVoice } from './people/index.js';
export { ROOM_NOISE_DBFS, PATIENT_SPEECH_DBFS } from './voice/index.js';
export type { SimVoice, SimVoiceOptions, RobotVoice } from './voice/index.js';

export interface SimulationOptions {
  /** Ward file (`*.ward.yaml`); the built-in ten-bed ward by default. */
  wardFile?: string;
  /** An already loaded ward (e.g. from `resolveWard`); wins over wardFile. */
  ward?: WardMap;
  /** How many robots (robot_1..robot_N); default: the robots the ward file lists. */
  robots?: number;
  seed?: number;
  /** Sim seconds per wall second; 'max' runs as fast as the machine allows, yielding to I/O. Default 1. */
  timeScale?: number | 'max';
  host?: string;
  /** 9090 by default; 0 lets the OS pick a free port. */
  rosbridgePort?: number;
  logger?: Logger;
  /** The date sim time 0 stands for: epoch ms or an ISO 8601 string. Default: the wall time now. */
  startTime?: number | string;
  /** Medication drawers per robot; 4 by default. */
  drawers?: number;
  /** A nurse who signs in at any robot that asks, when no arrival is queued there; changeable via people.setDefaultResponder. */
  defaultResponder?: DefaultResponder | null;
  /**
   * Voice mode: patients speak as audio on each robot's microphone topic and each robot hears them
   * with the robot's own perception code and speaks with espeak-ng on its speaker topic. Default off:
   * text stand-ins on patient_speech, no speech engines, faster.
   */
  voice?: boolean | SimVoiceOptions;
}

/** What one robot's ward skills did: live arrays, appended to as the simulation runs. */
export interface RobotRecordsView {
  /** Every sentence the robot started to say (speak and the questions of ask_question). */
  transcript: readonly SpokenLine[];
  /** Every drawer actuation, with its authorization and where the robot stood. */
  actuations: readonly DrawerActuation[];
  /** The drawers' states now; index 0 is drawer 1. */
  drawers: readonly DrawerStateName[];
}

export interface Simulation {
  world: SimWorld;
  rosbridge: RosbridgeServer;
  /** ws://HOST:PORT of the rosbridge server. */
  url: string;
  /** The simulated patients and staff: script them, queue staff sign-ins. */
  people: SimPeople;
  /** Time scale, pause, scenarios and faults; the same controls the /sim/… services serve. */
  control: SimControl;
  /** The date sim time 0 stands for, epoch ms. */
  startTime: number;
  /** Now on the sim clock, epoch ms (what /clock says). */
  now(): number;
  /** One robot's transcript, drawer actuations and drawer states; throws for an unknown robot. */
  robotRecords(robot: string): RobotRecordsView;
  /** Same as control.setTimeScale. */
  setTimeScale(x: number | 'max'): void;
  /** Same as control.pause. */
  pause(): void;
  /** Same as control.resume. */
  resume(): void;
  /** Cuts every rosbridge client off, as when the network link dies. */
  dropClients(): void;
  /** The robots' ears and voice in voice mode; undefined when it is off. */
  voice: SimVoice | undefined;
  close(): Promise<void>;
}

/** In 'max' mode the world steps for this long (wall) before letting sockets and timers run. */
const MAX_SLICE_MS = 4;

export async function startSimulation(opts: SimulationOptions = {}): Promise<Simulation> {
  const log = opts.logger ?? pino({ name: 'sim', level: process.env.LOG_LEVEL ?? 'info' });
  const ward = opts.ward ?? loadWard(opts.wardFile ?? BUILTIN_WARD_FILE);
  const startTime = parseStartTime(opts.startTime ?? Date.now());
  if (opts.drawers !== undefined) checkDrawerCount(opts.drawers);
  const world = new SimWorld({ ward, ...(opts.robots === undefined ? {} : { robots: opts.robots }), ...(opts.seed === undefined ? {} : { seed: opts.seed }) });
  const simDate = (simMs: number) => startTime + simMs;
  const stamp = (simMs = world.clock.now()) => epochMsToRosTime(simDate(simMs));
  const graph = new RosGraph({ logger: log.child({ component: 'ros' }), clock: stamp });
  const timers = new SimTimers(world);
  const people = new SimPeople({ world, graph, timers, stamp, defaultResponder: opts.defaultResponder ?? null, logger: log.child({ component: 'people' }) });
  const voice = opts.voice
    ? await startSimVoice({ graph, world, timers, stamp, people, log }, opts.voice === true ? {} : opts.voice)
    : undefined;
  let bindings: RobotBinding[] = [];
  let clock: ReturnType<typeof publishClock> | undefined;
  let controlBinding: ControlBinding | undefined;
  let control: SimControl | undefined;
  const teardown = () => {
    controlBinding?.destroy();
    control?.destroy();
    clock?.destroy();
    for (const b of bindings) b.destroy();
    people.destroy();
    timers.destroy();
  };
  let rosbridge: RosbridgeServer;
  try {
    bindings = attachWorld(graph, world, {
      logger: log.child({ component: 'robot' }),
      stamp,
      skills: {
        people, timers, dateOf: simDate, ...(opts.drawers === undefined ? {} : { drawers: opts.drawers }),
        ...(voice ? { voice: (robot: string) => voice.skillVoice(robot) } : {}),
      },
    });
    voice?.attachPeople(people);
    clock = publishClock(graph, world, { epochMs: startTime });
    rosbridge = await RosbridgeServer.start({
      graph, host: opts.host ?? '127.0.0.1', port: opts.rosbridgePort ?? 9090, logger: log.child({ component: 'rosbridge' }),
    });
  } catch (err) {
    teardown();
    await voice?.close();
    throw err;
  }
  const clockBinding = clock;

  const driver = new WorldDriver(world);
  driver.run(opts.timeScale ?? 1);
  const time: TimeDriver = {
    get scale() { return driver.scale; },
    get paused() { return driver.paused; },
    run: (x) => driver.run(x),
    pause: () => {
      driver.pause();
      // Subscribers of /clock see exactly where time stopped, not the last rate-limited tick.
      clockBinding.publishNow();
    },
    resume: () => driver.resume(),
  };
  const simControl = new SimControl({
    world, people, timers, cuts: rosbridge.linkCuts, time, stamp, defaultResponder: opts.defaultResponder ?? null,
    logger: log.child({ component: 'control' }),
  });
  control = simControl;
  controlBinding = attachControl(graph, world, simControl, { logger: log.child({ component: 'control' }) });
  log.info({ ward: ward.name, robots: world.robots.map((r) => r.name), url: rosbridge.url, timeScale: opts.timeScale ?? 1, startTime: new Date(startTime).toISOString() }, 'simulation started');

  let closed: Promise<void> | undefined;
  return {
    world,
    rosbridge,
    url: rosbridge.url,
    people,
    control: simControl,
    startTime,
    now: () => simDate(world.clock.now()),
    robotRecords: (name) => {
      const skills = bindings.find((b) => b.robot.name === name)?.skills;
      if (!skills) throw new RangeError(`robotRecords: robot: no robot named "${name}" (robots: ${bindings.map((b) => b.robot.name).join(', ')})`);
      return { transcript: skills.records.transcript, actuations: skills.records.actuations, drawers: skills.drawerStates() };
    },
    setTimeScale: (x) => simControl.setTimeScale(x),
    pause: () => simControl.pause(),
    resume: () => simControl.resume(),
    dropClients: () => void rosbridge.dropClients(),
    voice,
    close: () => {
      closed ??= (async () => {
        driver.pause();
        await rosbridge.close();
        teardown();
        await voice?.close();
      })();
      return closed;
    },
  };
}

/** Runs the world in real time at a scale (SimWorld's own loop) or flat out in slices. */
class WorldDriver {
  private currentScale: number | 'max' = 1;
  private isPaused = false;
  private immediate: NodeJS.Immediate | undefined;

  constructor(private readonly world: SimWorld) {}

  run(scale: number | 'max'): void {
    if (scale !== 'max' && !(Number.isFinite(scale) && scale > 0)) {
      throw new RangeError(`timeScale must be a positive number or 'max', got ${String(scale)}`);
    }
    this.currentScale = scale;
    if (this.isPaused) return;
    this.halt();
    if (scale === 'max') this.slice();
    else this.world.start(scale);
  }

  get scale(): number | 'max' { return this.currentScale; }
  get paused(): boolean { return this.isPaused; }

  pause(): void {
    this.isPaused = true;
    this.world.clock.pause();
    this.halt();
  }

  resume(): void {
    if (!this.isPaused) return;
    this.isPaused = false;
    this.world.clock.resume();
    this.run(this.currentScale);
  }

  private halt(): void {
    this.world.stop();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private readonly slice = (): void => {
    const end = performance.now() + MAX_SLICE_MS;
    const dt = this.world.physicsDtSec;
    // A held clock (SimClock.hold) steps nothing: yield at once rather than spin.
    do this.world.step(dt);
    while (performance.now() < end && !this.world.clock.held);
    this.immediate = setImmediate(this.slice);
  };
}
