import { describe, it, expect } from '@jest/globals';
import {
  ACTION_TYPES, GoalStatus, MESSAGE_TYPES, NavigateToPlaceError, RobotMode, RosConstants, findPlace, loadWard, robotNames,
  type BatteryState, type Path, type PoseStamped, type RobotStatus,
} from '../../robot/index.js';
import { BUILTIN_WARD_FILE } from '../maps/index.js';
import { RosGraph, type GoalOutcome } from '../rosbridge/index.js';
import { SimWorld } from '../world/index.js';
import { captureLog } from '../rosbridge/test-support.js';
import { attachRobot, attachWorld, robotNodeNames } from './index.js';

const ward = loadWard(BUILTIN_WARD_FILE);
const NAV2 = RosConstants['nav2_msgs/action/NavigateToPose_Result'];
const names = robotNames('robot_1');

/** A world whose wall clock runs `scale` times slower than sim time, so wall-time caps are testable. */
function setup(scale = 1) {
  const log = captureLog();
  const world = new SimWorld({ ward, seed: 3 });
  const graph = new RosGraph({ logger: log.logger });
  const wallNow = () => world.clock.now() / scale;
  const bindings = attachWorld(graph, world, { wallNow });
  const listener = graph.createNode('/test_listener');
  return { log, world, graph, bindings, listener, robot: world.robot('robot_1')! };
}

function record<T>(listener: ReturnType<typeof setup>['listener'], topic: string, type: string): T[] {
  const got: T[] = [];
  listener.createSubscription<T>(topic, type, (m) => got.push(m));
  return got;
}

interface Sent { outcome: GoalOutcome | undefined; feedback: Record<string, unknown>[]; cancel(): void }
function send(graph: RosGraph, action: string, goal: unknown): Sent {
  const sent: Sent = { outcome: undefined, feedback: [], cancel: () => undefined };
  const g = graph.sendGoal(action, goal, { onFeedback: (f) => sent.feedback.push(f), onResult: (o) => { sent.outcome = o; } });
  sent.cancel = () => g.cancel();
  return sent;
}

/** Steps the world in half-second chunks, letting promise callbacks run between them. */
async function runUntil(world: SimWorld, done: () => boolean, maxSimSec = 300): Promise<void> {
  for (let t = 0; t < maxSimSec && !done(); t += 0.5) {
    world.runFor(0.5);
    await new Promise((r) => setImmediate(r));
  }
  if (!done()) throw new Error(`not done after ${maxSimSec} sim seconds`);
}
const settle = () => new Promise((r) => setImmediate(r));

describe('a simulated robot on the ROS graph', () => {
  it('appears as a real robot: its nodes, topics with their types, and both actions', () => {
    const { graph } = setup();
    expect(graph.nodeNames()).toEqual(expect.arrayContaining(Object.values(robotNodeNames('robot_1'))));
    expect(graph.topicNamesAndTypes()).toEqual(expect.arrayContaining([
      { name: names.pose, type: MESSAGE_TYPES.pose },
      { name: names.battery, type: MESSAGE_TYPES.battery },
      { name: names.status, type: MESSAGE_TYPES.status },
      { name: names.plan, type: MESSAGE_TYPES.plan },
    ]));
    expect(graph.actionNamesAndTypes()).toEqual(expect.arrayContaining([
      { name: names.navigateToPlace, type: ACTION_TYPES.navigateToPlace },
      { name: names.navigateToPose, type: ACTION_TYPES.navigateToPose },
    ]));
  });

  it('publishes messages that pass the interface validators, stamped with sim time', async () => {
    const { world, graph, listener } = setup();
    const poses = record<PoseStamped>(listener, names.pose, MESSAGE_TYPES.pose);
    const battery = record<BatteryState>(listener, names.battery, MESSAGE_TYPES.battery);
    const status = record<RobotStatus>(listener, names.status, MESSAGE_TYPES.status);
    await settle();
    world.runFor(1.5);
    for (const [type, msgs] of [[MESSAGE_TYPES.pose, poses], [MESSAGE_TYPES.battery, battery], [MESSAGE_TYPES.status, status]] as const) {
      expect(msgs.length).toBeGreaterThan(0);
      for (const m of msgs) expect(graph.interfaces.validate(type, m)).toEqual({ ok: true });
    }
    expect(poses.at(-1)!.header).toEqual({ stamp: { sec: 1, nanosec: 500_000_000 }, frame_id: 'L1' });
    expect(battery[0]).toMatchObject({ present: true, percentage: 1, header: { frame_id: 'robot_1/base_link' } });
    expect(status[0]).toMatchObject({ robot_name: 'robot_1', level_name: 'L1', current_goal: '' });
  });

  it('pose goes at 10 Hz sim time, but at most 20 Hz wall time when the world runs fast', () => {
    const real = setup(1);
    const realPoses = record<PoseStamped>(real.listener, names.pose, MESSAGE_TYPES.pose);
    real.world.runFor(10);
    expect(realPoses.length).toBeGreaterThanOrEqual(99);
    expect(realPoses.length).toBeLessThanOrEqual(101);

    const fast = setup(50);
    const fastPoses = record<PoseStamped>(fast.listener, names.pose, MESSAGE_TYPES.pose);
    fast.world.runFor(10);
    // 10 sim seconds at 50× are 0.2 wall seconds: 20 Hz wall allows 4 or 5 poses.
    expect(fastPoses.length).toBeGreaterThanOrEqual(4);
    expect(fastPoses.length).toBeLessThanOrEqual(5);
  });

  it('battery and status are latched, 1 Hz when nothing changes, and status changes go out at once', async () => {
    const { world, graph, listener } = setup();
    world.runFor(0.5);
    const status = record<RobotStatus>(listener, names.status, MESSAGE_TYPES.status);
    const battery = record<BatteryState>(listener, names.battery, MESSAGE_TYPES.battery);
    await settle();
    expect(status).toHaveLength(1);
    expect(battery).toHaveLength(1);
    const parked = setup();
    const quiet = record<RobotStatus>(parked.listener, '/robot_2/status', MESSAGE_TYPES.status);
    await settle();
    parked.world.robot('robot_2')!.setBattery(0.5);
    parked.world.runFor(0.1);
    quiet.length = 0;
    parked.world.runFor(10);
    expect(quiet.length).toBeGreaterThanOrEqual(9);
    expect(quiet.length).toBeLessThanOrEqual(11);

    status.length = 0;
    const goal = send(graph, names.navigateToPlace, { place_name: 'bed_2' });
    world.runFor(0.05);
    expect(status[0]).toMatchObject({ mode: RobotMode.MODE_NAVIGATING, current_goal: 'bed_2', message: 'navigating to bed_2' });
    await runUntil(world, () => goal.outcome !== undefined);
    expect(status.at(-1)).toMatchObject({ current_goal: '', message: 'robot_1 reached bed_2' });
  });
});

