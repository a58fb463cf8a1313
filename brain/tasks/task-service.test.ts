// Task lifecycle against a scripted robot link: each goal's outcome is decided by the test, so
// every ending (abort codes, rejection, lost link, timeout, restart) is exercised deterministically.
import { describe, it, expect, afterEach } from '@jest/globals';
import { until as waitUntil } from '../../test/until.js';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadWard, NavigateToPlaceError, RobotMode, type ActionGoal, type ActionFeedback, type WardMap } from '../../robot/index.js';
import { CLINIC_WARD_FILE } from '../../sim/index.js';
import { Fleet } from '../fleet/fleet.js';
import type { ActionType, GoalHandle, GoalOutcome, RobotLink, RobotLinkEvents, SendGoalOptions } from '../link/types.js';
import { SqliteTaskStore } from '../store/sqlite-store.js';
import { TaskService } from './task-service.js';
import type { TaskState } from './task-state.js';

interface SentGoal {
  robot: string;
  action: string;
  goal: ActionGoal<'ward_interfaces/action/NavigateToPlace'>;
  feedback(fb: Partial<ActionFeedback<'ward_interfaces/action/NavigateToPlace'>>): void;
  end(outcome: GoalOutcome<'ward_interfaces/action/NavigateToPlace'>): void;
  canceled: boolean;
}

class ScriptedLink extends EventEmitter<RobotLinkEvents> implements RobotLink {
  readonly kind = 'rosbridge' as const;
  readonly target = 'ws://scripted';
  connected = true;
  readonly goals: SentGoal[] = [];
  private readonly known = new Set<string>();
  start(): void {}
  async close(): Promise<void> {}
  robots(): string[] { return [...this.known]; }

  addRobot(name: string, x: number, y: number, battery = 0.9, mode: number = RobotMode.MODE_IDLE): void {
    this.known.add(name);
    this.emit('robot_added', name);
    this.emit('pose', name, { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'L1' }, pose: { position: { x, y, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } });
    this.emit('battery', name, { percentage: battery, power_supply_status: 2 } as never);
    this.setMode(name, mode);
  }
  setMode(name: string, mode: number): void {
    this.emit('status', name, { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, robot_name: name, mode, level_name: 'L1', current_goal: '', message: '' });
  }

  sendGoal<A extends ActionType>(robot: string, actionName: string, _type: A, goal: ActionGoal<A>, opts: SendGoalOptions<A> = {}): GoalHandle<A> {
    let resolve!: (o: GoalOutcome<A>) => void;
    const result = new Promise<GoalOutcome<A>>((r) => { resolve = r; });
    const sent: SentGoal = {
      robot, action: actionName, goal: goal as SentGoal['goal'], canceled: false,
      feedback: (fb) => opts.onFeedback?.({
        current_pose: undefined as never, navigation_time: { sec: 0, nanosec: 0 }, estimated_time_remaining: { sec: 10, nanosec: 0 }, distance_remaining: 5, ...fb,
      } as ActionFeedback<A>),
      end: (o) => resolve(o as GoalOutcome<A>),
    };
    this.goals.push(sent);
    return { id: `goal-${this.goals.length}`, result, cancel: () => { sent.canceled = true; } };
  }
}

/** This suite's robots are scripted, so anything it waits for happens within 3 s. */
const until = <T>(what: string, probe: () => Promise<T>, ms = 3_000) => waitUntil(what, probe, ms);

