// The ward skills of a simulated robot on the in-process graph, stepped headless on the sim clock.
import { describe, it, expect } from '@jest/globals';
import {
  AskOutcome, DrawerCommand, DrawerStateCode, GoalStatus, MESSAGE_TYPES, robotNames,
  type DrawerStates, type Utterance,
} from '../../../robot/index.js';
import { SimPeople } from '../../people/index.js';
import { wardWithPeople } from '../../people/test-people.js';
import { RosGraph, type GoalOutcome } from '../../rosbridge/index.js';
import { captureLog } from '../../rosbridge/test-support.js';
import { SimTimers, SimWorld, type SimRobot } from '../../world/index.js';
import { attachWorld } from '../robot-node.js';

const names = robotNames('robot_1');
const settle = () => new Promise((r) => setImmediate(r));

function setup(opts: { drawers?: number; seed?: number } = {}) {
  const log = captureLog();
  const world = new SimWorld({ ward: wardWithPeople(), seed: opts.seed ?? 3 });
  const graph = new RosGraph({ logger: log.logger });
  const timers = new SimTimers(world);
  const people = new SimPeople({ world, graph, timers, stamp: () => graph.now() });
  // Wall time tied to sim time, so that the wall caps on feedback are deterministic.
  const bindings = attachWorld(graph, world, {
    logger: log.logger, wallNow: () => world.clock.now(),
    skills: { people, timers, ...(opts.drawers === undefined ? {} : { drawers: opts.drawers }) },
  });
  const listener = graph.createNode('/test_listener');
  const skills = bindings[0]!.skills!;
  return { log, world, graph, people, listener, skills, robot: world.robot('robot_1')! };
}
type Setup = ReturnType<typeof setup>;

interface Sent {
  outcome: GoalOutcome | undefined;
  endedAtMs: number | undefined;
  feedback: Record<string, unknown>[];
  cancel(): void;
  result(): Record<string, unknown>;
}
function send(s: Setup, action: string, goal: unknown): Sent {
  const sent: Sent = {
    outcome: undefined, endedAtMs: undefined, feedback: [], cancel: () => undefined,
    result: () => {
      const o = sent.outcome;
      if (!o || o.status === GoalStatus.UNKNOWN) throw new Error(`goal has no result: ${JSON.stringify(o)}`);
      return o.result;
    },
  };
  const g = s.graph.sendGoal(action, goal, {
    onFeedback: (f) => sent.feedback.push(f),
    onResult: (o) => { sent.outcome = o; sent.endedAtMs = s.world.clock.now(); },
  });
  sent.cancel = () => g.cancel();
  return sent;
}

async function runUntil(world: SimWorld, done: () => boolean, maxSimSec = 300): Promise<void> {
  const start = world.clock.now();
  while (world.clock.now() - start < maxSimSec * 1000 && !done()) {
    // Time held (detect_person's detector is running, in wall time): let it work.
    if (world.clock.held) await new Promise((r) => setTimeout(r, 2));
    else world.runFor(0.05);
    await settle();
  }
  if (!done()) throw new Error(`not done after ${maxSimSec} sim seconds`);
}

async function driveTo(world: SimWorld, robot: SimRobot, place: string): Promise<void> {
  const go = robot.goTo({ place });
  if (!go.ok) throw new Error(go.message);
  await runUntil(world, () => go.handle.outcome !== null);
  expect(go.handle.outcome?.status).toBe('succeeded');
}

const rejectedBecause = (s: Setup, pattern: RegExp) => s.log.has((l) => l.msg === 'goal rejected' && pattern.test(String(l.reason)));

