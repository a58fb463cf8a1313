// Builds the patient screen's service from the brain's parts, once, for startBrain.
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BrainClock } from '../clock.js';
import { wallClock } from '../clock.js';
import type { Fleet } from '../fleet/fleet.js';
import type { RobotLink } from '../link/types.js';
import type { WardServices } from '../ward-services.js';
import { ScreenPairings } from './screen-pairings.js';
import { ScreenService } from './screen-service.js';

export interface ScreenParts {
  db: Database.Database;
  link: RobotLink;
  fleet: Fleet;
  wardServices: WardServices;
  clock: BrainClock;
  logger: Logger;
}

const services = new WeakMap<object, ScreenService>();
export function buildScreen(p: ScreenParts): ScreenService {
  const { wardServices } = p;
  const { ward } = wardServices.workflow;
  const placeOf = (robot: string) => wardServices.workflow.placeOfRobot(robot);
  const screen = new ScreenService({
    link: p.link,
    // Pairings are about tablets and people, so they run on the wall clock, as staff sessions do.
    pairings: new ScreenPairings(p.db, { clock: wallClock, audit: wardServices.audit }),
    clock: p.clock,
    logger: p.logger.child({ part: 'screen' }),
    alerts: wardServices.alerts,
    audit: wardServices.audit,
    placeOf,
    patientAt: (robot) => {
      const place = placeOf(robot);
      return place?.kind === 'bed' ? wardServices.records.patientInBed(place.name)?.recordNumber ?? null : null;
    },
    activeTask: (robot) => p.fleet.get(robot)?.task_id ?? null,
    robotExists: (robot) => p.fleet.get(robot) !== undefined,
  });
  services.set(p.link, screen);
  return screen;
}

/** The screen service built for the brain behind `link`, or null (a brain built without one, e.g. in the API tests). */
export function screenServiceFor(link: object): ScreenService | null {
  return services.get(link) ?? null;
}
