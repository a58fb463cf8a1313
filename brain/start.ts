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
import { wallClock, type BrainClock } from './clock.js';
import { SimTimeClock } from './sim-clock.js';
import { buildWardServices, type WardServices } from './ward-services.js';
import { WorkflowStateStore } from './workflows/engine/state-store.js';
import { deliveryWorkflow, returnWorkflow } from './workflows/registry.js';
import { ScheduleService } from './schedules/index.js';
import { parseDispatchRequest } from './tasks/dispatch-request.js';
import type { WorkflowDefinition } from './workflows/engine/types.js';
import { wardRoundCategory } from './workflows/round/round-category.js';
import { RoundRecords } from './workflows/round/round-records.js';
import { healthEducationCategory } from './workflows/education/education-category.js';
import { EducationRecords } from './workflows/education/education-records.js';
import { loadLibrary } from './education/index.js';
import { PlanStore, plannedSkillsWorkflow, PLANNED_SKILLS, type PlanService } from './planning/index.js';
import { buildPlanService } from './plan-services.js';
import { buildDialogue, type Dialogue } from './dialogue-services.js';
import { createModel } from './llm/model-config.js';
import { buildScreen } from './screen/index.js';

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
  clock: BrainClock;
  /** Accounts, audit, alerts, ward records, custody. */
  wardServices: WardServices;
  schedules: ScheduleService;
  rounds: RoundRecords;
  /** Free-text requests, plans, approvals. */
  plans: PlanService;
  /** Patient speech heard by the robots, answered under the dialogue's rules. */
  dialogue: Dialogue;
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
    const simClock = config.useSimTime ? new SimTimeClock(link) : null;
    if (simClock) undo.push(() => simClock.close());
    const clock: BrainClock = simClock ?? wallClock;
    if (simClock) {
      // On simulated time nothing can be timed, resumed or scheduled before the simulator says what time it is.
      link.start();
      try {
        await simClock.firstTick(30_000);
      } catch (err) {
        throw new BrainConfigError('useSimTime', `${(err as Error).message} (rosbridge ${config.rosbridgeUrl})`);
      }
    }
    const fleet = new Fleet(link);
    fleet.start();
    undo.push(() => fleet.stop());

    let tasksRef: TaskService | null = null;
    const db = store.database;
    const wardServices = buildWardServices({
      db, ward, clock, logger, fleet, scrypt: config.scrypt, timing: config.timing, handBackBatteryPct: config.handBackBatteryPct,
      followUp: async (request) => {
        if (!tasksRef) throw new Error('the task service is not running');
        return (await tasksRef.create(request)).booking.id;
      },
    });
    // Accounts are made only for staff given secrets (the demo profile, tests); a real ward creates
    // them with `npm run staff -- add`, so no password ever sits in a ward file.
    const roundRecords = new RoundRecords(db);
    const created = await wardServices.accounts.seedFromWard(ward.people.staff.filter((s) => config.staffSecrets[s.username]), config.staffSecrets);
    if (created.length) logger.info({ created }, 'staff accounts created from the ward file');
    const noAccount = ward.people.staff.filter((s) => !wardServices.accounts.account(s.username)).map((s) => s.username);
    if (noAccount.length) logger.warn({ noAccount }, 'ward staff without an account: create them with `npm run staff -- add --db <dbFile> --username <name> --role <role>`');
    const planStore = new PlanStore(db);
    const library = loadLibrary();
    const educationRecords = new EducationRecords(db);
    const workflows = new Map<string, WorkflowDefinition>([
      [PLANNED_SKILLS, plannedSkillsWorkflow(wardServices.workflow, planStore)],
      ['medication_delivery', deliveryWorkflow(wardServices.workflow)],
      ['medication_return', returnWorkflow(wardServices.workflow)],
      ['ward_round', wardRoundCategory({ services: wardServices.workflow, records: roundRecords }).workflow],
      ['health_education', healthEducationCategory({ services: wardServices.workflow, records: educationRecords, library }).workflow],
    ]);
    const tasks = new TaskService({
      store, fleet, link, ward, logger, minBatteryPct: config.minBatteryPct, taskTimeoutSec: config.taskTimeoutSec,
      clock, workflows, states: new WorkflowStateStore(db, () => clock.now()),
      chargeBelowPct: Math.max(config.minBatteryPct, config.handBackBatteryPct) + 5,
      audit: wardServices.audit,
    });
    tasksRef = tasks;
    await tasks.start();
    undo.push(() => tasks.close());
    const checkContext = tasks.checkContext(wardServices.records);

    const model = createModel(config.model);
    if (model.mode.reason) logger.warn({ reason: model.mode.reason }, 'no language model in use');
    logger.info({ planner: model.mode.mode, model: model.mode.model, site: model.mode.site }, 'planner mode');
    const dialogue = buildDialogue({ db, wardServices, fleet, link, clock, library, model: model.provider, logger });
    undo.push(() => dialogue.close());
    // The robots' patient screens (paired tablets); built before the API, which serves their routes.
    const screen = buildScreen({ db, link, fleet, wardServices, clock, logger });
    undo.push(() => screen.close());
    const plans = buildPlanService({ store: planStore, ward, wardServices, checkContext, clock, timeZone: config.timeZone, fleet, tasks, logger, model, link });

    const schedules = new ScheduleService(db, {
      clock, timeZone: config.timeZone, logger, audit: wardServices.audit,
      // A schedule's task passes the plan validator like any other; medication is never scheduled,
      // because each delivery needs a nurse's own request or approval.
      checkTemplate: (template) => {
        const parsed = parseDispatchRequest({ type: 'dispatch_task_request', request: template }, ward, checkContext);
        if (!parsed.ok) return parsed.problems.map((p) => `task_request.${p.detail.replace(/^request\./, '')}`);
        const verdict = plans.checkRequest(parsed.request, null);
        if (!verdict.ok) return verdict.problems.map((p) => `task_request: ${p.en}`);
        return verdict.needsApproval ? [`task_request.category: a schedule cannot dispatch ${parsed.request.category} (it ${verdict.approvalReasons.join(', ')}): each one needs a nurse's request or approval`] : [];
      },
      dispatch: async (body) => {
        const parsed = parseDispatchRequest(body, ward, checkContext);
        if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.detail).join('; '));
        const verdict = plans.checkRequest(parsed.request, null);
        if (!verdict.ok || verdict.needsApproval) throw new Error(verdict.ok ? 'needs a nurse\'s approval' : verdict.problems.map((p) => p.en).join('; '));
        return { taskId: (await tasks.create(parsed.request)).booking.id };
      },
    });
    undo.push(() => schedules.stop());

    // Loaded only when served: building the dashboard pulls in the bundler, which a headless brain never needs.
    const dashboard = config.dashboard ? await (await import('../ui/index.js')).buildDashboard() : null;
    const app = await buildApi({
      ward, tasks, fleet, link, version: BRAIN_VERSION, startedAtMs, logger, dashboard, wardServices, schedules, checkContext, workflows, rounds: roundRecords, plans, dialogue,
      education: educationRecords, educationLibrary: library, clock,
    });
    undo.push(() => app.close());
    const live = new LiveHub(app.server, fleet, tasks, logger, wardServices, plans);
    undo.push(() => live.close());
    screen.attachLive(live.io);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address() as AddressInfo;
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
    link.start();
    schedules.start();
    logger.info({ url, ward: ward.name, rosbridge: config.rosbridgeUrl, simTime: config.useSimTime }, 'brain started');

    let closing: Promise<void> | null = null;
    return {
      url, ward, store, link, fleet, tasks, app, logger, clock, wardServices, schedules, rounds: roundRecords, plans, dialogue,
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