describe('speak', () => {
  it('takes sim time in proportion to the text, reports progress and keeps a transcript', async () => {
    const s = setup();
    const en = send(s, names.speak, { text: 'Good morning, I am your ward robot.', language: 'en' });
    await runUntil(s.world, () => en.outcome !== undefined);
    expect(en.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED, result: { success: true } });
    // 35 characters at 14 a second: 2.5 s, to the next 50 ms physics step.
    expect(en.endedAtMs).toBe(2500);
    const progress = en.feedback.map((f) => f.progress as number);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const zh = send(s, names.speak, { text: '早上好，我是病房机器人。', language: 'zh-CN' });
    await runUntil(s.world, () => zh.outcome !== undefined);
    expect(zh.endedAtMs! - en.endedAtMs!).toBe(3000);
    expect(s.skills.records.transcript).toEqual([
      { simTimeMs: 0, at: 0, text: 'Good morning, I am your ward robot.', language: 'en', kind: 'speak', completed: true },
      { simTimeMs: 2500, at: 2500, text: '早上好，我是病房机器人。', language: 'zh-CN', kind: 'speak', completed: true },
    ]);
  });

  it('rejects a bad language or empty text naming the field', async () => {
    const s = setup();
    const fr = send(s, names.speak, { text: 'Bonjour', language: 'fr' });
    const empty = send(s, names.speak, { text: '  ', language: 'en' });
    expect(fr.outcome).toEqual({ status: GoalStatus.UNKNOWN, error: 'Action goal was rejected' });
    expect(empty.outcome).toEqual({ status: GoalStatus.UNKNOWN, error: 'Action goal was rejected' });
    expect(rejectedBecause(s, /^\/robot_1\/speak: language: must be one of "zh-CN", "en", got "fr"$/)).toBe(true);
    expect(rejectedBecause(s, /speak: text: must be non-empty/)).toBe(true);
    expect(s.skills.records.transcript).toEqual([]);
  });

  it('cancel ends it canceled at once; a newer sentence cuts the older off', async () => {
    const s = setup();
    const long = send(s, names.speak, { text: 'This is a long announcement about visiting hours today.', language: 'en' });
    s.world.runFor(1);
    long.cancel();
    expect(long.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { success: false, message: 'canceled' } });
    const first = send(s, names.speak, { text: 'First sentence that is cut off.', language: 'en' });
    s.world.runFor(0.5);
    const second = send(s, names.speak, { text: 'Second.', language: 'en' });
    expect(first.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { message: expect.stringMatching(/^preempted by goal /) } });
    await runUntil(s.world, () => second.outcome !== undefined);
    expect(second.outcome?.status).toBe(GoalStatus.SUCCEEDED);
    expect(s.skills.records.transcript.map((l) => l.completed)).toEqual([false, false, true]);
  });
});

