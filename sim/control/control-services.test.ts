// The simulator's controls as a rosbridge client sees them (roslib, as the sim view uses it): the /sim/…
// services and /sim/state, each fault as the robots' own interfaces then show it (detect_person finds
// nobody, a dropped robot falls silent and off rosapi, BatteryState says the new charge), and refusals
// that name the field.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Action, Service, Topic, type Ros } from 'roslib';
import { ACTION_TYPES, MESSAGE_TYPES, robotNames, type BatteryState } from '../../robot/index.js';
import { until } from '../../test/until.js';
import { captureLog, connectRoslib, runGoal } from '../rosbridge/test-support.js';
import { startSimulation, type Simulation } from '../index.js';
import { FAULT_KIND, SIM_SERVICES, SIM_STATE_TOPIC, type SimRequest, type SimResponse, type SimServiceKey, type SimStateMsg } from './protocol.js';

const wallMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('/sim/… services and /sim/state over rosbridge', () => {
  let sim: Simulation;
  let ros: Ros;
  let latest: SimStateMsg | undefined;
  const states: SimStateMsg[] = [];

  function call<K extends SimServiceKey>(key: K, req: Partial<SimRequest<K>>): Promise<SimResponse<K>> {
    const { name, type } = SIM_SERVICES[key];
    const service = new Service<Partial<SimRequest<K>>, SimResponse<K>>({ ros, name, serviceType: type });
    return new Promise((resolve, reject) => service.callService(req, resolve, (e) => reject(new Error(e))));
  }
  const action = (robot: string, skill: 'navigateToPlace' | 'detectPerson') =>
    new Action({ ros, name: robotNames(robot)[skill], actionType: ACTION_TYPES[skill] });

  beforeAll(async () => {
    sim = await startSimulation({ rosbridgePort: 0, robots: 2, seed: 4, timeScale: 'max', logger: captureLog().logger });
    ros = await connectRoslib(sim.url);
    new Topic<SimStateMsg>({ ros, name: SIM_STATE_TOPIC.name, messageType: SIM_STATE_TOPIC.type }).subscribe((m) => {
      latest = m;
      states.push(m);
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => {
      ros.on('close', resolve);
      ros.close();
    });
    await sim.close();
  });

  it('serves every control with its ward_sim_interfaces type, and /sim/state at once (latched)', async () => {
    const services = await new Promise<string[]>((ok, fail) => ros.getServices(ok, fail));
    expect(services).toEqual(expect.arrayContaining(Object.values(SIM_SERVICES).map((s) => s.name)));
    const type = await new Promise<string>((ok, fail) => ros.getServiceType(SIM_SERVICES.dropLink.name, ok, fail));
    expect(type).toBe('ward_sim_interfaces/srv/DropLink');
    await until('the latched /sim/state', () => latest);
    expect(latest).toMatchObject({ flat_out: true, paused: false, scenarios: ['fresh_start', 'morning_round', 'delivery_absent_patient'] });
    expect(latest!.robots.map((r) => r.name)).toEqual(['robot_1', 'robot_2']);
    const got = await call('getState', {});
    expect(got.state.occupied_beds).toHaveLength(10);
  });

  it('sets the time scale and pauses; /sim/state follows; a bad value is refused by field', async () => {
    expect(await call('setTimeScale', { time_scale: 5 })).toEqual({ success: true, message: 'running at 5× real time' });
    expect(sim.control.timeScale).toBe(5);
    await until('/sim/state at 5×', () => latest?.time_scale === 5);
    expect(await call('setPaused', { paused: true })).toEqual({ success: true, message: 'paused' });
    await until('/sim/state paused', () => latest?.paused);
    const t = sim.world.clock.now();
    await wallMs(100);
    expect(sim.world.clock.now()).toBe(t);
    expect(await call('setTimeScale', { time_scale: -2 })).toEqual({
      success: false, message: "time_scale: must be a positive number or 'max' (flat out), at most 10000; got -2",
    });
    // The wrong JSON type never reaches the simulator: rosbridge refuses the request, naming the field.
    await expect(call('setTimeScale', { time_scale: 'fast' as unknown as number })).rejects.toThrow(/time_scale: must be number/);
    await call('setPaused', { paused: false });
    expect(await call('setTimeScale', { flat_out: true })).toMatchObject({ success: true });
    expect(sim.control.timeScale).toBe('max');
  });

  it('patient absent: detect_person at their bed finds nobody until the fault is cleared', async () => {
    expect((await runGoal(ros, action('robot_1', 'navigateToPlace'), { place_name: 'bed_5' })).outcome).toBe('succeeded');
    const absent = await call('setPatientAbsent', { bed: 'bed_5' });
    expect(absent).toEqual({ success: true, message: 'the patient in bed_5 is away from their bed', fault_id: expect.stringMatching(/^fault-/) });
    await until('/sim/state lists the absence', () => latest?.faults.some((f) => f.kind === FAULT_KIND.PATIENT_ABSENT && f.bed === 'bed_5'));
    expect(latest!.patients_in_bed).not.toContain('bed_5');
    const look = await runGoal(ros, action('robot_1', 'detectPerson'), {});
    expect(look).toMatchObject({ outcome: 'succeeded', result: { found: false, message: 'nobody at bed_5' } });

    expect(await call('clearFault', { fault_id: absent.fault_id })).toEqual({ success: true, message: `cleared ${absent.fault_id}` });
    expect(await runGoal(ros, action('robot_1', 'detectPerson'), {})).toMatchObject({ result: { found: true } });
    expect(await call('setPatientAbsent', { bed: 'bed_42' })).toMatchObject({ success: false, fault_id: '', message: expect.stringMatching(/^bed: no simulated patient in "bed_42"/) });
  });

  it('a blocked corridor: a goal beyond it fails NO_ROUTE, and the block is listed with its lane', async () => {
    const blocked = await call('blockCorridor', { level: 'L1', x: 7, y: -7.7 });
    expect(blocked).toMatchObject({ success: true, message: expect.stringMatching(/lane between vertices 72 and 73/) });
    const nav = await runGoal(ros, action('robot_2', 'navigateToPlace'), { place_name: 'bed_1' });
    // roslib reports an aborted goal as a failure carrying the result: NO_ROUTE (2).
    expect(nav).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/aborted.*"error_code":2.*no route from .* to bed_1; 1 block\(s\) in force/) });
    await until('/sim/state lists the block', () => latest?.faults.some((f) => f.id === blocked.fault_id && f.x1 === 5.5 && f.x2 === 9));
    expect(await call('blockCorridor', { level: 'L1', from_vertex: 3 })).toEqual({
      success: false, message: 'to_vertex: give both vertices of the lane (or neither, and a point)', fault_id: '',
    });
    await call('clearFault', { fault_id: blocked.fault_id });
  });

  it('a drained battery shows in BatteryState; a percentage out of range is refused', async () => {
    const batteries: BatteryState[] = [];
    const topic = new Topic<BatteryState>({ ros, name: robotNames('robot_2').battery, messageType: MESSAGE_TYPES.battery });
    topic.subscribe((m) => batteries.push(m));
    expect(await call('setBattery', { robot: 'robot_2', percent: 7 })).toEqual({ success: true, message: "robot_2's battery set to 7% (was 100%)" });
    await until('BatteryState at 7 %', () => batteries.some((b) => Math.abs(b.percentage - 0.07) < 0.005));
    await until('/sim/state at 7 %', () => latest?.robots.some((r) => r.name === 'robot_2' && Math.abs(r.battery - 0.07) < 0.005));
    expect(await call('setBattery', { robot: 'robot_2', percent: 140 })).toEqual({ success: false, message: 'percent: must be 0 to 100, got 140' });
    expect(await call('setBattery', { robot: 'robot_7', percent: 40 })).toEqual({ success: false, message: 'robot: no robot named "robot_7" (robots: robot_1, robot_2)' });
    topic.unsubscribe();
  });

  it('a dropped link: the robot falls silent, off rosapi, and its goals go unanswered, until the fault ends', async () => {
    const poses = { robot_1: 0, robot_2: 0 };
    const topics = (['robot_1', 'robot_2'] as const).map((r) => {
      const t = new Topic({ ros, name: robotNames(r).pose, messageType: MESSAGE_TYPES.pose, throttle_rate: 0 });
      t.subscribe(() => { poses[r]++; });
      return t;
    });
    await until('poses from both robots', () => poses.robot_1 > 0 && poses.robot_2 > 0);

    const dropped = await call('dropLink', { robot: 'robot_1', duration: 0 });
    expect(dropped).toMatchObject({ success: true, message: "robot_1's link is dropped until cleared" });
    const listed = await new Promise<{ topics: string[] }>((ok, fail) => ros.getTopics(ok, fail));
    expect(listed.topics.some((t) => t.startsWith('/robot_1/'))).toBe(false);
    expect(listed.topics).toContain(robotNames('robot_2').status);
    await wallMs(50);
    const before = { ...poses };
    let answered = false;
    void runGoal(ros, action('robot_1', 'navigateToPlace'), { place_name: 'bed_1' }).then(() => { answered = true; });
    await wallMs(400);
    expect(poses.robot_1).toBe(before.robot_1);
    expect(poses.robot_2).toBeGreaterThan(before.robot_2);
    expect(answered).toBe(false);
    // The goal was lost on the way: the robot never got it.
    expect(sim.world.robot('robot_1')!.currentGoal()).toBeNull();
    expect(latest!.robots.find((r) => r.name === 'robot_1')?.link_up).toBe(false);

    await call('clearFault', { all: true });
    await until('robot_1 publishing again', () => poses.robot_1 > before.robot_1);
    const back = await new Promise<{ topics: string[] }>((ok, fail) => ros.getTopics(ok, fail));
    expect(back.topics).toContain(robotNames('robot_1').status);
    for (const t of topics) t.unsubscribe();
    expect(states.length).toBeGreaterThan(5);
  });
});
