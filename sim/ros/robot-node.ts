// Puts one simulated robot on the ROS graph under /<robot>, with the topics and actions a real ward
// robot shows: pose, battery_state, status, navigate_to_place and navigate_to_pose, and (with
// `skills`) the ward skills: speak, ask_question, detect_person, read_wristband, drawer_control
// (with the latched /<robot>/drawers topic) and authenticate_staff (see skills/).
//
// Rates (sim time, each capped in wall time so a fast world cannot flood clients):
//   /<robot>/pose           10 Hz sim, at most 20 Hz wall; also at once when a goal starts or ends.
//   /<robot>/battery_state   1 Hz sim, at most 5 Hz wall; on a change (charging starts/stops, the
//                            percentage moved by a whole point). Latched (transient local).
//   /<robot>/status          1 Hz sim, at most 5 Hz wall; on any change of mode, level, goal or
//                            message. Latched, so a brain that subscribes late sees it at once.
//   /<robot>/plan            nav_msgs/Path of the remaining route, as Nav2's planner publishes it:
//                            when a goal starts, a waypoint is passed, a replan or the goal ends. Latched.
//   /<robot>/camera/image_raw sensor_msgs/Image, 2 Hz wall, only while subscribed (see sim/camera).
// A change goes out at once unless that topic went out less than 50 ms (wall) ago; then it goes out
// as soon as that much time has passed, so a flapping value costs at most 20 messages a second.
import type { Logger } from 'pino';
import { MESSAGE_TYPES, robotNames, toRosTime, type BatteryState, type Path, type PoseStamped, type RobotStatus, type Time } from '../../robot/index.js';
import type { RosGraph, RosNode } from '../rosbridge/index.js';
import type { SimRobot, SimWorld } from '../world/index.js';
import { batteryState, planKey, plannedPath, poseStamped, robotStatus, sameStatus, statusFields, type StatusFields } from './messages.js';
import { serveNavigateToPlace } from './navigate-to-place.js';
import { serveNavigateToPose } from './navigate-to-pose.js';
import { Navigator } from './navigator.js';
import { attachSkills, type RobotSkills, type SkillOptions } from './skills/index.js';
import { RateGate } from './rate-gate.js';
import { attachCamera } from '../camera/index.js';

export const ROBOT_RATES = {
  pose: { simPeriodMs: 100, minWallMs: 50 },
  battery: { simPeriodMs: 1000, minWallMs: 200 },
  status: { simPeriodMs: 1000, minWallMs: 200 },
  /** Battery change (fraction) that counts as a change. */
  batteryStep: 0.01,
  /** Least wall time between two publishes of one topic caused by changes. */
  changeMinWallMs: 50,
} as const;

/** Node names of a robot, as `ros2 node list` would show them. */
export const robotNodeNames = (robot: string) => ({
  skills: `/${robot}/ward_skill_server`,
  navigator: `/${robot}/bt_navigator`,
  pose: `/${robot}/pose_publisher`,
  battery: `/${robot}/battery_monitor`,
  planner: `/${robot}/planner_server`,
  camera: `/${robot}/camera_driver`,
});

export interface RobotBinding {
  readonly robot: SimRobot;
  readonly nodes: readonly RosNode[];
  /** The ward skills (speak, ask_question, drawers, ...) when AttachOptions.skills was given. */
  readonly skills: RobotSkills | undefined;
  /** Publishes pose, battery and status now, whatever the schedule. */
  publishAll(): void;
  /** Leaves the graph: running goals end aborted and the robot stops. */
  destroy(): void;
}

export interface AttachOptions {
  logger?: Logger;
  /** Wall clock (ms) for the wall-time caps; tests pass one tied to sim time. */
  wallNow?: () => number;
  /** Header stamps; default: sim seconds from 0. The simulation passes its dated clock. */
  stamp?: () => Time;
  /** Serve the ward skills too (on the /<robot>/ward_skill_server node). */
  skills?: SkillOptions;
}

