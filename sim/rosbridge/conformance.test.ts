// The real roslib client against the server: what a brain or a dashboard would do, end to end.
import { describe, it, expect, beforeAll, afterAll, jest } from '@jest/globals';
import { Ros, Topic, Service, Action } from 'roslib';
import { GoalStatus, NavigateToPlaceError, RobotMode, ACTION_TYPES, MESSAGE_TYPES, robotNames, findPlace, type RobotStatus, type PoseStamped } from '../../robot/index.js';
import { startSimulation, type Simulation } from '../index.js';
import { RosGraph } from './graph.js';
import { RosbridgeServer } from './server.js';
import { captureLog, connectRoslib, runGoal, startScriptedActionServer, type GoalRun } from './test-support.js';

async function disconnect(ros: Ros): Promise<void> {
  if (!ros.isConnected) return;
  await new Promise((resolve) => {
    ros.on('close', resolve);
    ros.close();
  });
}

const callService = <T>(ros: Ros, name: string, request: unknown = {}) => new Promise<T>((resolve, reject) => {
  new Service({ ros, name, serviceType: '' }).callService(request, (r) => resolve(r as T), (e) => reject(new Error(e)));
});
const ask = <T>(fn: (ok: (v: T) => void, fail: (e: string) => void) => void) => new Promise<T>((resolve, reject) => fn(resolve, (e) => reject(new Error(e))));