describe('TaskService', () => {
  let ward: WardMap;
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  function setup(opts: { dir?: string; taskTimeoutSec?: number; link?: ScriptedLink; chargeBelowPct?: number } = {}) {
    ward ??= loadWard(CLINIC_WARD_FILE);
    const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'brain-tasks-'));
    if (!opts.dir) cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new SqliteTaskStore(join(dir, 'brain.db'));
    const link = opts.link ?? new ScriptedLink();
    const fleet = new Fleet(link);
    fleet.start();
    const logger = pino({ enabled: false });
    const tasks = new TaskService({ store, fleet, link, ward, logger, minBatteryPct: 20, taskTimeoutSec: opts.taskTimeoutSec ?? 60, chargeBelowPct: opts.chargeBelowPct ?? 0 });
    const states: TaskState[] = [];
    tasks.on('task_state', (s) => states.push(s));
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await tasks.close();
      fleet.stop();
      await store.close();
    };
    cleanup.push(close);
    return { dir, store, link, fleet, tasks, states, close };
  }
  const goTo = (place: string) => ({ category: 'go_to_place', description: { place }, priority: null, requester: null, labels: [], earliestStartMs: null });
  const finished = (tasks: TaskService, id: string) => until(`task ${id} to end`, async () => {
    const s = await tasks.get(id);
    return s && s.status !== 'underway' && s.status !== 'queued' ? s : null;
  });

  it('sends a free robot low on battery to the nearest free charger, as a task on the board, and not twice', async () => {
    const { link, tasks, store } = setup({ chargeBelowPct: 30 });
    await tasks.start();
    const chargers = ward.places.filter((p) => p.kind === 'charger');
    expect(chargers.length).toBeGreaterThan(1);
    const first = chargers[0]!;
    link.addRobot('tired', first.x + 3, first.y, 0.22);
    link.addRobot('fresh', first.x + 4, first.y, 0.9);
    const goal = await until('a charging goal', async () => link.goals.find((g) => g.robot === 'tired') ?? null);
    expect(chargers.map((c) => c.name)).toContain(goal.goal.place_name);
    expect(link.goals.filter((g) => g.robot === 'fresh')).toHaveLength(0);
    link.addRobot('tired', first.x + 3, first.y, 0.21);
    expect(link.goals.filter((g) => g.robot === 'tired')).toHaveLength(1);
    const [task] = await store.listTasks({ status: ['underway'] });
    expect(task).toMatchObject({ category: 'go_to_place', requester: 'system', labels: ['charging', 'robot:tired'], assignedRobot: 'tired' });
    goal.end({ status: 'succeeded', result: { success: true, error_code: 0, message: '' } });
    await finished(tasks, task!.id);
  });

  it('dispatches to the nearest charged robot before create() returns and completes on success', async () => {
    const { link, tasks, fleet, states } = setup();
    await tasks.start();
    const bed1 = ward.places.find((p) => p.name === 'bed_1')!;
    link.addRobot('near_but_flat', bed1.x + 1, bed1.y, 0.1);
    link.addRobot('near', bed1.x + 2, bed1.y);
    link.addRobot('far', bed1.x + 30, bed1.y);
    const state = await tasks.create(goTo('bed_1'));
    expect(state).toMatchObject({ status: 'underway', assigned_to: { group: 'ward', name: 'near' } });
    expect(link.goals).toHaveLength(1);
    expect(link.goals[0]).toMatchObject({ robot: 'near', action: '/near/navigate_to_place', goal: { place_name: 'bed_1', max_speed: 0 } });
    // The path is the robot's own plan (/<robot>/plan); this scripted robot has published none.
    expect(fleet.get('near')).toMatchObject({ status: 'working', task_id: state.booking.id, path: [] });

    link.goals[0]!.feedback({ distance_remaining: 1.5, estimated_time_remaining: { sec: 3, nanosec: 0 } });
    expect((await tasks.get(state.booking.id))?.progress).toEqual({ distance_remaining_m: 1.5, eta_s: 3 });
    link.goals[0]!.end({ status: 'succeeded', result: { success: true, error_code: 0, message: '' } });
    expect(await finished(tasks, state.booking.id)).toMatchObject({ status: 'completed' });
    expect(fleet.get('near')?.task_id).toBeNull();
    expect(states.filter((s) => s.booking.id === state.booking.id).map((s) => s.status)).toEqual(expect.arrayContaining(['queued', 'underway', 'completed']));
  });

  it('queues while no robot is free and dispatches the moment one becomes idle', async () => {
    const { link, tasks } = setup();
    await tasks.start();
    link.addRobot('busy', 10, -20, 0.9, RobotMode.MODE_NAVIGATING);
    const state = await tasks.create(goTo('bed_2'));
    expect(state.status).toBe('queued');
    expect((await tasks.logOf(state.booking.id))?.map((e) => e.text)).toContain('waiting for a robot: no robot is free (busy: working)');
    link.setMode('busy', RobotMode.MODE_IDLE);
    await until('dispatch', async () => link.goals.length === 1);
    expect((await tasks.get(state.booking.id))?.status).toBe('underway');
  });

  it('holds a task until its earliest start time, then dispatches it without being asked again', async () => {
    const { link, tasks } = setup();
    await tasks.start();
    link.addRobot('r', 20, -20);
    const s = await tasks.create({ ...goTo('bed_8'), earliestStartMs: Date.now() + 150 });
    expect(s.status).toBe('queued');
    expect(link.goals).toHaveLength(0);
    await until('the start time', async () => link.goals.length === 1);
    expect((await tasks.get(s.booking.id))?.status).toBe('underway');
  });

  it('maps every unhappy ending to its failure code and the robot message', async () => {
    const { link, tasks, fleet } = setup();
    await tasks.start();
    link.addRobot('r', 20, -20);
    const run = async (end: GoalOutcome<'ward_interfaces/action/NavigateToPlace'>) => {
      const s = await tasks.create(goTo('bed_3'));
      link.goals.at(-1)!.end(end);
      const done = await finished(tasks, s.booking.id);
      await until('the robot to be free for the next round', async () => fleet.get('r')?.task_id === null);
      return done;
    };
    expect((await run({ status: 'aborted', result: { success: false, error_code: NavigateToPlaceError.NO_ROUTE, message: 'no lane to bed_3' }, message: '' })).status_reason)
      .toEqual({ code: 'no_route', message: 'no lane to bed_3 (robot error 2)' });
    expect((await run({ status: 'aborted', result: { success: false, error_code: NavigateToPlaceError.BLOCKED, message: 'door shut' }, message: '' })).status_reason?.code)
      .toBe('robot_unreachable');
    expect((await run({ status: 'aborted', result: { success: false, error_code: NavigateToPlaceError.LOW_BATTERY, message: 'flat' }, message: '' })).status_reason?.code)
      .toBe('low_battery');
    expect((await run({ status: 'succeeded', result: { success: false, error_code: NavigateToPlaceError.INTERNAL_ERROR, message: 'oops' } })).status_reason?.code)
      .toBe('aborted');
    expect((await run({ status: 'rejected', message: 'Action goal was rejected' })).status_reason)
      .toEqual({ code: 'goal_rejected', message: 'r rejected the goal to bed_3: Action goal was rejected' });
    expect((await run({ status: 'lost', message: 'robot link dropped' })).status_reason?.code).toBe('link_lost');
  });

  it('cancels the goal and fails with timeout when the robot never answers', async () => {
    const { link, tasks } = setup({ taskTimeoutSec: 0.2 });
    await tasks.start();
    link.addRobot('r', 20, -20);
    const s = await tasks.create(goTo('bed_4'));
    const done = await finished(tasks, s.booking.id);
    expect(done.status).toBe('failed');
    expect(done.status_reason?.code).toBe('timeout');
    expect(link.goals[0]!.canceled).toBe(true);
  });

  it('ends canceled only once the robot confirms', async () => {
    const { link, tasks } = setup();
    await tasks.start();
    link.addRobot('r', 20, -20);
    const s = await tasks.create(goTo('bed_5'));
    const asked = await tasks.cancel(s.booking.id, ['by=test']);
    expect(asked.status).toBe('underway');
    expect(asked.cancellation?.labels).toEqual(['by=test']);
    expect(link.goals[0]!.canceled).toBe(true);
    link.goals[0]!.end({ status: 'canceled', result: null, message: 'canceled' });
    expect(await finished(tasks, s.booking.id)).toMatchObject({ status: 'canceled' });
  });

  it('after a restart fails what was underway (brain_restarted) and dispatches what was queued', async () => {
    const first = setup();
    await first.tasks.start();
    first.link.addRobot('r', 20, -20);
    const underway = await first.tasks.create(goTo('bed_6'));
    const queued = await first.tasks.create(goTo('bed_7'));
    expect([underway.status, queued.status]).toEqual(['underway', 'queued']);
    await first.close();

    const second = setup({ dir: first.dir });
    await second.tasks.start();
    const failed = await second.tasks.get(underway.booking.id);
    expect(failed).toMatchObject({ status: 'failed', status_reason: { code: 'brain_restarted' } });
    expect((await second.tasks.logOf(underway.booking.id))?.at(-1)).toMatchObject({ kind: 'failed', tier: 'error' });
    expect((await second.tasks.get(queued.booking.id))?.status).toBe('queued');
    second.link.addRobot('r', 20, -20);
    await until('the queued task to be dispatched', async () => (await second.tasks.get(queued.booking.id))?.status === 'underway');
    expect(second.link.goals[0]?.goal.place_name).toBe('bed_7');
  });
});
