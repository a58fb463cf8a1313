// Serves a simulated robot's ward skills on its skill-server node: speak, ask_question,
// detect_person, read_wristband, drawer_control (with the latched /<robot>/drawers topic) and
// authenticate_staff, all timed on the sim clock.
import type { Logger } from 'pino';
import type { PersonDetector } from '../../../perception/index.js';
import type { Time } from '../../../robot/index.js';
import { renderRobotView } from '../../camera/index.js';
import type { SimPeople } from '../../people/index.js';
import type { RosNode } from '../../rosbridge/index.js';
import { childSeed, createRng, type SimRobot, type SimTimers, type SimWorld } from '../../world/index.js';
import { serveAskQuestion } from './ask-question.js';
import { serveAuthenticateStaff } from './authenticate-staff.js';
import { defaultPersonDetector, serveDetectPerson } from './detect-person.js';
import { serveDrawerControl } from './drawer-control.js';
import { DEFAULT_DRAWER_COUNT, Drawers } from './drawers.js';
import { serveReadWristband } from './read-wristband.js';
import { RobotRecords, type DrawerStateName } from './records.js';
import type { SkillContext, SkillVoice } from './skill-context.js';
import { Exclusive } from './skill-goal.js';
import { serveSpeak } from './speak.js';

export interface SkillOptions {
  people: SimPeople;
  timers: SimTimers;
  /** Medication drawers per robot; 4 by default. */
  drawers?: number;
  /** Sim time (ms from the start) as a date, epoch ms; default: ms from 0. */
  dateOf?: (simMs: number) => number;
  /** The person detector detect_person looks with; default: the offline CenterNet, shared, remembering frames it has seen. */
  personDetector?: PersonDetector;
  /** Voice mode: each robot's speaker and ears (sim/voice); absent, speech is timed text. */
  voice?: (robot: string) => SkillVoice | undefined;
}

/** What a robot's skills did, for tests and replays. */
export interface RobotSkills {
  readonly records: RobotRecords;
  drawerStates(): readonly DrawerStateName[];
}

export function attachSkills(
  node: RosNode, world: SimWorld, robot: SimRobot,
  deps: { log: Logger; stamp: () => Time; wallNow: () => number }, opts: SkillOptions,
): RobotSkills {
  const records = new RobotRecords();
  const ctx: SkillContext = {
    robot, ward: world.ward, timers: opts.timers, people: opts.people, records,
    rng: createRng(childSeed(world.rng)),
    log: deps.log.child({ component: 'skills' }),
    stamp: deps.stamp,
    dateOf: opts.dateOf ?? ((ms) => ms),
    wallNow: deps.wallNow,
    // The same picture the robot's camera node publishes (sim/ros/robot-node.ts).
    look: () => renderRobotView(world, robot, (bed) => opts.people.occupant(bed)?.present ?? false),
    holdTime: () => world.clock.hold(),
    personDetector: () => (opts.personDetector ? Promise.resolve(opts.personDetector) : defaultPersonDetector()),
  };
  const voiceOf = opts.voice?.(robot.name);
  if (voiceOf) ctx.voice = voiceOf;
  const drawers = new Drawers(opts.drawers ?? DEFAULT_DRAWER_COUNT, records.actuations);
  const voice = new Exclusive('voice');
  serveSpeak(node, ctx, voice);
  serveAskQuestion(node, ctx, voice);
  serveDetectPerson(node, ctx);
  serveReadWristband(node, ctx);
  serveDrawerControl(node, ctx, drawers);
  serveAuthenticateStaff(node, ctx);
  return { records, drawerStates: () => drawers.all() };
}