describe('roslib against the rosbridge server and an in-process action server', () => {
  let graph: RosGraph;
  let server: RosbridgeServer;
  let ros: Ros;
  const ACTION = '/test/navigate_to_place';

  beforeAll(async () => {
    const { logger } = captureLog();
    graph = new RosGraph({ logger });
    startScriptedActionServer(graph, ACTION);
    server = await RosbridgeServer.start({ graph, port: 0, logger });
    ros = await connectRoslib(server.url);
  });
  afterAll(async () => {
    await disconnect(ros);
    await server.close();
  });

  it('advertise, publish and subscribe round-trip between two roslib clients', async () => {
    const other = await connectRoslib(server.url);
    const heard = new Promise<unknown>((resolve) => {
      new Topic({ ros: other, name: '/chatter', messageType: 'std_msgs/msg/String' }).subscribe(resolve);
    });
    const pub = new Topic<{ data: string }>({ ros, name: '/chatter', messageType: 'std_msgs/String' });
    await ask<unknown>((ok) => other.getTopics(ok));
    pub.publish({ data: 'hello ward' });
    expect(await heard).toEqual({ data: 'hello ward' });
    await disconnect(other);
  });

  it('a subscription made before anyone publishes receives once the topic appears', async () => {
    const got = new Promise<unknown>((resolve) => {
      new Topic({ ros, name: '/late/topic', messageType: 'std_msgs/String' }).subscribe(resolve);
    });
    await ask<unknown>((ok) => ros.getTopics(ok));
    graph.createNode('/late_talker').createPublisher('/late/topic', 'std_msgs/String').publish({ data: 'finally' });
    expect(await got).toEqual({ data: 'finally' });
  });

  it('getTopics, getNodes, getServices, getActionServers and a /rosapi call with the slash', async () => {
    const topics = await ask<{ topics: string[]; types: string[] }>((ok, fail) => ros.getTopics(ok, fail));
    expect(topics.topics).toContain('/late/topic');
    expect(topics.types[topics.topics.indexOf('/late/topic')]).toBe('std_msgs/msg/String');
    expect(await ask<string[]>((ok, fail) => ros.getNodes(ok, fail))).toEqual(expect.arrayContaining(['/rosapi', '/rosbridge_websocket', '/test/scripted_server']));
    expect(await ask<string[]>((ok, fail) => ros.getServices(ok, fail))).toEqual(expect.arrayContaining(['/rosapi/topics', '/rosapi/nodes']));
    expect(await ask<string[]>((ok, fail) => ros.getActionServers(ok, fail))).toEqual([ACTION]);
    expect(await callService(ros, '/rosapi/topic_type', { topic: '/late/topic' })).toEqual({ type: 'std_msgs/msg/String' });
    expect(await ask<string>((ok, fail) => ros.getTopicType('/late/topic', ok, fail))).toBe('std_msgs/msg/String');
    await expect(callService(ros, '/no/such/service')).rejects.toThrow('Service /no/such/service does not exist');
  });

  it('a service advertised by one roslib client is called by another', async () => {
    const provider = new Service<{ a: number; b: number }, { sum: number }>({ ros, name: '/add_two_ints', serviceType: 'example_interfaces/srv/AddTwoInts' });
    await provider.advertise((req, res) => {
      res.sum = req.a + req.b;
      return true;
    });
    const caller = await connectRoslib(server.url);
    expect(await callService(caller, '/add_two_ints', { a: 20, b: 22 })).toEqual({ sum: 42 });
    await provider.unadvertise();
    await disconnect(caller);
  });

  it('a goal streams feedback and succeeds with status 4 (resultCallback)', async () => {
    const action = new Action({ ros, name: ACTION, actionType: ACTION_TYPES.navigateToPlace });
    const run = await runGoal(ros, action, { place_name: 'bed_4' });
    expect(run).toEqual({
      outcome: 'succeeded',
      result: { success: true, error_code: 0, message: 'reached bed_4' },
      feedback: [expect.objectContaining({ distance_remaining: 2 }), expect.objectContaining({ distance_remaining: 1 })],
    });
  });

  it('cancel ends with status 5, abort with 6, rejection with "Action goal was rejected" (failedCallback)', async () => {
    const action = new Action({ ros, name: ACTION, actionType: ACTION_TYPES.navigateToPlace });
    const holding = runGoal(ros, action, { place_name: 'hold' });
    await new Promise((r) => setTimeout(r, 30));
    const runningGoal = [...graph.actionServer(ACTION)!.goals.values()][0]!;
    expect(runningGoal.status).toBe(GoalStatus.EXECUTING);
    const clientId = ros.eventNames().find((n) => typeof n === 'string' && n.startsWith(`send_action_goal:${ACTION}:`)) as string;
    action.cancelGoal(clientId);
    const canceled = await holding;
    expect(canceled).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/^GoalError: Action was canceled: \{.*"error_code":4/) });
    expect(await runGoal(ros, action, { place_name: 'abort' })).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action was aborted') });
    expect(await runGoal(ros, action, { place_name: 'reject' })).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action goal was rejected') });
    expect(await runGoal(ros, action, { place_name: ['not', 'a', 'string'] })).toMatchObject({ outcome: 'failed', error: expect.stringContaining('place_name: must be string') });
    expect(ros.eventNames().filter((n) => String(n).startsWith('send_action_goal'))).toEqual([]);
  });

  it('cancelAllGoals (the hidden _action/cancel_goal service) cancels every running goal', async () => {
    const action = new Action({ ros, name: ACTION, actionType: ACTION_TYPES.navigateToPlace });
    const runs = [runGoal(ros, action, { place_name: 'hold' }), runGoal(ros, action, { place_name: 'hold' })];
    await ask<unknown>((ok) => ros.getTopics(ok));
    expect(graph.actionServer(ACTION)!.goals.size).toBe(2);
    // roslib sends this call without an id; rosbridge still answers, and roslib complains about the
    // id-less reply on console.error (the same against the real server).
    const complaint = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      action.cancelAllGoals();
      for (const run of await Promise.all(runs)) expect(run).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action was canceled') });
      await ask<unknown>((ok) => ros.getTopics(ok));
      expect(complaint).toHaveBeenCalledWith('Received service response without ID');
    } finally {
      complaint.mockRestore();
    }
  });

  it('an action advertised by a roslib client serves goals from another roslib client', async () => {
    const serverSide = new Action<{ order: number }, { partial: number[] }, { sequence: number[] }>({ ros, name: '/fibonacci', actionType: 'example_interfaces/action/Fibonacci' });
    serverSide.advertise((goal, id) => {
      serverSide.sendFeedback(id, { partial: [0, 1] });
      serverSide.setSucceeded(id, { sequence: [0, 1, 1, 2].slice(0, goal.order) });
    }, () => undefined);
    await ask<unknown>((ok) => ros.getTopics(ok));
    const user = await connectRoslib(server.url);
    const run = await runGoal(user, new Action({ ros: user, name: '/fibonacci', actionType: 'example_interfaces/action/Fibonacci' }), { order: 3 });
    expect(run).toEqual({ outcome: 'succeeded', result: { sequence: [0, 1, 1] }, feedback: [{ partial: [0, 1] }] });
    serverSide.unadvertise();
    await disconnect(user);
  });
});

