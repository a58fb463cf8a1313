// What a brain sees over rosbridge: the simulated robot's ward skills, its patients answering on the
// patient_speech topic, staff signing in, drawers and /clock, all through the real roslib client.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Action, Ros, Topic } from 'roslib';
import {
  ACTION_TYPES, AskOutcome, CLOCK_TOPIC, DrawerCommand, DrawerStateCode, MESSAGE_TYPES, fromRosTime, robotNames,
  type Clock, type DrawerStates, type Utterance,
} from '../robot/index.js';
import { until } from '../test/until.js';
import { wardWithPeople } from './people/test-people.js';
import { captureLog, connectRoslib, runGoal, type CapturedLog, type GoalRun } from './rosbridge/test-support.js';
import { startSimulation, type Simulation } from './index.js';

const START = '2025-03-02T08:00:00+08:00';
const names = robotNames('robot_1');
const wallMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

function firstMessage<T>(ros: Ros, name: string, type: string, pred: (m: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const t = new Topic<T>({ ros, name, messageType: type });
    t.subscribe((m) => {
      if (!pred(m)) return;
      t.unsubscribe();
      resolve(m);
    });
  });
}

describe('ward skills of a simulated robot over rosbridge', () => {
  let sim: Simulation;
  let ros: Ros;
  let log: CapturedLog;
  const action = (skill: keyof typeof ACTION_TYPES & keyof ReturnType<typeof robotNames>) =>
    new Action({ ros, name: names[skill], actionType: ACTION_TYPES[skill] });

  beforeAll(async () => {
    log = captureLog();
    sim = await startSimulation({ ward: wardWithPeople(), rosbridgePort: 0, timeScale: 'max', startTime: START, seed: 5, logger: log.logger });
    ros = await connectRoslib(sim.url);
    const there = await runGoal(ros, action('navigateToPlace'), { place_name: 'bed_2' });
    expect(there.outcome).toBe('succeeded');
  });
  afterAll(async () => {
    await new Promise((resolve) => {
      ros.on('close', resolve);
      ros.close();
    });
    await sim.close();
  });

  it('serves every skill action and the drawers, patient_speech and /clock topics with their types', async () => {
    const actions = await new Promise<string[]>((ok, fail) => ros.getActionServers(ok, fail));
    expect(actions).toEqual(expect.arrayContaining([names.speak, names.askQuestion, names.detectPerson, names.readWristband, names.drawerControl, names.authenticateStaff, '/robot_2/speak']));
    const topics = await new Promise<{ topics: string[]; types: string[] }>((ok, fail) => ros.getTopics(ok, fail));
    const typeOf = (t: string) => topics.types[topics.topics.indexOf(t)];
    expect([typeOf(names.drawers), typeOf(names.patientSpeech), typeOf(CLOCK_TOPIC)]).toEqual([MESSAGE_TYPES.drawers, MESSAGE_TYPES.patientSpeech, MESSAGE_TYPES.clock]);
  });

  it('ask_question: the simulated patient answers on /robot_1/patient_speech and the goal returns it verbatim', async () => {
    const heard = firstMessage<Utterance>(ros, names.patientSpeech, MESSAGE_TYPES.patientSpeech);
    const run = await runGoal(ros, action('askQuestion'), { question_id: 'identity', text: 'What is your name and date of birth?', language: 'en' });
    expect(run).toMatchObject({ outcome: 'succeeded', result: { outcome: AskOutcome.OUTCOME_ANSWERED, answer_text: 'John Smith, born 1948-11-20', language: 'en' } });
    expect(run.feedback.map((f) => f.state)).toEqual([0, 1]);
    expect(await heard).toMatchObject({ text: 'John Smith, born 1948-11-20', source: 'sim' });
  });

  it('an Utterance a client publishes on patient_speech answers the question (the patient is silent)', async () => {
    sim.people.script('MRN-1002', { silent: true });
    try {
      const mic = new Topic<Utterance>({ ros, name: names.patientSpeech, messageType: MESSAGE_TYPES.patientSpeech });
      const run = runGoal(ros, action('askQuestion'), { question_id: 'pain', text: 'Any pain, 0 to 10?', language: 'en', kind: 1, timeout: { sec: 3600, nanosec: 0 } }, (_id, n) => {
        if (n === 2) mic.publish({ header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, text: 'seven', language: 'en', confidence: 0.8, source: 'touch' });
      });
      expect(await run).toMatchObject({ outcome: 'succeeded', result: { outcome: AskOutcome.OUTCOME_ANSWERED, answer_text: 'seven', confidence: expect.closeTo(0.8, 5) } });
    } finally {
      sim.people.script('MRN-1002', { silent: false });
    }
  });

  it('an absent patient: detect_person finds nobody and ask_question ends NO_ANSWER at its timeout', async () => {
    sim.people.script('bed_2', { present: false });
    try {
      const detect = await runGoal(ros, action('detectPerson'), {});
      expect(detect).toMatchObject({ outcome: 'succeeded', result: { found: false, message: 'nobody at bed_2' } });
      const t0 = sim.world.clock.now();
      const ask = await runGoal(ros, action('askQuestion'), { question_id: 'pain', text: 'Any pain?', language: 'en', kind: 1, timeout: { sec: 20, nanosec: 0 } });
      expect(ask).toMatchObject({ outcome: 'succeeded', result: { outcome: AskOutcome.OUTCOME_NO_ANSWER, message: 'no answer within 20 s' } });
      expect(sim.world.clock.now() - t0).toBeGreaterThanOrEqual(21_000);
    } finally {
      sim.people.script('bed_2', { present: true });
    }
    const back = await runGoal(ros, action('detectPerson'), {});
    expect(back).toMatchObject({ outcome: 'succeeded', result: { found: true } });
  });

  it('read_wristband reads the band, or a scripted wrong one', async () => {
    expect(await runGoal(ros, action('readWristband'), {})).toMatchObject({ outcome: 'succeeded', result: { success: true, code: 'WB-MRN-1002' } });
    sim.people.script('MRN-1002', { wristband: 'WB-MRN-1001' });
    expect(await runGoal(ros, action('readWristband'), {})).toMatchObject({ outcome: 'succeeded', result: { success: true, code: 'WB-MRN-1001' } });
  });

  it('bad goals are rejected: the log names the field; a mistyped field is refused with its name', async () => {
    const speak = await runGoal(ros, action('speak'), { text: 'Bonjour', language: 'fr' });
    expect(speak).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action goal was rejected') });
    expect(log.has((l) => l.msg === 'goal rejected' && String(l.reason).includes('language: must be one of'))).toBe(true);
    const drawer = await runGoal(ros, action('drawerControl'), { drawer: 9, command: DrawerCommand.UNLOCK });
    expect(drawer).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action goal was rejected') });
    expect(log.has((l) => l.msg === 'goal rejected' && String(l.reason).includes('drawer: must be 1..4, got 9'))).toBe(true);
    const typed = await runGoal(ros, action('drawerControl'), { drawer: 'two', command: DrawerCommand.UNLOCK });
    expect(typed).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/drawer/) });
    expect(sim.robotRecords('robot_1').actuations).toEqual([]);
  });

  it('drawers: latched states, unlock and lock, and an actuation log with the authorization and the bed', async () => {
    const initial = await firstMessage<DrawerStates>(ros, names.drawers, MESSAGE_TYPES.drawers);
    expect(initial.drawers.map((d) => d.state)).toEqual([0, 0, 0, 0]);
    const opened = firstMessage<DrawerStates>(ros, names.drawers, MESSAGE_TYPES.drawers, (m) => m.drawers[2]?.state === DrawerStateCode.STATE_OPEN);
    const run = await runGoal(ros, action('drawerControl'), { drawer: 3, command: DrawerCommand.UNLOCK, authorization: 'custody-7' });
    expect(run).toMatchObject({ outcome: 'succeeded', result: { success: true, state: DrawerStateCode.STATE_OPEN } });
    expect((await opened).header.stamp.sec).toBeGreaterThanOrEqual(Date.parse(START) / 1000);
    await runGoal(ros, action('drawerControl'), { drawer: 3, command: DrawerCommand.LOCK, authorization: 'custody-7' });
    const records = sim.robotRecords('robot_1');
    expect(records.drawers).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED']);
    expect(records.actuations.map((a) => [a.drawer, a.command, a.authorization, a.place, a.stateAfter])).toEqual([
      [3, 'UNLOCK', 'custody-7', 'bed_2', 'OPEN'], [3, 'LOCK', 'custody-7', 'bed_2', 'LOCKED'],
    ]);
    expect(records.actuations[0]!.at).toBe(sim.startTime + records.actuations[0]!.simTimeMs);
    expect(sim.robotRecords('robot_2').actuations).toEqual([]);
    expect(() => sim.robotRecords('robot_9')).toThrow(/robot: no robot named "robot_9"/);
  });

  it('authenticate_staff: a staff arrival signs in; nobody means failure at the timeout; cancel ends it canceled', async () => {
    sim.people.staffArrives('robot_1', { badge: 'BADGE-7', pin: '2468' }, 30);
    const ok = await runGoal(ros, action('authenticateStaff'), { purpose: 'Receive medication', language: 'zh-CN', timeout: { sec: 300, nanosec: 0 } });
    expect(ok).toMatchObject({ outcome: 'succeeded', result: { success: true, badge_id: 'BADGE-7', pin: '2468' } });
    const none = await runGoal(ros, action('authenticateStaff'), { purpose: 'Receive medication', language: 'en', timeout: { sec: 45, nanosec: 0 } });
    expect(none).toMatchObject({ outcome: 'failed', error: expect.stringContaining('nobody signed in within 45 s') });
    const auth = action('authenticateStaff');
    const canceled = await runGoal(ros, auth, { purpose: 'x', language: 'en', timeout: { sec: 3600, nanosec: 0 } }, (id, n) => {
      if (n === 1) auth.cancelGoal(id);
    });
    expect(canceled).toMatchObject({ outcome: 'failed', error: expect.stringContaining('Action was canceled') });
  });

  it('a default responder set at start comes to every robot', async () => {
    const other = await startSimulation({
      ward: wardWithPeople(), rosbridgePort: 0, timeScale: 'max', logger: captureLog().logger,
      defaultResponder: { badge: 'NURSE-1', pin: '1111', afterS: 12 },
    });
    const client = await connectRoslib(other.url);
    try {
      const a = new Action({ ros: client, name: robotNames('robot_2').authenticateStaff, actionType: ACTION_TYPES.authenticateStaff });
      expect(await runGoal(client, a, { purpose: 'p', language: 'en' })).toMatchObject({ outcome: 'succeeded', result: { badge_id: 'NURSE-1', pin: '1111' } });
    } finally {
      client.close();
      await other.close();
    }
  });

  it('a paused simulation holds a running skill where it is; resume lets it finish', async () => {
    sim.pause();
    let run: Promise<GoalRun> | undefined;
    try {
      let done = false;
      run = runGoal(ros, action('speak'), { text: '请您按时吃药。', language: 'zh-CN' }).then((r) => { done = true; return r; });
      await wallMs(150);
      expect(done).toBe(false);
      expect(sim.robotRecords('robot_1').transcript.at(-1)).toMatchObject({ text: '请您按时吃药。', completed: false });
    } finally {
      sim.resume();
    }
    expect(await run).toMatchObject({ outcome: 'succeeded', result: { success: true } });
    expect(sim.robotRecords('robot_1').transcript.at(-1)).toMatchObject({ text: '请您按时吃药。', language: 'zh-CN', kind: 'speak' });
  });

  it('/clock follows sim.now() at max speed: dated from startTime, monotonic, not flooding, exact on pause', async () => {
    const stamps: number[] = [];
    const t = new Topic<Clock>({ ros, name: CLOCK_TOPIC, messageType: MESSAGE_TYPES.clock });
    t.subscribe((m) => stamps.push(fromRosTime(m.clock) * 1000));
    const wall0 = Date.now();
    await wallMs(300);
    sim.pause();
    const pausedAt = sim.now();
    expect(pausedAt).toBe(sim.startTime + sim.world.clock.now());
    await until('the clock where time stopped', () => stamps.at(-1) === pausedAt, 3000);
    const wall = Date.now() - wall0;
    t.unsubscribe();
    sim.resume();
    expect(sim.startTime).toBe(Date.parse(START));
    expect(stamps[0]).toBeGreaterThan(Date.parse(START));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThanOrEqual(stamps[i - 1]!);
    // Hundreds of sim seconds went by, in at most one message per 20 ms of wall time (plus the one on pause).
    expect(stamps.at(-1)! - stamps[0]!).toBeGreaterThan(100_000);
    expect(stamps.length).toBeGreaterThan(3);
    expect(stamps.length).toBeLessThanOrEqual(Math.ceil(wall / 20) + 2);
  });
});