describe('ask_question and the simulated patient', () => {
  it('at an English patient\'s bed: speaks, listens, and the patient answers on patient_speech', async () => {
    const s = setup();
    await driveTo(s.world, s.robot, 'bed_2');
    const heard: Utterance[] = [];
    s.listener.createSubscription<Utterance>(names.patientSpeech, MESSAGE_TYPES.patientSpeech, (u) => heard.push(u));
    const t0 = s.world.clock.now();
    const ask = send(s, names.askQuestion, { question_id: 'identity', text: 'Please tell me your name and date of birth.', language: 'en' });
    await runUntil(s.world, () => ask.outcome !== undefined);
    expect(ask.outcome).toMatchObject({
      status: GoalStatus.SUCCEEDED,
      result: { outcome: AskOutcome.OUTCOME_ANSWERED, answer_text: 'John Smith, born 1948-11-20', language: 'en', confidence: expect.closeTo(0.95, 5) },
    });
    expect(ask.feedback.map((f) => f.state)).toEqual([0, 1]);
    // 43 characters at 14 a second, then the patient's 1.5 s.
    expect(ask.endedAtMs! - t0).toBe(Math.ceil((43 / 14) * 20) * 50 + 1500);
    expect(heard).toEqual([expect.objectContaining({ text: 'John Smith, born 1948-11-20', source: 'sim', language: 'en' })]);
    expect(s.graph.interfaces.validate(MESSAGE_TYPES.patientSpeech, heard[0])).toEqual({ ok: true });
    expect(s.skills.records.transcript.at(-1)).toMatchObject({ kind: 'ask', questionId: 'identity', completed: true });
  });

  it('takes the first utterance after the question, from anyone on the topic, verbatim', async () => {
    const s = setup();
    await driveTo(s.world, s.robot, 'bed_1');
    s.people.script('MRN-1001', { answerDelayS: 5 });
    const mic = s.listener.createPublisher<Utterance>(names.patientSpeech, MESSAGE_TYPES.patientSpeech);
    const say = (text: string) => mic.publish({ header: { stamp: s.graph.now(), frame_id: '' }, text, language: 'zh-CN', confidence: 1, source: 'touch' });
    const ask = send(s, names.askQuestion, { question_id: 'pain', text: '您现在疼吗？请用零到十打分。', language: 'zh-CN', kind: 1 });
    s.world.runFor(1);
    say('said while the robot was still talking');
    await runUntil(s.world, () => ask.feedback.length === 2);
    say('七');
    expect(ask.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED, result: { outcome: AskOutcome.OUTCOME_ANSWERED, answer_text: '七', confidence: 1, language: 'zh-CN' } });
  });

  it('scripted answers come in turn; a zh-CN patient answers in Chinese by default', async () => {
    const s = setup();
    await driveTo(s.world, s.robot, 'bed_1');
    s.people.script('bed_1', { answers: { pain: ['嗯……', '6'] } });
    const answers: string[] = [];
    for (const id of ['pain', 'pain', 'pain', 'identity', 'dizzy']) {
      const ask = send(s, names.askQuestion, { question_id: id, text: '问题', language: 'zh-CN', kind: id === 'dizzy' ? 2 : 1 });
      await runUntil(s.world, () => ask.outcome !== undefined);
      answers.push(ask.result().answer_text as string);
    }
    expect(answers).toEqual(['嗯……', '6', '6', '我叫王芳，1956年3月2日出生', '不是']);
  });

  it('NO_ANSWER at the timeout in sim time when the patient is absent, silent, or the robot is not at a bed', async () => {
    const s = setup();
    const nowhere = send(s, names.askQuestion, { question_id: 'pain', text: 'Any pain?', language: 'en', kind: 1, timeout: { sec: 8, nanosec: 0 } });
    await runUntil(s.world, () => nowhere.outcome !== undefined);
    // 1 s of speech, then 8 s of listening.
    expect(nowhere.endedAtMs).toBe(9000);
    expect(nowhere.result()).toMatchObject({ outcome: AskOutcome.OUTCOME_NO_ANSWER, answer_text: '', message: 'no answer within 8 s' });
    await driveTo(s.world, s.robot, 'bed_2');
    for (const script of [{ present: false }, { present: true, silent: true }]) {
      s.people.script('MRN-1002', script);
      const ask = send(s, names.askQuestion, { question_id: 'pain', text: 'Any pain?', language: 'en', kind: 1, timeout: { sec: 3, nanosec: 0 } });
      await runUntil(s.world, () => ask.outcome !== undefined);
      expect(ask.result().outcome).toBe(AskOutcome.OUTCOME_NO_ANSWER);
    }
    // An answer slower than the timeout comes too late.
    s.people.script('MRN-1002', { silent: false, answerDelayS: 4 });
    const slow = send(s, names.askQuestion, { question_id: 'pain', text: 'Any pain?', language: 'en', kind: 1, timeout: { sec: 3, nanosec: 0 } });
    await runUntil(s.world, () => slow.outcome !== undefined);
    expect(slow.result().outcome).toBe(AskOutcome.OUTCOME_NO_ANSWER);
  });

  it('rejects bad goals naming the field; cancel while listening ends it canceled', async () => {
    const s = setup();
    const bad = [
      [{ question_id: '', text: 'Q?', language: 'en' }, /question_id: must be non-empty/],
      [{ question_id: 'q', text: 'Q?', language: 'en', kind: 7 }, /kind: must be one of 0, 1, 2, 3/],
      [{ question_id: 'q', text: 'Q?', language: 'en', kind: 3 }, /choices: a KIND_CHOICE question needs/],
      [{ question_id: 'q', text: 'Q?', language: 'de' }, /language: must be one of/],
      [{ question_id: 'q', text: 'Q?', language: 'en', timeout: { sec: -3, nanosec: 0 } }, /timeout: must not be negative/],
    ] as const;
    for (const [goal, why] of bad) {
      expect(send(s, names.askQuestion, goal).outcome).toEqual({ status: GoalStatus.UNKNOWN, error: 'Action goal was rejected' });
      expect(rejectedBecause(s, why)).toBe(true);
    }
    const ask = send(s, names.askQuestion, { question_id: 'q', text: 'Q?', language: 'en' });
    await runUntil(s.world, () => ask.feedback.length === 2);
    ask.cancel();
    expect(ask.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { outcome: AskOutcome.OUTCOME_NO_ANSWER, message: 'canceled' } });
  });
});

