// The brain's ward side on its one SQLite database: audit log, staff accounts, alerts, ward
// records, custody and the drawer guard, and the services the workflows see. Built in this order
// because each later part audits through the first.
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { StaffMember, WardMap } from '../robot/index.js';
import { AlertService } from './alerts/index.js';
import { AuditLog } from './audit/index.js';
import { AccountService, LoginRefused, type ScryptParams } from './auth/index.js';
import { wallClock, type BrainClock } from './clock.js';
import { CustodyLedger } from './custody/custody-ledger.js';
import { AT_PLACE_M, DrawerGuard } from './custody/drawer-guard.js';
import type { Fleet } from './fleet/fleet.js';
import type { DispatchRequest } from './tasks/dispatch-request.js';
import { medicationDispense, WardRecords } from './ward/index.js';
import { DEFAULT_TIMING, type WorkflowServices, type WorkflowTiming } from './workflows/services.js';
import type { JsonObject } from './store/types.js';
import { Pseudonyms } from './pseudonyms.js';

export interface WardServicesOptions {
  db: Database.Database;
  ward: WardMap;
  clock: BrainClock;
  logger: Logger;
  fleet: Fleet;
  scrypt?: ScryptParams;
  timing?: Partial<WorkflowTiming>;
  handBackBatteryPct: number;
  /** Queues a follow-up task; bound late because the task service is built after these. */
  followUp: (request: DispatchRequest) => Promise<string>;
}

export interface WardServices {
  audit: AuditLog;
  accounts: AccountService;
  alerts: AlertService;
  records: WardRecords;
  custody: CustodyLedger;
  guard: DrawerGuard;
  workflow: WorkflowServices;
  pseudonyms: Pseudonyms;
}


/** A ward place this much farther than a bare waypoint still wins: the two may be a hair apart. */
const WARD_PLACE_PREFERENCE_M = 0.25;

export function buildWardServices(o: WardServicesOptions): WardServices {
  const now = () => o.clock.now();
  const audit = new AuditLog(o.db, { clock: o.clock });
  // Sessions and lockouts are about people at screens, so they run on the wall clock even when the
  // robots' world runs on simulated time (a sign-in must not expire because the simulation ran a shift in a minute).
  const accounts = new AccountService(o.db, { clock: wallClock, logger: o.logger, audit, ...(o.scrypt ? { scrypt: o.scrypt } : {}) });
  const alerts = new AlertService(o.db, { clock: o.clock, audit, logger: o.logger });
  const records = new WardRecords(o.db, o.ward);
  const seeded = records.seedFromWard(o.ward);
  o.logger.info({ seeded }, 'ward records seeded from the ward file (existing records kept)');
  const custody = new CustodyLedger(o.db, audit, now);
  const placeOfRobot = (robot: string) => {
    const state = o.fleet.get(robot);
    if (!state || !state.level) return null;
    // A ward place (a bed, the pharmacy) often shares its spot with a bare map waypoint (the small
    // ward's bays, the pharmacy hatch): standing there, the robot is at the bed, or no patient would
    // be found for what is said at it.
    const rank = (p: WardMap['places'][number], d: number) => d - (p.kind !== 'waypoint' ? WARD_PLACE_PREFERENCE_M : 0);
    let best: { place: WardMap['places'][number]; r: number } | null = null;
    for (const p of o.ward.places) {
      if (p.level !== state.level) continue;
      const d = Math.hypot(p.x - state.pose.x, p.y - state.pose.y);
      if (d <= AT_PLACE_M && (!best || rank(p, d) < best.r)) best = { place: p, r: rank(p, d) };
    }
    return best?.place ?? null;
  };
  const robotAt = (robot: string, place: string, withinM: number) => {
    const state = o.fleet.get(robot);
    const p = o.ward.places.find((x) => x.name === place);
    return !!state && !!p && state.level === p.level && Math.hypot(p.x - state.pose.x, p.y - state.pose.y) <= withinM;
  };
  const rolesOf = (username: string) => {
    const a = accounts.account(username);
    return a && !a.disabled ? [...a.roles] : [];
  };
  const pharmacy = o.ward.places.find((p) => p.kind === 'pharmacy')?.name ?? '';
  const guard = new DrawerGuard({
    custody, now, pharmacy, rolesOf, robotAt,
    patient: (mrn) => {
      const p = records.patient(mrn);
      return p ? { wristband: p.wristband, bed: p.bed } : null;
    },
  });
  const staffMember = (username: string): StaffMember => {
    const a = accounts.account(username);
    return { username, name: a?.name ?? username, roles: a ? [...a.roles] : [], badge: a?.badge ?? null };
  };
  const workflow: WorkflowServices = {
    ward: o.ward,
    directory: records,
    staff: {
      verifyBadge: (badge, pin, robot) => accounts.verifyBadge(badge, pin, { robot }),
      async verifyPassword(username, password) {
        try {
          // A witness signs in beside the pharmacist; the session is only proof and is ended at once.
          const result = await accounts.login(username, password);
          accounts.logout(result.token);
          return { username: result.account.username, name: result.account.name, roles: [...result.account.roles] };
        } catch (err) {
          if (err instanceof LoginRefused) return null;
          throw err;
        }
      },
      rolesOf,
    },
    alerts: { raise: (a) => alerts.raise(a, a.robot ? { by: { kind: 'robot', id: a.robot } } : {}) },
    audit,
    custody,
    guard,
    medicationDispense: (d) => medicationDispense({
      order: d.order, patient: d.patient, robot: d.robot, receiver: staffMember(d.receiver), pharmacist: staffMember(d.pharmacist),
      whenHandedOver: d.whenHandedOver, status: d.status,
    }) as unknown as JsonObject,
    followUp: (r) => o.followUp(r),
    placeOfRobot,
    handBackBatteryPct: o.handBackBatteryPct,
    timing: { ...DEFAULT_TIMING, ...(o.timing ?? {}) },
  };
  return { audit, accounts, alerts, records, custody, guard, workflow, pseudonyms: new Pseudonyms() };
}
