import { io, type Socket } from 'socket.io-client';
import type { ServerEvents, WardAlert } from './api-types.js';
import { toAlert } from './api-wire.js';
import { onSessionChange, session } from './session.js';
import type { DashboardStore } from './store.js';

export interface LiveHandlers {
  onConnect: () => void;
  onAlertRaised: (alert: WardAlert) => void;
  onAlertAcknowledged: (id: string) => void;
  /** A plan was proposed, refused or decided (signed-in sockets only). */
  onPlanChanged: (id: string) => void;
}

const auth = (): { token?: string } => {
  const token = session()?.token;
  return token ? { token } : {};
};

/**
 * Keeps the store in step with the brain over socket.io on the page's own origin; reconnects forever.
 * The session's token goes in the handshake (alerts reach signed-in staff only); signing in or out
 * reconnects with the new one.
 */
export function connectLive(store: DashboardStore, handlers: LiveHandlers): Socket<ServerEvents> {
  const socket: Socket<ServerEvents> = io({ auth: (cb) => cb(auth()) });
  socket.on('connect', () => {
    store.setConnection('up');
    handlers.onConnect();
  });
  socket.on('disconnect', () => store.setConnection('down'));
  socket.on('connect_error', () => store.setConnection('down'));
  socket.on('snapshot', ({ robots, tasks }) => store.applySnapshot(robots, tasks));
  socket.on('robot_state', (robot) => store.putRobot(robot));
  socket.on('task_state', (task) => store.putTask(task));
  socket.on('task_log', (data) => store.addTaskLog(data));
  socket.on('alert', (data) => {
    const alert = toAlert(data);
    if (alert) handlers.onAlertRaised(alert);
  });
  socket.on('alert_acknowledged', (data) => {
    const alert = toAlert(data);
    if (alert) handlers.onAlertAcknowledged(alert.id);
  });
  socket.on('plan_changed', ({ id }) => handlers.onPlanChanged(id));
  let token = session()?.token;
  onSessionChange(() => {
    if (session()?.token === token) return;
    token = session()?.token;
    socket.disconnect().connect();
  });
  return socket;
}
