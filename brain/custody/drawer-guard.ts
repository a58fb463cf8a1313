// The one door to a medication drawer. DESIGN.md's first safety rule lives here and only here: a
// drawer opens at the bedside only when this patient was identified (wristband read by the camera
// matches the order's patient, and the patient confirmed name and birth date) and a nurse signed
// in at the robot afterwards, all in this run of the task and at this patient's bed; at the pharmacy
// only for a pharmacist the task accepted. Every condition is re-derived from the custody ledger,
// the ward records and the staff accounts, never taken from the caller's word.
import { DrawerCommand } from '../../robot/index.js';
import type { RobotSkills } from '../workflows/engine/skills.js';
import type { CustodyEntry, CustodyLedger } from './custody-ledger.js';

/** How long an identification and a nurse's sign-in stay good for opening the drawer. */
export const HANDOVER_VALID_MS = 15 * 60_000;
/** How close to the bed (or the pharmacy) the robot must stand, in metres. */
export const AT_PLACE_M = 1.5;

export interface GuardDeps {
  custody: CustodyLedger;
  now: () => number;
  /** The patient's wristband text and bed, from the ward records. */
  patient(recordNumber: string): { wristband: string; bed: string | null } | null;
  /** The roles the account has now (a disabled account has none). */
  rolesOf(username: string): string[];
  /** Whether the robot's last reported pose is within `AT_PLACE_M` of the place. */
  robotAt(robot: string, place: string, withinM: number): boolean;
  pharmacy: string;
}

export class DrawerRefused extends Error {
  override readonly name = 'DrawerRefused';
  constructor(readonly drawer: number, readonly reasons: string[]) {
    super(`drawer ${drawer} stays locked: ${reasons.join('; ')}`);
  }
}

export interface GuardScope {
  taskId: string;
  runId: string;
  robot: string;
  drawer: number;
}

export class DrawerGuard {
  constructor(private readonly deps: GuardDeps) {}

  /** At the pharmacy, for a pharmacist the task accepted to load (or unload) this drawer. */
  async unlockAtPharmacy(skills: RobotSkills, scope: GuardScope, purpose: 'load' | 'unload'): Promise<CustodyEntry> {
    const entries = this.deps.custody.entries({ taskId: scope.taskId }).filter((e) => e.runId === scope.runId);
    const reasons: string[] = [];
    const auth = [...entries].reverse().find((e) => e.kind === 'load_authorized' && e.drawer === scope.drawer && e.data.purpose === purpose);
    if (!auth) reasons.push(`no pharmacist was accepted to ${purpose} drawer ${scope.drawer} in this run of the task`);
    else {
      if (!this.deps.rolesOf(auth.actor).includes('pharmacist')) reasons.push(`${auth.actor} is not (or no longer) a pharmacist`);
      const witness = typeof auth.data.witness === 'string' ? auth.data.witness : null;
      if (auth.data.controlled === true && (!witness || witness === auth.actor)) reasons.push('a controlled drug needs a second member of staff as witness');
      if (this.deps.now() - auth.timeMs > HANDOVER_VALID_MS) reasons.push('the pharmacist\'s authorisation is older than 15 minutes');
    }
    if (!this.deps.robotAt(scope.robot, this.deps.pharmacy, AT_PLACE_M)) reasons.push(`${scope.robot} is not at the pharmacy`);
    return this.open(skills, scope, reasons, auth ? [auth.seq] : [], { purpose });
  }

  /** At the bedside: only for the identified patient, after a nurse signed in at the robot. */
  async unlockForHandover(skills: RobotSkills, scope: GuardScope & { patient: string }): Promise<CustodyEntry> {
    const now = this.deps.now();
    const reasons: string[] = [];
    const patient = this.deps.patient(scope.patient);
    const carried = this.deps.custody.carried(scope.taskId).filter((c) => c.drawer === scope.drawer);
    if (carried.length === 0) reasons.push(`drawer ${scope.drawer} holds no medication of this task`);
    if (carried.some((c) => c.patient !== scope.patient)) reasons.push(`drawer ${scope.drawer} holds medication for another patient`);
    if (!patient) reasons.push(`patient ${scope.patient} is not in the ward records`);
    else if (!patient.bed) reasons.push(`patient ${scope.patient} has no bed`);
    else if (!this.deps.robotAt(scope.robot, patient.bed, AT_PLACE_M)) reasons.push(`${scope.robot} is not at ${patient.bed}`);

    const entries = this.deps.custody.entries({ taskId: scope.taskId }).filter((e) => e.runId === scope.runId && e.patient === scope.patient);
    const identified = [...entries].reverse().find((e) => e.kind === 'patient_identified');
    const failedAfter = identified && entries.some((e) => e.kind === 'identity_failed' && e.seq > identified.seq);
    if (!identified) reasons.push('the patient has not been identified in this run');
    else {
      if (!patient || identified.data.wristband_read !== patient.wristband) reasons.push('the wristband read does not match the patient\'s record');
      if (identified.data.name_and_birth_date_confirmed !== true) reasons.push('the patient did not confirm name and birth date');
      if (failedAfter) reasons.push('a later identification failed');
      if (now - identified.timeMs > HANDOVER_VALID_MS) reasons.push('the identification is older than 15 minutes');
    }
    const nurse = [...entries].reverse().find((e) => e.kind === 'staff_authenticated');
    if (!nurse) reasons.push('no nurse has signed in at the robot');
    else {
      if (identified && nurse.seq < identified.seq) reasons.push('the nurse signed in before the patient was identified');
      if (!this.deps.rolesOf(nurse.actor).includes('nurse')) reasons.push(`${nurse.actor} is not (or no longer) a nurse`);
      if (now - nurse.timeMs > HANDOVER_VALID_MS) reasons.push('the nurse\'s sign-in is older than 15 minutes');
    }
    return this.open(skills, { ...scope }, reasons, [identified?.seq, nurse?.seq].filter((s): s is number => s !== undefined),
      { purpose: 'handover', patient: scope.patient }, scope.patient);
  }

  private async open(skills: RobotSkills, scope: GuardScope, reasons: string[], evidence: number[], data: Record<string, string>, patient: string | null = null): Promise<CustodyEntry> {
    if (skills.robot !== scope.robot) reasons.push(`the skills belong to ${skills.robot}, not ${scope.robot}`);
    if (reasons.length > 0) throw new DrawerRefused(scope.drawer, reasons);
    const entry = this.deps.custody.record({
      taskId: scope.taskId, runId: scope.runId, robot: scope.robot, drawer: scope.drawer, orderId: null, patient,
      kind: 'drawer_unlocked', actor: 'system', data: { ...data, evidence: evidence.map(String) },
    }, `custody checks passed (entries ${evidence.join(', ')})`);
    await skills.drawerCommand(scope.drawer, DrawerCommand.UNLOCK, `custody:${entry.seq}`);
    return entry;
  }
}
