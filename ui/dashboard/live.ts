import { io, type Socket } from 'socket.io-client';
import type { ServerEvents } from './api-types.js';
import type { DashboardStore } from './store.js';

/** Keeps the store in step with the brain over socket.io on the page's own origin; reconnects forever. */
export function connectLive(store: DashboardStore, onConnect: () => void): Socket<ServerEvents> {
  const socket: Socket<ServerEvents> = io();
  socket.on('connect', () => {
    store.setConnection('up');
    onConnect();
  });
  socket.on('disconnect', () => store.setConnection('down'));
  socket.on('connect_error', () => store.setConnection('down'));
  socket.on('snapshot', ({ robots, tasks }) => store.applySnapshot(robots, tasks));
  socket.on('robot_state', (robot) => store.putRobot(robot));
  socket.on('task_state', (task) => store.putTask(task));
  socket.on('task_log', (data) => store.addTaskLog(data));
  return socket;
}
