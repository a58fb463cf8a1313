// Live events over socket.io on the API's HTTP server: a snapshot on connect, then robot_state
// (at most 5 Hz per robot), task_state on every change and task_log for every new entry.
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Fleet } from '../fleet/fleet.js';
import type { RobotState } from '../fleet/robot-state.js';
import type { LogEntry, TaskState } from '../tasks/task-state.js';
import type { TaskService } from '../tasks/task-service.js';
import { Throttle } from '../util/throttle.js';
import type { WardServices } from '../ward-services.js';
import { alertToWire, type WireAlert } from '../alerts/index.js';
import { canSeePatientIdentifiers, userFromToken } from '../auth/index.js';

export const ROBOT_STATE_MIN_INTERVAL_MS = 200;

export interface LiveEvents {
  snapshot: (data: { robots: RobotState[]; tasks: TaskState[] }) => void;
  robot_state: (robot: RobotState) => void;
  task_state: (task: TaskState) => void;
  task_log: (data: { task_id: string; entry: LogEntry }) => void;
  /** Only to sockets signed in with a staff token (`io(url, { auth: { token } })`); the same shape as `GET /api/alerts`. */
  alert: (alert: WireAlert) => void;
  alert_acknowledged: (alert: WireAlert) => void;
  /** Signed-in sockets only: a plan was proposed, refused or decided; fetch it with GET /api/plans/:id. */
  plan_changed: (change: { id: string; status: string }) => void;
}

/** Signed-in sockets join one of these rooms; engineers see alerts without the patient. */
const CLINICAL = 'alerts:clinical';
const REDACTED = 'alerts:redacted';

export class LiveHub {
  readonly io: Server<Record<string, never>, LiveEvents>;
  private readonly robotThrottles = new Map<string, Throttle<[RobotState]>>();
  private readonly detach: (() => void)[] = [];

  constructor(server: HttpServer, private readonly fleet: Fleet, private readonly tasks: TaskService, log: Logger, ward: WardServices, plans?: { subscribe(fn: (c: { id: string; status: string }) => void): () => void }) {
    this.io = new Server(server, { serveClient: false });
    this.io.on('connection', (socket) => {
      // The map and task board carry no patient identifiers and are open on the ward network; alerts need a sign-in.
      const user = userFromToken(ward.accounts, (socket.handshake.auth as { token?: unknown } | undefined)?.token);
      const clinical = !!user && canSeePatientIdentifiers(user);
      if (user) void socket.join(clinical ? CLINICAL : REDACTED);
      void tasks.snapshot().then(
        (list) => socket.emit('snapshot', { robots: fleet.list(), tasks: clinical ? list : list.map((t) => ward.pseudonyms.taskState(t)) }),
        (err: unknown) => log.error({ err }, 'could not send the live snapshot'),
      );
    });
    const onRobot = (state: RobotState) => {
      let t = this.robotThrottles.get(state.name);
      if (!t) {
        t = new Throttle(ROBOT_STATE_MIN_INTERVAL_MS, (s: RobotState) => this.io.emit('robot_state', s));
        this.robotThrottles.set(state.name, t);
      }
      t.call(state);
    };
    // Clinical staff see task details as they are; every other screen sees patients as pseudonyms.
    const onTask = (state: TaskState) => {
      this.io.to(CLINICAL).emit('task_state', state);
      this.io.except(CLINICAL).emit('task_state', ward.pseudonyms.taskState(state));
    };
    const onLog = (data: { task_id: string; entry: LogEntry }) => {
      this.io.to(CLINICAL).emit('task_log', data);
      this.io.except(CLINICAL).emit('task_log', { task_id: data.task_id, entry: ward.pseudonyms.logEntry(data.entry) });
    };
    const offAlerts = ward.alerts.subscribe((e) => {
      const name = e.type === 'raised' ? 'alert' : 'alert_acknowledged';
      const wire = alertToWire(e.alert);
      this.io.to(CLINICAL).emit(name, wire);
      this.io.to(REDACTED).emit(name, { ...wire, patient: null });
    });
    this.detach.push(offAlerts);
    if (plans) this.detach.push(plans.subscribe((c) => { this.io.to([CLINICAL, REDACTED]).emit('plan_changed', c); }));
    fleet.on('changed', onRobot);
    tasks.on('task_state', onTask);
    tasks.on('task_log', onLog);
    this.detach.push(() => fleet.off('changed', onRobot), () => tasks.off('task_state', onTask), () => tasks.off('task_log', onLog));
  }

  /** Disconnects clients but leaves the HTTP server to its owner (Fastify closes it). */
  close(): void {
    for (const off of this.detach.splice(0)) off();
    for (const t of this.robotThrottles.values()) t.cancel();
    this.io.disconnectSockets(true);
    this.io.engine.close();
  }
}
