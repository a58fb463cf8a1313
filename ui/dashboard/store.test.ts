import { describe, it, expect } from '@jest/globals';
import type { RobotState, TaskState } from './api-types.js';
import { DashboardStore } from './store.js';

const robot = (name: string, x: number): RobotState => ({
  name, status: 'idle', level: 'L1', pose: { x, y: 0, yaw: 0 }, battery: { percentage: 90, charging: false },
  task_id: null, path: [], last_seen_ms: 1,
});
const task = (id: string, requested: number): TaskState => ({
  booking: { id, unix_millis_request_time: requested }, category: 'go_to_place', detail: { place: 'bed_1' }, status: 'queued',
});

describe('dashboard store', () => {
  it('lets a REST answer fill the board only until the live snapshot has come', () => {
    const store = new DashboardStore();
    store.applyFetched([robot('r1', 1)], []);
    expect(store.robots.get('r1')?.pose.x).toBe(1);
    store.applySnapshot([robot('r1', 2)], []);
    store.applyFetched([robot('r1', 1)], []);
    expect(store.robots.get('r1')?.pose.x).toBe(2);
  });

  it('lists tasks newest first and forgets the oldest beyond its limit', () => {
    const store = new DashboardStore();
    for (let i = 0; i < 205; i++) store.putTask(task(`t${i}`, 1000 + i));
    const list = store.tasksNewestFirst();
    expect(list).toHaveLength(200);
    expect(list[0]?.booking.id).toBe('t204');
    expect(store.tasks.has('t4')).toBe(false);
    expect(store.tasks.has('t5')).toBe(true);
  });

  it('tells subscribers what changed', () => {
    const store = new DashboardStore();
    const seen: string[] = [];
    store.on('robots', () => seen.push('robots'));
    store.on('tasks', () => seen.push('tasks'));
    store.on('taskLog', ({ task_id }) => seen.push(`log:${task_id}`));
    store.putRobot(robot('r1', 0));
    store.putTask(task('t1', 1));
    store.addTaskLog({ task_id: 't1', entry: { seq: 1, unix_millis_time: 1, tier: 'info', kind: 'state', text: 'queued', data: null } });
    expect(seen).toEqual(['robots', 'tasks', 'log:t1']);
  });
});