export function attachRobot(graph: RosGraph, world: SimWorld, robot: SimRobot, opts: AttachOptions = {}): RobotBinding {
  const names = robotNames(robot.name);
  const nodeNames = robotNodeNames(robot.name);
  const log = (opts.logger ?? graph.log).child({ robot: robot.name });
  const skills = graph.createNode(nodeNames.skills);
  const navigatorNode = graph.createNode(nodeNames.navigator);
  const poseNode = graph.createNode(nodeNames.pose);
  const batteryNode = graph.createNode(nodeNames.battery);
  const plannerNode = graph.createNode(nodeNames.planner);
  const cameraNode = graph.createNode(nodeNames.camera);
  const nodes = [skills, navigatorNode, poseNode, batteryNode, plannerNode, cameraNode];

  const posePub = poseNode.createPublisher<PoseStamped>(names.pose, MESSAGE_TYPES.pose);
  const batteryPub = batteryNode.createPublisher<BatteryState>(names.battery, MESSAGE_TYPES.battery, { latch: true });
  const statusPub = skills.createPublisher<RobotStatus>(names.status, MESSAGE_TYPES.status, { latch: true });
  const planPub = plannerNode.createPublisher<Path>(names.plan, MESSAGE_TYPES.plan, { latch: true });
  const now = opts.stamp ?? (() => toRosTime(world.clock.nowSec()));

  const wallNow = opts.wallNow ?? (() => performance.now());
  const skillSet = opts.skills && attachSkills(skills, world, robot, { log, stamp: now, wallNow }, opts.skills);
  const people = opts.skills?.people;
  const camera = attachCamera(cameraNode, world, robot, {
    stamp: now, ...(people ? { patientInBed: (bed: string) => people.occupant(bed)?.present ?? false } : {}),
  });
  const poseGate = new RateGate(ROBOT_RATES.pose.simPeriodMs, ROBOT_RATES.pose.minWallMs, wallNow);
  const batteryGate = new RateGate(ROBOT_RATES.battery.simPeriodMs, ROBOT_RATES.battery.minWallMs, wallNow);
  const statusGate = new RateGate(ROBOT_RATES.status.simPeriodMs, ROBOT_RATES.status.minWallMs, wallNow);
  const planGate = new RateGate(Infinity, 0, wallNow);
  let lastPlan: string | undefined;
  let lastBattery = { percentage: NaN, charging: false };
  let lastStatus: StatusFields | undefined;

  const publishPose = () => {
    poseGate.mark(world.clock.now());
    if (posePub.subscriptionCount > 0) posePub.publish(poseStamped(robot.pose(), now()));
  };
  const publishBattery = () => {
    batteryGate.mark(world.clock.now());
    const b = robot.battery();
    lastBattery = { percentage: b.percentage, charging: b.charging };
    batteryPub.publish(batteryState(robot, b, now()));
  };
  const publishPlan = () => {
    planGate.mark(world.clock.now());
    lastPlan = planKey(robot);
    planPub.publish(plannedPath(robot, now()));
  };
  const publishStatus = (fields: StatusFields) => {
    statusGate.mark(world.clock.now());
    lastStatus = fields;
    statusPub.publish(robotStatus(robot, fields, now()));
  };

  let attached = true;
  const navigator = new Navigator(robot, log, wallNow, () => {
    // A goal stopped by destroy() settles after the publishers are gone.
    if (!attached) return;
    publishPose();
    publishStatus(statusFields(robot, navigator.message));
    publishPlan();
  });
  serveNavigateToPlace(skills, robot.name, navigator, now);
  serveNavigateToPose(navigatorNode, robot, world.ward.building.levels.map((l) => l.name), navigator, now);

  const onTick = (simMs: number) => {
    if (poseGate.due(simMs) && posePub.subscriptionCount > 0) posePub.publish(poseStamped(robot.pose(), now()));
    const b = robot.battery();
    const batteryChanged = b.charging !== lastBattery.charging || !(Math.abs(b.percentage - lastBattery.percentage) < ROBOT_RATES.batteryStep);
    if (batteryChanged ? batteryGate.quietFor(ROBOT_RATES.changeMinWallMs) : batteryGate.due(simMs)) publishBattery();
    const fields = statusFields(robot, navigator.message);
    const statusChanged = !lastStatus || !sameStatus(fields, lastStatus);
    if (statusChanged ? statusGate.quietFor(ROBOT_RATES.changeMinWallMs) : statusGate.due(simMs)) publishStatus(fields);
    if (planKey(robot) !== lastPlan && planGate.quietFor(ROBOT_RATES.changeMinWallMs)) publishPlan();
  };
  const unsubscribe = world.on('tick', onTick);

  const publishAll = () => {
    publishPose();
    publishBattery();
    publishStatus(statusFields(robot, navigator.message));
    publishPlan();
  };
  publishAll();

  return {
    robot,
    nodes,
    skills: skillSet,
    publishAll,
    destroy: () => {
      if (!attached) return;
      attached = false;
      unsubscribe();
      camera.destroy();
      navigator.stop();
      for (const n of nodes) n.destroy();
    },
  };
}

/** Every robot of the world on the graph. */
export function attachWorld(graph: RosGraph, world: SimWorld, opts: AttachOptions = {}): RobotBinding[] {
  return world.robots.map((r) => attachRobot(graph, world, r, opts));
}