describe('the plan topic', () => {
  it('carries the remaining route along lanes while driving, shrinking as waypoints pass, and empties at the end', async () => {
    const { world, graph, listener, robot } = setup();
    const plans = record<Path>(listener, names.plan, MESSAGE_TYPES.plan);
    await settle();
    expect(plans).toHaveLength(1);
    expect(plans[0]!.poses).toEqual([]);
    const goal = send(graph, names.navigateToPlace, { place_name: 'bed_9' });
    world.runFor(0.05);
    const first = plans.at(-1)!;
    expect(graph.interfaces.validate(MESSAGE_TYPES.plan, first)).toEqual({ ok: true });
    // Starts where the robot stands, ends at the bed, and goes round corners: more than a straight line.
    expect(first.poses.length).toBeGreaterThan(2);
    const bed = findPlace(ward, 'bed_9')!;
    const end = first.poses.at(-1)!.pose.position;
    expect(Math.hypot(end.x - bed.x, end.y - bed.y)).toBeLessThan(0.01);
    expect(first.poses[0]!.pose.position).toMatchObject({ x: robot.pose().x, y: robot.pose().y });
    await runUntil(world, () => goal.outcome !== undefined);
    const lengths = plans.slice(1).map((p) => p.poses.length);
    expect(lengths.at(-1)).toBe(0);
    expect(lengths.slice(0, -1).every((n, i, all) => i === 0 || n <= all[i - 1]!)).toBe(true);
  });
});