describe('detect_person', () => {
  it('finds the present patient in the camera frames in 1 to 2 s; not when absent or away from a bed; the same seed gives the same run', async () => {
    const confidences: number[] = [];
    for (const run of [0, 1]) {
      const s = setup();
      const away = send(s, names.detectPerson, {});
      await runUntil(s.world, () => away.outcome !== undefined);
      expect(away.result()).toMatchObject({ found: false, confidence: 0, message: 'no person in view (robot_1 is not at a bed)' });
      await driveTo(s.world, s.robot, 'bed_3');
      const t0 = s.world.clock.now();
      const here = send(s, names.detectPerson, { timeout: { sec: 5, nanosec: 0 } });
      await runUntil(s.world, () => here.outcome !== undefined);
      expect(here.outcome?.status).toBe(GoalStatus.SUCCEEDED);
      expect(here.result()).toMatchObject({ found: true, message: 'person at bed_3' });
      // The detector's wall time is not simulated time: the goal still settles 1 to 2 sim seconds in.
      expect(here.endedAtMs! - t0).toBeGreaterThanOrEqual(1000);
      expect(here.endedAtMs! - t0).toBeLessThanOrEqual(2050);
      // One frame through the detector, as it settles.
      expect(here.feedback.at(-1)).toEqual({ frames_checked: 1 });
      confidences.push(here.result().confidence as number);
      if (run === 1) {
        s.people.script('MRN-1003', { present: false });
        const empty = send(s, names.detectPerson, {});
        await runUntil(s.world, () => empty.outcome !== undefined);
        expect(empty.result()).toMatchObject({ found: false, message: 'nobody at bed_3' });
        const short = send(s, names.detectPerson, { timeout: { sec: 0, nanosec: 500_000_000 } });
        await runUntil(s.world, () => short.outcome !== undefined);
        expect(short.result()).toMatchObject({ found: false, message: 'no person confirmed within 0.5 s' });
        const canceled = send(s, names.detectPerson, {});
        s.world.runFor(0.5);
        canceled.cancel();
        expect(canceled.outcome?.status).toBe(GoalStatus.CANCELED);
        // Canceled while its detector was running: time is not left held.
        await runUntil(s.world, () => !s.world.clock.held, 1);
        expect(s.world.clock.held).toBe(false);
      }
    }
    // The detector's own confidence (CenterNet scores a patient sitting up in bed about 0.2–0.3), the same both runs.
    expect(confidences[0]).toBeGreaterThanOrEqual(0.15);
    expect(confidences[0]).toBeLessThanOrEqual(1);
    expect(confidences[1]).toBe(confidences[0]);
  }, 120_000);
});

