// The drawer guard is the only way a drawer opens. These tests try to open one with every
// condition of DESIGN.md's first safety rule missing, forged or stale, and check the robot is
// never asked to UNLOCK; and that no other code in the brain sends UNLOCK at all.
import { describe, it, expect, beforeEach } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { DrawerCommand } from '../../robot/index.js';
import { openTestDatabase } from '../store/module-schema.js';
import type { RobotSkills } from '../workflows/engine/skills.js';
import { CustodyLedger, type NewCustodyEntry } from './custody-ledger.js';
import { DrawerGuard, DrawerRefused, HANDOVER_VALID_MS } from './drawer-guard.js';

const PATIENT = { recordNumber: 'MRN-1', wristband: 'WB-1', bed: 'bed_1' };
const ROLES: Record<string, string[]> = { 'nurse.a': ['nurse'], 'pharm.b': ['pharmacist'], 'eng.c': ['engineer'], 'nurse.d': ['nurse'] };

describe('DrawerGuard', () => {
  let db: Database.Database;
  let custody: CustodyLedger;
  let now: number;
  let at: string;
  let commands: { drawer: number; command: number; authorization: string }[];
  let audited: string[];
  let guard: DrawerGuard;
  const skills = (robot = 'robot_1') => ({
    robot,
    drawerCommand: async (drawer: number, command: number, authorization: string) => { commands.push({ drawer, command, authorization }); },
  }) as unknown as RobotSkills;
  const scope = { taskId: 't1', runId: 'run1', robot: 'robot_1', drawer: 1 };
  const record = (e: Partial<NewCustodyEntry> & Pick<NewCustodyEntry, 'kind' | 'actor'>) =>
    custody.record({ taskId: 't1', runId: 'run1', robot: 'robot_1', drawer: 1, orderId: null, patient: PATIENT.recordNumber, data: {}, ...e });
  const loaded = () => {
    record({ kind: 'load_authorized', actor: 'pharm.b', data: { purpose: 'load', controlled: false } });
    record({ kind: 'loaded', actor: 'pharm.b', orderId: 'MR-1' });
  };
  const identified = (data = { wristband_read: 'WB-1', name_and_birth_date_confirmed: true }) => record({ kind: 'patient_identified', actor: 'robot:robot_1', data });
  const nurse = (username = 'nurse.a') => record({ kind: 'staff_authenticated', actor: username });
  const handover = () => guard.unlockForHandover(skills(), { ...scope, patient: PATIENT.recordNumber });
  const refusedWith = async (p: Promise<unknown>, reason: RegExp) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DrawerRefused);
    expect((err as DrawerRefused).reasons.join('; ')).toMatch(reason);
    expect(commands).toEqual([]);
  };

  beforeEach(async () => {
    db = await openTestDatabase();
    now = 1_800_000_000_000;
    at = 'bed_1';
    commands = [];
    audited = [];
    custody = new CustodyLedger(db, { append: (e) => { audited.push(e.action); return e; } }, () => now);
    guard = new DrawerGuard({
      custody, now: () => now, pharmacy: 'pharmacy',
      patient: (mrn) => (mrn === PATIENT.recordNumber ? { wristband: PATIENT.wristband, bed: PATIENT.bed } : null),
      rolesOf: (u) => ROLES[u] ?? [],
      robotAt: (_robot, place) => place === at,
    });
  });

  it('opens the drawer at the bed when the patient was identified and then a nurse signed in', async () => {
    loaded();
    identified();
    nurse();
    const entry = await handover();
    expect(commands).toEqual([{ drawer: 1, command: DrawerCommand.UNLOCK, authorization: `custody:${entry.seq}` }]);
    expect(custody.entries({ taskId: 't1' }).at(-1)?.kind).toBe('drawer_unlocked');
    expect(audited).toContain('custody.drawer_unlocked');
  });

  it('stays locked without an identification, with a wrong wristband, or without name and birth date', async () => {
    loaded();
    nurse();
    await refusedWith(handover(), /not been identified/);
    identified({ wristband_read: 'WB-2', name_and_birth_date_confirmed: true });
    nurse();
    await refusedWith(handover(), /wristband read does not match/);
    identified({ wristband_read: 'WB-1', name_and_birth_date_confirmed: false });
    nurse();
    await refusedWith(handover(), /did not confirm name and birth date/);
  });

  it('stays locked without a nurse, for someone who is not a nurse, or for a sign-in before the identification', async () => {
    loaded();
    identified();
    await refusedWith(handover(), /no nurse has signed in/);
    nurse('pharm.b');
    await refusedWith(handover(), /pharm\.b is not \(or no longer\) a nurse/);
    nurse('eng.c');
    await refusedWith(handover(), /eng\.c is not/);
    nurse('nurse.a');
    identified();
    await refusedWith(handover(), /signed in before the patient was identified/);
  });

  it('stays locked away from the bed, after a later failed identification, or when the checks are stale', async () => {
    loaded();
    identified();
    nurse();
    at = 'bed_2';
    await refusedWith(handover(), /not at bed_1/);
    at = 'bed_1';
    record({ kind: 'identity_failed', actor: 'robot:robot_1' });
    await refusedWith(handover(), /a later identification failed/);
    identified();
    nurse();
    now += HANDOVER_VALID_MS + 1;
    await refusedWith(handover(), /older than 15 minutes/);
  });

  it('does not trust custody entries of an earlier run (a restarted brain) or of another patient', async () => {
    loaded();
    identified();
    nurse();
    await refusedWith(guard.unlockForHandover(skills(), { ...scope, runId: 'run2', patient: PATIENT.recordNumber }), /not been identified in this run/);
    await refusedWith(guard.unlockForHandover(skills(), { ...scope, patient: 'MRN-9' }), /holds medication for another patient|not in the ward records/);
    await refusedWith(guard.unlockForHandover(skills('robot_2'), { ...scope, patient: PATIENT.recordNumber }), /skills belong to robot_2/);
  });

  it('stays locked once the medication was handed over', async () => {
    loaded();
    identified();
    nurse();
    record({ kind: 'handed_over', actor: 'nurse.a', orderId: 'MR-1' });
    await refusedWith(handover(), /holds no medication of this task/);
  });

  it('opens at the pharmacy only for an accepted pharmacist, with a witness for controlled drugs, at the pharmacy', async () => {
    at = 'pharmacy';
    await refusedWith(guard.unlockAtPharmacy(skills(), scope, 'load'), /no pharmacist was accepted/);
    record({ kind: 'load_authorized', actor: 'nurse.a', data: { purpose: 'load', controlled: false } });
    await refusedWith(guard.unlockAtPharmacy(skills(), scope, 'load'), /nurse\.a is not .* a pharmacist/);
    record({ kind: 'load_authorized', actor: 'pharm.b', data: { purpose: 'load', controlled: true } });
    await refusedWith(guard.unlockAtPharmacy(skills(), scope, 'load'), /controlled drug needs a second member of staff/);
    record({ kind: 'load_authorized', actor: 'pharm.b', data: { purpose: 'load', controlled: true, witness: 'nurse.d' } });
    at = 'bed_1';
    await refusedWith(guard.unlockAtPharmacy(skills(), scope, 'load'), /not at the pharmacy/);
    at = 'pharmacy';
    await guard.unlockAtPharmacy(skills(), scope, 'load');
    expect(commands.map((c) => c.command)).toEqual([DrawerCommand.UNLOCK]);
  });

  it('the custody chain is append-only', () => {
    loaded();
    expect(() => db.prepare("UPDATE custody_events SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM custody_events').run()).toThrow(/append-only/);
  });

  it('is the only code in the brain that asks a robot to UNLOCK a drawer', () => {
    const brainDir = join(fileURLToPath(new URL('.', import.meta.url)), '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && /DrawerCommand\.UNLOCK|command:\s*1\b/.test(readFileSync(file, 'utf8'))) offenders.push(relative(brainDir, file));
      }
    };
    walk(brainDir);
    // skills.ts names UNLOCK only to word its log line; it has no way to send it except through drawerCommand, which only the guard calls with UNLOCK.
    // The plan validator names it to check a plan's unlock steps; it holds no skills and sends nothing.
    expect(offenders.sort()).toEqual(['custody/drawer-guard.ts', 'planning/validator.ts', 'workflows/engine/skills.ts']);
    expect(readFileSync(join(brainDir, 'planning/validator.ts'), 'utf8')).not.toMatch(/RobotSkills|sendGoal|drawerCommand/);
    const callers: string[] = [];
    const findCallers = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const file = join(dir, name);
        if (statSync(file).isDirectory()) findCallers(file);
        else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && /\.drawerCommand\(/.test(readFileSync(file, 'utf8'))) callers.push(relative(brainDir, file));
      }
    };
    findCallers(brainDir);
    expect(callers.sort()).toEqual(['custody/drawer-guard.ts', 'workflows/engine/skills.ts']);
  });
});
