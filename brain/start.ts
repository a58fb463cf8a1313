// Starts the whole brain: store, robot link, fleet, tasks, HTTP API and live events.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import { loadWard, type WardMap } from '../robot/index.js';
import { buildApi } from './api/server.js';
import { BrainConfigError, checkOptions, type BrainOptions } from './config.js';
import { Fleet } from './fleet/fleet.js';
import { createRobotLink } from './link/factory.js';
import type { RobotLink } from './link/types.js';
import { LiveHub } from './live/live-events.js';
import { SqliteTaskStore } from './store/sqlite-store.js';
import type { TaskStore } from './store/types.js';
import { TaskService } from './tasks/task-service.js';
import { BRAIN_VERSION } from './version.js';

export interface Brain {
  /** http://host:port of the API. */
  url: string;
  ward: WardMap;
  store: TaskStore;
  link: RobotLink;
  fleet: Fleet;
  tasks: TaskService;
  app: FastifyInstance;
  logger: Logger;
  close(): Promise<void>;
}

export async function startBrain(options: BrainOptions): Promise<Brain> {
  const config = checkOptions(options);
  const logger = config.logger === false ? pino({ enabled: false }) : config.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const startedAtMs = Date.now();

  let ward: WardMap;
  try {
    ward = config.ward ?? loadWard(config.wardFile ?? '');
  } catch (err) {
    throw new BrainConfigError('wardFile', (err as Error).message);
  }
  for (const warning of ward.warnings) logger.warn({ ward: ward.file }, warning);

  // Started pieces are closed in reverse if a later one fails, so a failed start leaks nothing.
  const undo: (() => Promise<void> | void)[] = [];
  const unwind = async () => { for (const fn of undo.reverse()) await fn(); };
  try {
    let store: SqliteTaskStore;
    try {
      store = new SqliteTaskStore(config.dbFile);
    } catch (err) {
      throw new BrainConfigError('dbFile', (err as Error).message);
    }
    undo.push(() => store.close());

    const link = await createRobotLink({ kind: config.linkKind, url: config.rosbridgeUrl, logger });
    undo.push(() => link.close());
    const fleet = new Fleet(link);
    fleet.start();
    undo.push(() => fleet.stop());
    const tasks = new TaskService({
      store, fleet, link, ward, logger, minBatteryPct: config.minBatteryPct, taskTimeoutSec: config.taskTimeoutSec,
    });
    await tasks.start();
    undo.push(() => tasks.close());

    // Loaded only when served: building the dashboard pulls in the bundler, which a headless brain never needs.
    const dashboard = config.dashboard ? await (await import('../ui/index.js')).buildDashboard() : null;
    const app = await buildApi({ ward, tasks, fleet, link, version: BRAIN_VERSION, startedAtMs, logger, dashboard });
    undo.push(() => app.close());
    const live = new LiveHub(app.server, fleet, tasks, logger);
    undo.push(() => live.close());
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    link.start();
    logger.info({ url, ward: ward.name, rosbridge: config.rosbridgeUrl }, 'brain started');

    let closing: Promise<void> | null = null;
    return {
      url, ward, store, link, fleet, tasks, app, logger,
      close: () => {
        closing ??= unwind();
        return closing;
      },
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}
