// The workflow executor against a scripted robot link: how a workflow's end (done, failed, a robot
// failure, a cancel) becomes the task's end, and how staff inputs are refused, accepted or timed out.
import { describe, it, expect } from '@jest/globals';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import type { Place } from '../../../robot/index.js';
import type { ActionType, GoalHandle, GoalOutcome, RobotLink, RobotLinkEvents } from '../../link/types.js';
import { ManualClock } from '../../manual-clock.js';
import type { NewTaskEvent, TaskPatch, TaskRecord } from '../../store/types.js';
import { WorkflowFailed } from './errors.js';
import type { WorkflowStateStore } from './state-store.js';
import type { WorkflowContext, WorkflowDefinition } from './types.js';
import { WorkflowRun } from './workflow-run.js';

class ScriptedLink extends EventEmitter<RobotLinkEvents> {
  readonly goals: { action: string; end(o: GoalOutcome<ActionType>): void; canceled: boolean }[] = [];
  sendGoal<A extends ActionType>(_robot: string, action: string): GoalHandle<A> {
    let end!: (o: GoalOutcome<A>) => void;
    const result = new Promise<GoalOutcome<A>>((r) => { end = r; });
    const g = { action, end: end as (o: GoalOutcome<ActionType>) => void, canceled: false };
    this.goals.push(g);
    return { id: `g${this.goals.length}`, result, cancel: () => { g.canceled = true; } };
  }
}

const PLACE: Place = { name: 'bed_1', kind: 'bed', level: 'L1', x: 0, y: 0, yaw: null, label: { en: 'Bed 1', 'zh-CN': '1号床' }, vertex: null };
const TASK: TaskRecord = {
  id: 'task-1', category: 'test', description: {}, priority: null, requester: 'nurse.a', labels: [], status: 'queued', assignedRobot: null,
  requestTimeMs: 0, earliestStartMs: null, startTimeMs: null, finishTimeMs: null, estimateMs: null, progress: null, statusReason: null,
  cancellation: null, updatedMs: 0,
};

function rig(run: (ctx: WorkflowContext) => Promise<{ message: string }>) {
  const link = new ScriptedLink();
  const clock = new ManualClock(1_000_000);
  const writes: { patch: TaskPatch; events: NewTaskEvent[] }[] = [];
  const saved: unknown[] = [];
  let done = false;
  const states = { save: (_t: string, _r: string, s: unknown) => saved.push(s), clear: () => undefined, load: () => null } as unknown as WorkflowStateStore;
  const workflow: WorkflowDefinition = { run, firstPlace: () => PLACE, beds: () => ['bed_1'] };
  const wr = new WorkflowRun(TASK, 'robot_1', workflow, {
    link: link as unknown as RobotLink, clock, log: pino({ enabled: false }), states,
    write: async (_id, patch, events) => { writes.push({ patch, events }); return { ...TASK, status: patch.status ?? 'underway' }; },
    progress: () => undefined, batteryPct: () => 80, done: () => { done = true; },
  });
  const end = async () => {
    for (let i = 0; i < 50 && !done; i++) await new Promise((r) => setImmediate(r));
    return writes.find((w) => w.patch.status && w.patch.status !== 'underway');
  };
  return { link, clock, writes, saved, wr, end };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WorkflowRun', () => {
  it('marks the task underway, runs the workflow and completes it with the workflow\'s words', async () => {
    const r = rig(async (ctx) => {
      await ctx.skills.navigate(PLACE);
      ctx.save({ step: 1 });
      return { message: 'all done' };
    });
    await r.wr.start();
    await tick();
    expect(r.writes[0]?.patch).toMatchObject({ status: 'underway', assignedRobot: 'robot_1' });
    r.link.goals[0]!.end({ status: 'succeeded', result: { success: true, error_code: 0, message: '' } });
    expect((await r.end())?.patch).toMatchObject({ status: 'completed', statusReason: null });
    expect(r.saved).toEqual([{ step: 1 }]);
  });

  it('fails with the workflow\'s code, or with the robot\'s when a skill fails', async () => {
    const a = rig(async () => { throw new WorkflowFailed('not_delivered', 'nobody there'); });
    await a.wr.start();
    expect((await a.end())?.patch).toMatchObject({ status: 'failed', statusReason: { code: 'not_delivered', message: 'nobody there' } });

    const b = rig(async (ctx) => { await ctx.skills.navigate(PLACE); return { message: 'x' }; });
    await b.wr.start();
    await tick();
    b.link.goals[0]!.end({ status: 'succeeded', result: { success: false, error_code: 2, message: 'no way through' } });
    expect((await b.end())?.patch).toMatchObject({ status: 'failed', statusReason: { code: 'no_route' } });
  });

  it('cancels the goal at once on cancel and ends canceled when the robot confirms', async () => {
    const r = rig(async (ctx) => { await ctx.skills.speak('hello', 'en'); return { message: 'spoke' }; });
    await r.wr.start();
    await tick();
    r.wr.cancel();
    expect(r.link.goals[0]!.canceled).toBe(true);
    r.link.goals[0]!.end({ status: 'canceled', result: null, message: 'stopped' });
    expect((await r.end())?.patch).toMatchObject({ status: 'canceled' });
  });

  it('answers a refused staff input with its problems and keeps waiting; accepts a good one; gives up at the time limit', async () => {
    let got: unknown = 'unset';
    const r = rig(async (ctx) => {
      got = await ctx.waitForInput('load', 60_000, (i) => (i.user.roles.includes('pharmacist') ? [] : [{ kind: 'forbidden', detail: 'pharmacists only' }]));
      const second = await ctx.waitForInput('unload', 60_000, () => []);
      return { message: second ? 'unloaded' : 'nobody unloaded' };
    });
    await r.wr.start();
    await tick();
    expect(await r.wr.input('unload', { username: 'p', name: 'P', roles: ['pharmacist'] }, {})).toBeNull();
    expect(await r.wr.input('load', { username: 'n', name: 'N', roles: ['nurse'] }, {})).toEqual({ accepted: false, problems: [{ kind: 'forbidden', detail: 'pharmacists only' }] });
    expect(r.wr.waitingFor()).toEqual(['load']);
    expect(await r.wr.input('load', { username: 'p', name: 'P', roles: ['pharmacist'] }, { note: 1 })).toEqual({ accepted: true });
    await tick();
    expect(got).toMatchObject({ user: { username: 'p' }, body: { note: 1 } });
    expect(r.wr.waitingFor()).toEqual(['unload']);
    await r.clock.advance(60_001);
    const end = await r.end();
    expect(end?.patch).toMatchObject({ status: 'completed' });
    expect(end?.events[0]?.text).toBe('nobody unloaded');
    const kinds = r.writes.flatMap((w) => w.events.map((e) => e.kind));
    expect(kinds).toEqual(expect.arrayContaining(['waiting_for_staff', 'input_refused', 'input_accepted']));
  });
});
