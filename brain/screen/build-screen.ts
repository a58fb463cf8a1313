// Builds the patient screen's service from the brain's parts, once, for startBrain.
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Place } from '../../robot/index.js';
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
/** How close to a bed's stop the robot must stand to be at that bed (as the workflows' AT_PLACE_M). */
const AT_BED_M = 1.5;

export function buildScreen(p: ScreenParts): ScreenService {
  const { wardServices } = p;
  const { ward } = wardServices.workflow;
  // The bed the robot stands at comes first: a bed often shares its spot with a map waypoint of the
  // same coordinates (the small ward's bays), and the nearest-place lookup may name the waypoint.
  const bedAt = (robot: string): Place | null => {
    const state = p.fleet.get(robot);
    if (!state?.level) return null;
    let best: { place: Place; d: number } | null = null;
    for (const place of ward.places) {
      if (place.kind !== 'bed' || place.level !== state.level) continue;
      const d = Math.hypot(place.x - state.pose.x, place.y - state.pose.y);
      if (d <= AT_BED_M && (!best || d < best.d)) best = { place, d };
    }
    return best?.place ?? null;
  };
  const placeOf = (robot: string) => bedAt(robot) ?? wardServices.workflow.placeOfRobot(robot);
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