describe('navigate_to_place', () => {
  it('drives to the place with feedback and succeeds', async () => {
    const { world, graph, robot } = setup();
    const goal = send(graph, names.navigateToPlace, { place_name: 'bed_5' });
    await runUntil(world, () => goal.outcome !== undefined);
    expect(goal.outcome).toEqual({ status: GoalStatus.SUCCEEDED, result: { success: true, error_code: NavigateToPlaceError.NONE, message: 'robot_1 reached bed_5' } });
    expect(goal.feedback.length).toBeGreaterThan(5);
    const first = goal.feedback[0]!;
    expect(graph.interfaces.validate(`${ACTION_TYPES.navigateToPlace}_Feedback`, first)).toEqual({ ok: true });
    const remaining = goal.feedback.map((f) => f.distance_remaining as number);
    expect(remaining.at(-1)!).toBeLessThan(remaining[0]!);
    const bed = findPlace(ward, 'bed_5')!;
    expect(Math.hypot(robot.pose().x - bed.x, robot.pose().y - bed.y)).toBeLessThan(0.1);
  });

  it('rejects an unknown place, logs why, and leaves a running goal alone', async () => {
    const { world, graph, log, robot } = setup();
    const running = send(graph, names.navigateToPlace, { place_name: 'bed_9' });
    world.runFor(1);
    const bad = send(graph, names.navigateToPlace, { place_name: 'bed_99' });
    expect(bad.outcome).toEqual({ status: 0, error: 'Action goal was rejected' });
    expect(log.has((l) => l.msg === 'goal rejected' && String(l.reason).includes('unknown place "bed_99"; did you mean'))).toBe(true);
    expect(robot.currentGoal()).toBe('bed_9');
    await runUntil(world, () => running.outcome !== undefined);
    expect(running.outcome?.status).toBe(GoalStatus.SUCCEEDED);
  });

  it('cancel stops the robot and ends canceled with CANCELED', async () => {
    const { world, graph, robot } = setup();
    const goal = send(graph, names.navigateToPlace, { place_name: 'bed_10' });
    world.runFor(5);
    expect(robot.velocity().linear).toBeGreaterThan(0);
    goal.cancel();
    await runUntil(world, () => goal.outcome !== undefined);
    expect(goal.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { success: false, error_code: NavigateToPlaceError.CANCELED } });
    expect(robot.velocity()).toEqual({ linear: 0, angular: 0 });
  });

  it('a newer goal (of either action) preempts: the old one ends canceled with PREEMPTED', async () => {
    const { world, graph } = setup();
    const first = send(graph, names.navigateToPlace, { place_name: 'bed_10' });
    world.runFor(3);
    const bed = findPlace(ward, 'bed_1')!;
    const second = send(graph, names.navigateToPose, { pose: { pose: { position: { x: bed.x, y: bed.y } } } });
    await runUntil(world, () => first.outcome !== undefined && second.outcome !== undefined);
    expect(first.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { error_code: NavigateToPlaceError.PREEMPTED } });
    expect(second.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED });
  });

  it('an empty battery aborts with LOW_BATTERY; a blocked corridor with BLOCKED', async () => {
    const { world, graph, robot } = setup();
    robot.setBattery(0);
    const flat = send(graph, names.navigateToPlace, { place_name: 'bed_1' });
    await settle();
    expect(flat.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { success: false, error_code: NavigateToPlaceError.LOW_BATTERY } });

    const other = setup();
    const blocked = send(other.graph, names.navigateToPlace, { place_name: 'bed_1' });
    other.world.runFor(14);
    other.world.graph.block({ area: { level: 'L1', x: 8, y: -7.7, radius: 0.6 } });
    await runUntil(other.world, () => blocked.outcome !== undefined);
    expect(blocked.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { error_code: NavigateToPlaceError.BLOCKED, message: expect.stringContaining('blocked') } });
  });

  it('a goal whose max_speed came as null (NaN on the wire) keeps the robot\'s own limit', async () => {
    const { world, graph } = setup();
    const goal = send(graph, names.navigateToPlace, { place_name: 'bed_3', max_speed: null });
    await runUntil(world, () => goal.outcome !== undefined);
    expect(goal.outcome?.status).toBe(GoalStatus.SUCCEEDED);
  });
});

describe('navigate_to_pose', () => {
  it('takes the level from frame_id ("" and "map" mean the current one) and the heading from the quaternion', async () => {
    const { world, graph, robot } = setup();
    const bed = findPlace(ward, 'bed_4')!;
    const goal = send(graph, names.navigateToPose, {
      pose: { header: { frame_id: 'L1' }, pose: { position: { x: bed.x, y: bed.y }, orientation: { z: Math.sin(0.5), w: Math.cos(0.5) } } },
    });
    await runUntil(world, () => goal.outcome !== undefined);
    expect(goal.outcome).toEqual({ status: GoalStatus.SUCCEEDED, result: { error_code: NAV2.NONE, error_msg: '' } });
    expect(robot.pose().yaw).toBeCloseTo(1, 1);
    expect(goal.feedback[0]).toMatchObject({ number_of_recoveries: 0, current_pose: { header: { frame_id: 'L1' } } });
  });

  it('aborts with TF_ERROR for an unknown frame, and with UNKNOWN for a pose off the map or not a number', async () => {
    const { world, graph } = setup();
    const tf = send(graph, names.navigateToPose, { pose: { header: { frame_id: 'L9' }, pose: { position: { x: 1, y: 1 } } } });
    const nan = send(graph, names.navigateToPose, { pose: { pose: { position: { x: null, y: 1 } } } });
    const off = send(graph, names.navigateToPose, { pose: { pose: { position: { x: 500, y: 500 } } } });
    await runUntil(world, () => [tf, nan, off].every((g) => g.outcome !== undefined));
    expect(tf.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { error_code: NAV2.TF_ERROR, error_msg: expect.stringContaining("frame_id 'L9'") } });
    expect(nan.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { error_code: NAV2.UNKNOWN } });
    expect(off.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { error_code: NAV2.UNKNOWN, error_msg: expect.any(String) } });
  });
});

describe('leaving the graph', () => {
  it('destroy ends running goals aborted, stops the robot and removes its nodes', async () => {
    const { world, graph, bindings, robot } = setup();
    const goal = send(graph, names.navigateToPlace, { place_name: 'bed_10' });
    world.runFor(3);
    for (const b of bindings) b.destroy();
    expect(goal.outcome?.status).toBe(GoalStatus.ABORTED);
    await runUntil(world, () => robot.velocity().linear === 0, 20);
    expect(graph.nodeNames()).toEqual(['/test_listener']);
    const again = attachRobot(graph, world, robot);
    expect(graph.actionServer(names.navigateToPlace)).toBeDefined();
    again.destroy();
  });
});
