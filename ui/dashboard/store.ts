import type { RobotState, TaskLogEntry, TaskState } from './api-types.js';

export type Connection = 'connecting' | 'up' | 'down';

interface Topics {
  robots: void;
  tasks: void;
  connection: void;
  taskLog: { task_id: string; entry: TaskLogEntry };
}

/** Enough history for a shift at the board without letting a tab open for weeks grow without end. */
const MAX_TASKS = 200;

/** What the dashboard knows about the ward right now; the views read it and subscribe to its changes. */
export class DashboardStore {
  readonly robots = new Map<string, RobotState>();
  readonly tasks = new Map<string, TaskState>();
  connection: Connection = 'connecting';
  /** Set once the socket's snapshot has arrived; from then on it is fresher than any REST answer. */
  live = false;
  private readonly listeners: { [K in keyof Topics]: Set<(payload: Topics[K]) => void> } = {
    robots: new Set(), tasks: new Set(), connection: new Set(), taskLog: new Set(),
  };

  on<K extends keyof Topics>(topic: K, listener: (payload: Topics[K]) => void): void {
    this.listeners[topic].add(listener);
  }

  private emit<K extends keyof Topics>(topic: K, payload: Topics[K]): void {
    for (const listener of this.listeners[topic]) listener(payload);
  }

  applySnapshot(robots: RobotState[], tasks: TaskState[]): void {
    this.live = true;
    this.replaceAll(robots, tasks);
  }

  /** A REST answer fills the board while the socket is still connecting, never over live data. */
  applyFetched(robots: RobotState[], tasks: TaskState[]): void {
    if (!this.live) this.replaceAll(robots, tasks);
  }

  private replaceAll(robots: RobotState[], tasks: TaskState[]): void {
    this.robots.clear();
    for (const robot of robots) this.robots.set(robot.name, robot);
    this.tasks.clear();
    for (const task of tasks) this.tasks.set(task.booking.id, task);
    this.trimTasks();
    this.emit('robots', undefined);
    this.emit('tasks', undefined);
  }

  putRobot(robot: RobotState): void {
    this.robots.set(robot.name, robot);
    this.emit('robots', undefined);
  }

  putTask(task: TaskState): void {
    this.tasks.set(task.booking.id, task);
    this.trimTasks();
    this.emit('tasks', undefined);
  }

  addTaskLog(data: { task_id: string; entry: TaskLogEntry }): void {
    this.emit('taskLog', data);
  }

  setConnection(connection: Connection): void {
    this.connection = connection;
    this.emit('connection', undefined);
  }

  /** Newest first, by the time staff asked for them. */
  tasksNewestFirst(): TaskState[] {
    return [...this.tasks.values()].sort((a, b) =>
      b.booking.unix_millis_request_time - a.booking.unix_millis_request_time);
  }

  private trimTasks(): void {
    if (this.tasks.size <= MAX_TASKS) return;
    for (const task of this.tasksNewestFirst().slice(MAX_TASKS)) this.tasks.delete(task.booking.id);
  }
}