describe('roslib driving a simulated robot on the built-in ward', () => {
  let sim: Simulation;
  let ros: Ros;
  const names = robotNames('robot_1');

  beforeAll(async () => {
    sim = await startSimulation({ rosbridgePort: 0, timeScale: 'max', logger: captureLog().logger });
    ros = await connectRoslib(sim.url);
  });
  afterAll(async () => {
    await disconnect(ros);
    await sim.close();
  });

  const navigateToPlace = () => new Action({ ros, name: names.navigateToPlace, actionType: ACTION_TYPES.navigateToPlace });

  it('shows the robot as a real one would appear: nodes, topics with types, actions, a latched status', async () => {
    const nodes = await ask<string[]>((ok, fail) => ros.getNodes(ok, fail));
    expect(nodes).toEqual(expect.arrayContaining(['/robot_1/ward_skill_server', '/robot_1/bt_navigator', '/rosbridge_websocket', '/rosapi']));
    const topics = await ask<{ topics: string[]; types: string[] }>((ok, fail) => ros.getTopics(ok, fail));
    expect(topics.types[topics.topics.indexOf(names.pose)]).toBe(MESSAGE_TYPES.pose);
    expect(topics.types[topics.topics.indexOf(names.battery)]).toBe(MESSAGE_TYPES.battery);
    expect(topics.types[topics.topics.indexOf(names.status)]).toBe(MESSAGE_TYPES.status);
    expect(await ask<string[]>((ok, fail) => ros.getActionServers(ok, fail))).toEqual(expect.arrayContaining([names.navigateToPlace, names.navigateToPose]));
    const status = await new Promise<RobotStatus>((resolve) => {
      const t = new Topic<RobotStatus>({ ros, name: names.status, messageType: MESSAGE_TYPES.status });
      t.subscribe((m) => {
        t.unsubscribe();
        resolve(m);
      });
    });
    expect(status).toMatchObject({ robot_name: 'robot_1', level_name: 'L1' });
  });

  it('navigate_to_place to a bed succeeds with feedback; the pose topic follows the robot', async () => {
    const poses: PoseStamped[] = [];
    const poseTopic = new Topic<PoseStamped>({ ros, name: names.pose, messageType: MESSAGE_TYPES.pose });
    poseTopic.subscribe((m) => poses.push(m));
    const run = await runGoal(ros, navigateToPlace(), { place_name: 'bed_3' });
    expect(run).toMatchObject({ outcome: 'succeeded', result: { success: true, error_code: NavigateToPlaceError.NONE } });
    expect(run.feedback.length).toBeGreaterThan(0);
    expect(run.feedback[0]).toMatchObject({ current_pose: { header: { frame_id: 'L1' } }, navigation_time: { sec: expect.any(Number) } });
    const bed = findPlace(sim.world.ward, 'bed_3')!;
    const robot = sim.world.robot('robot_1')!.pose();
    expect(Math.hypot(robot.x - bed.x, robot.y - bed.y)).toBeLessThan(0.1);
    await new Promise((r) => setTimeout(r, 100));
    poseTopic.unsubscribe();
    const last = poses.at(-1)!;
    expect(last.header.frame_id).toBe('L1');
    expect(Math.hypot(last.pose.position.x - bed.x, last.pose.position.y - bed.y)).toBeLessThan(0.1);
  });

  it('an unknown place is rejected and the robot keeps what it was doing', async () => {
    const run = await runGoal(ros, navigateToPlace(), { place_name: 'bed_99' });
    expect(run).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action goal was rejected') });
    expect(sim.world.robot('robot_1')!.mode()).not.toBe('navigating');
  });

  it('cancel ends the goal canceled (status 5) with the robot stopped short of the bed', async () => {
    sim.setTimeScale(5);
    try {
      const action = navigateToPlace();
      const run = await runGoal(ros, action, { place_name: 'bed_8' }, (id, n) => {
        if (n === 1) action.cancelGoal(id);
      });
      expect(run).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action was canceled') });
      expect(run.outcome === 'failed' && run.error).toContain(`"error_code":${NavigateToPlaceError.CANCELED}`);
      const robot = sim.world.robot('robot_1')!;
      expect(robot.velocity()).toEqual({ linear: 0, angular: 0 });
      const bed = findPlace(sim.world.ward, 'bed_8')!;
      expect(Math.hypot(robot.pose().x - bed.x, robot.pose().y - bed.y)).toBeGreaterThan(0.5);
      expect(robot.mode()).not.toBe('navigating');
    } finally {
      sim.setTimeScale('max');
    }
  });

  it('a new goal preempts the running one, which ends canceled with PREEMPTED', async () => {
    sim.setTimeScale(5);
    try {
      const action = navigateToPlace();
      let second: Promise<GoalRun> | undefined;
      const first = runGoal(ros, action, { place_name: 'bed_10' }, (_id, n) => {
        if (n === 1) second = runGoal(ros, action, { place_name: 'nurse_station' });
      });
      const firstRun = await first;
      expect(firstRun).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action was canceled') });
      expect(firstRun.outcome === 'failed' && firstRun.error).toContain(`"error_code":${NavigateToPlaceError.PREEMPTED}`);
      sim.setTimeScale('max');
      expect(await second).toMatchObject({ outcome: 'succeeded', result: { success: true } });
    } finally {
      sim.setTimeScale('max');
    }
  });

  it('navigate_to_pose drives to a pose on the named level; an unknown frame aborts with TF_ERROR', async () => {
    const action = new Action({ ros, name: names.navigateToPose, actionType: ACTION_TYPES.navigateToPose });
    const bed = findPlace(sim.world.ward, 'bed_1')!;
    const ok = await runGoal(ros, action, { pose: { header: { frame_id: 'map' }, pose: { position: { x: bed.x, y: bed.y } } } });
    expect(ok).toMatchObject({ outcome: 'succeeded', result: { error_code: 0, error_msg: '' } });
    expect(ok.feedback[0]).toMatchObject({ number_of_recoveries: 0, current_pose: { header: { frame_id: 'L1' } } });
    const bad = await runGoal(ros, action, { pose: { header: { frame_id: 'basement' }, pose: { position: { x: 1, y: 1 } } } });
    expect(bad).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/Action was aborted: .*"error_code":9002/) });
  });

  it('status reports navigation while a goal runs, and idle or charging after', async () => {
    const modes: number[] = [];
    const t = new Topic<RobotStatus>({ ros, name: names.status, messageType: MESSAGE_TYPES.status });
    t.subscribe((m) => modes.push(m.mode));
    await runGoal(ros, navigateToPlace(), { place_name: 'pharmacy' });
    await new Promise((r) => setTimeout(r, 100));
    t.unsubscribe();
    expect(modes).toContain(RobotMode.MODE_NAVIGATING);
    expect([RobotMode.MODE_IDLE, RobotMode.MODE_CHARGING]).toContain(modes.at(-1));
  });
});