describe('read_wristband', () => {
  it('reads the present patient\'s band, or what a scenario put on it', async () => {
    const s = setup();
    await driveTo(s.world, s.robot, 'bed_1');
    const own = send(s, names.readWristband, {});
    await runUntil(s.world, () => own.outcome !== undefined);
    expect(own.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED, result: { success: true, code: 'WB-MRN-1001', symbology: 'code128' } });
    expect(own.feedback).toEqual([{ attempts: 1 }]);
    s.people.script('MRN-1001', { wristband: 'WB-MRN-1003' });
    const wrong = send(s, names.readWristband, {});
    await runUntil(s.world, () => wrong.outcome !== undefined);
    expect(wrong.result()).toMatchObject({ success: true, code: 'WB-MRN-1003' });
  });

  it('fails at once away from a bed, and at the timeout with nobody in it; cancel works', async () => {
    const s = setup();
    const away = send(s, names.readWristband, {});
    expect(away.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { success: false, code: '', message: expect.stringMatching(/^robot_1 is not at a bed \(it is at charger_1\)$/) } });
    await driveTo(s.world, s.robot, 'bed_2');
    s.people.script('bed_2', { present: false });
    const t0 = s.world.clock.now();
    const empty = send(s, names.readWristband, { timeout: { sec: 4, nanosec: 0 } });
    await runUntil(s.world, () => empty.outcome !== undefined);
    expect(empty.endedAtMs! - t0).toBe(4000);
    expect(empty.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { success: false, message: 'no wristband read within 4 s: nobody in bed_2' } });
    expect(empty.feedback.at(-1)).toEqual({ attempts: 4 });
    const canceled = send(s, names.readWristband, {});
    s.world.runFor(0.5);
    canceled.cancel();
    expect(canceled.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { success: false, message: 'canceled' } });
  });
});

describe('drawer_control and /<robot>/drawers', () => {
  it('drawers start locked (latched); unlock opens, lock locks; every actuation is logged with where the robot stood', async () => {
    const s = setup();
    const states: DrawerStates[] = [];
    s.listener.createSubscription<DrawerStates>(names.drawers, MESSAGE_TYPES.drawers, (m) => states.push(m));
    await settle();
    expect(states).toHaveLength(1);
    expect(states[0]!.drawers).toEqual([1, 2, 3, 4].map((drawer) => ({ drawer, state: DrawerStateCode.STATE_LOCKED })));
    await driveTo(s.world, s.robot, 'bed_2');
    const t0 = s.world.clock.now();
    const open = send(s, names.drawerControl, { drawer: 2, command: DrawerCommand.UNLOCK, authorization: 'custody-42' });
    expect(s.skills.drawerStates()).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED']);
    await runUntil(s.world, () => open.outcome !== undefined);
    expect(open.endedAtMs! - t0).toBe(500);
    expect(open.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED, result: { success: true, state: DrawerStateCode.STATE_OPEN } });
    expect(open.feedback.map((f) => f.state)).toEqual([DrawerStateCode.STATE_LOCKED, DrawerStateCode.STATE_OPEN]);
    expect(states.at(-1)!.drawers[1]).toEqual({ drawer: 2, state: DrawerStateCode.STATE_OPEN });
    expect(s.graph.interfaces.validate(MESSAGE_TYPES.drawers, states.at(-1))).toEqual({ ok: true });
    const close = send(s, names.drawerControl, { drawer: 2, command: DrawerCommand.LOCK, authorization: 'custody-42' });
    await runUntil(s.world, () => close.outcome !== undefined);
    expect(s.skills.drawerStates()).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED']);
    expect(states).toHaveLength(3);
    expect(s.skills.records.actuations).toEqual([
      { simTimeMs: t0 + 500, at: t0 + 500, drawer: 2, command: 'UNLOCK', authorization: 'custody-42', place: 'bed_2', stateAfter: 'OPEN' },
      { simTimeMs: t0 + 1000, at: t0 + 1000, drawer: 2, command: 'LOCK', authorization: 'custody-42', place: 'bed_2', stateAfter: 'LOCKED' },
    ]);
  });

  it('rejects drawers out of range and unknown commands naming the field; a canceled command never moves the drawer', async () => {
    const s = setup({ drawers: 2 });
    for (const [goal, why] of [
      [{ drawer: 3, command: 1 }, /drawer: must be 1\.\.2, got 3/],
      [{ drawer: 0, command: 1 }, /drawer: must be 1\.\.2, got 0/],
      [{ drawer: 1, command: 9 }, /command: must be UNLOCK \(1\) or LOCK \(2\), got 9/],
    ] as const) {
      expect(send(s, names.drawerControl, goal).outcome).toEqual({ status: GoalStatus.UNKNOWN, error: 'Action goal was rejected' });
      expect(rejectedBecause(s, why)).toBe(true);
    }
    const open = send(s, names.drawerControl, { drawer: 1, command: DrawerCommand.UNLOCK, authorization: 'x' });
    s.world.runFor(0.2);
    open.cancel();
    s.world.runFor(2);
    expect(open.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { success: false, state: DrawerStateCode.STATE_LOCKED } });
    expect(s.skills.records.actuations).toEqual([]);
    expect(s.skills.drawerStates()).toEqual(['LOCKED', 'LOCKED']);
  });
});

