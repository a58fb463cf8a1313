// Builds the plan service from the brain's parts, once, for startBrain and the API tests.
import type { Logger } from 'pino';
import type { WardMap } from '../robot/index.js';
import type { BrainClock } from './clock.js';
import type { Fleet } from './fleet/fleet.js';
import type { RobotLink } from './link/types.js';
import { captureFrame, frameToDataUrl } from './camera/index.js';
import type { ModelModeInfo, ModelProvider } from './llm/types.js';
import { createRedactor, identitiesOf } from './llm/privacy.js';
import { PlanService, type PlanStore } from './planning/index.js';
import type { CheckContext } from './tasks/categories/types.js';
import type { TaskService } from './tasks/task-service.js';
import type { WardServices } from './ward-services.js';

export interface PlanServiceParts {
  store: PlanStore;
  ward: WardMap;
  wardServices: WardServices;
  checkContext: CheckContext;
  clock: BrainClock;
  timeZone: string;
  fleet: Fleet;
  tasks: TaskService;
  logger: Logger;
  model: { provider: ModelProvider | null; mode: ModelModeInfo };
  /** The robots' link, for camera frames the model may ask to see. */
  link?: RobotLink;
}

/** How long the planner waits for a camera frame, and how wide it is sent to a model. */
const LOOK_TIMEOUT_MS = 3000;
const LOOK_WIDTH = 320;

export function buildPlanService(p: PlanServiceParts): PlanService {
  return new PlanService({
    store: p.store, ward: p.ward, directory: p.wardServices.records, checkContext: p.checkContext, clock: p.clock, timeZone: p.timeZone,
    model: p.model.provider, mode: p.model.mode,
    // Dates older than a year are scrubbed as possible birth dates; "a year" counts from the ward's clock.
    redactor: () => createRedactor(identitiesOf(p.wardServices.records.patients()), { today: new Date(p.clock.now()).toISOString().slice(0, 10) }),
    robots: () => p.fleet.list().map((r) => ({
      name: r.name, place: p.wardServices.workflow.placeOfRobot(r.name)?.name ?? null, batteryPct: r.battery.percentage, busy: r.task_id !== null,
    })),
    ...(p.link ? { look: lookThrough(p.link, p.fleet) } : {}),
    dispatch: async (request) => (await p.tasks.create(request)).booking.id,
    rolesOf: (username) => p.wardServices.workflow.staff.rolesOf(username),
    audit: p.wardServices.audit, logger: p.logger,
  });
}

/** A frame from the named robot (or the first one online), as a PNG data URL for a model. */
function lookThrough(link: RobotLink, fleet: Fleet) {
  return async (robot: string | null) => {
    const name = robot ?? fleet.list().find((r) => r.status !== 'offline')?.name;
    if (!name) throw new Error('no robot is online');
    if (!fleet.get(name)) throw new Error(`no robot "${name}" (robots: ${fleet.list().map((r) => r.name).join(', ') || 'none'})`);
    return { robot: name, dataUrl: frameToDataUrl(await captureFrame(link, name, LOOK_TIMEOUT_MS), LOOK_WIDTH) };
  };
}

export const NO_MODEL: { provider: null; mode: ModelModeInfo } = {
  provider: null, mode: { mode: 'deterministic', model: null, site: null, edgeOnly: false, reason: null },
};
