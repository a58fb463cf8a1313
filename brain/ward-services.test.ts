import { describe, it, expect, afterAll } from '@jest/globals';
import Database from 'better-sqlite3';
import pino from 'pino';
import { loadWard } from '../robot/index.js';
import { BUILTIN_WARD_FILE } from '../sim/index.js';
import { TEST_ONLY_SCRYPT } from './auth/password-hash.js';
import { wallClock } from './clock.js';
import type { Fleet } from './fleet/fleet.js';
import { buildWardServices } from './ward-services.js';

describe('where the brain says a robot is', () => {
  const ward = loadWard(BUILTIN_WARD_FILE);
  const db = new Database(':memory:');
  afterAll(() => { db.close(); });
  let pose = { x: 0, y: 0 };
  // Only the robot's last pose is read: the rest of the fleet is not needed for this lookup.
  const fleet = { get: () => ({ level: ward.places[0]!.level, pose }) } as unknown as Fleet;
  const services = buildWardServices({ db, ward, clock: wallClock, logger: pino({ enabled: false }), fleet, scrypt: TEST_ONLY_SCRYPT, handBackBatteryPct: 25, followUp: async () => 'none' });

  it('names the bed (or the pharmacy), not the bare waypoint on the same spot, so what is said at a bed finds its patient', () => {
    const bed = ward.places.find((p) => p.kind === 'bed')!;
    const twin = ward.places.find((p) => p.kind !== 'bed' && Math.hypot(p.x - bed.x, p.y - bed.y) < 0.01);
    expect(twin).toBeDefined(); // the small ward's bays share their beds' spots
    pose = { x: bed.x + 0.3, y: bed.y };
    expect(services.workflow.placeOfRobot('robot_1')?.name).toBe(bed.name);
    const pharmacy = ward.places.find((p) => p.kind === 'pharmacy')!;
    pose = { x: pharmacy.x, y: pharmacy.y };
    expect(services.workflow.placeOfRobot('robot_1')?.name).toBe('pharmacy');
  });

  it('names the nearest other place away from beds, and nothing when far from every place', () => {
    const other = ward.places.find((p) => p.kind === 'nurse_station')!;
    pose = { x: other.x, y: other.y };
    expect(services.workflow.placeOfRobot('robot_1')?.name).toBe(other.name);
    pose = { x: 1e4, y: 1e4 };
    expect(services.workflow.placeOfRobot('robot_1')).toBeNull();
  });
});