describe('authenticate_staff', () => {
  const goal = (sec: number) => ({ purpose: 'Receive medication for bed 2', language: 'en', timeout: { sec, nanosec: 0 } });

  it('nobody comes: fails at the timeout on the sim clock, with seconds_waited feedback', async () => {
    const s = setup();
    const auth = send(s, names.authenticateStaff, goal(5));
    await runUntil(s.world, () => auth.outcome !== undefined);
    expect(auth.endedAtMs).toBe(5000);
    expect(auth.outcome).toMatchObject({ status: GoalStatus.ABORTED, result: { success: false, badge_id: '', pin: '', message: 'nobody signed in within 5 s' } });
    expect(auth.feedback.map((f) => f.seconds_waited)).toEqual([1, 2, 3, 4]);
  });

  it('a staff member who arrives while the robot waits, or was queued before, signs in with badge and PIN', async () => {
    const s = setup();
    const auth = send(s, names.authenticateStaff, goal(60));
    s.world.runFor(10);
    s.people.staffArrives('robot_1', { badge: 'BADGE-7', pin: '2468' }, 3);
    await runUntil(s.world, () => auth.outcome !== undefined);
    expect(auth.endedAtMs).toBe(13_000);
    expect(auth.outcome).toMatchObject({ status: GoalStatus.SUCCEEDED, result: { success: true, badge_id: 'BADGE-7', pin: '2468' } });
    s.people.staffArrives('robot_1', { badge: 'BADGE-8', pin: '1357' }, 20);
    s.world.runFor(30);
    const t0 = s.world.clock.now();
    const next = send(s, names.authenticateStaff, goal(60));
    await runUntil(s.world, () => next.outcome !== undefined);
    expect(next.endedAtMs! - t0).toBe(20_000);
    expect(next.result()).toMatchObject({ badge_id: 'BADGE-8', pin: '1357' });
    expect(s.people.queuedStaffArrivals('robot_1')).toEqual([]);
  });

  it('the default responder comes when nobody is queued; clearing arrivals and cancel work', async () => {
    const s = setup();
    s.people.setDefaultResponder({ badge: 'NURSE-1', pin: '0000', afterS: 7 });
    const auth = send(s, names.authenticateStaff, goal(60));
    await runUntil(s.world, () => auth.outcome !== undefined);
    expect(auth.endedAtMs).toBe(7000);
    expect(auth.result()).toMatchObject({ success: true, badge_id: 'NURSE-1' });
    s.people.setDefaultResponder(null);
    s.people.staffArrives('robot_1', { badge: 'B', pin: '1' });
    s.people.clearStaffArrivals('robot_1');
    const waiting = send(s, names.authenticateStaff, goal(60));
    s.world.runFor(2);
    waiting.cancel();
    expect(waiting.outcome).toMatchObject({ status: GoalStatus.CANCELED, result: { success: false, message: 'canceled' } });
    expect(() => s.people.staffArrives('robot_7', { badge: 'B', pin: '1' })).toThrow(/robot: no robot named "robot_7"/);
  });
});
