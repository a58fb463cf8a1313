// A robot's medication drawers: which is locked or open, and the actuation log that proves what
// happened to each. Pure state; drawer-control.ts puts it on ROS.
import { DrawerCommand, DrawerStateCode } from '../../../robot/index.js';
import type { DrawerActuation, DrawerStateName } from './records.js';

export const DEFAULT_DRAWER_COUNT = 4;

const STATE_CODES: Record<DrawerStateName, number> = {
  LOCKED: DrawerStateCode.STATE_LOCKED,
  OPEN: DrawerStateCode.STATE_OPEN,
  FAULT: DrawerStateCode.STATE_FAULT,
};

export function drawerStateCode(s: DrawerStateName): number {
  return STATE_CODES[s];
}

export function commandName(command: number): 'UNLOCK' | 'LOCK' | undefined {
  if (command === DrawerCommand.UNLOCK) return 'UNLOCK';
  if (command === DrawerCommand.LOCK) return 'LOCK';
  return undefined;
}

/** Throws naming the `drawers` option unless `count` is a whole number from 1 to 255 (a uint8 drawer number). */
export function checkDrawerCount(count: unknown): number {
  if (typeof count === 'number' && Number.isInteger(count) && count >= 1 && count <= 255) return count;
  throw new RangeError(`drawers: must be a whole number from 1 to 255, got ${String(count)}`);
}

export class Drawers {
  private readonly states: DrawerStateName[];

  constructor(readonly count: number, private readonly log: DrawerActuation[]) {
    checkDrawerCount(count);
    this.states = Array.from({ length: count }, () => 'LOCKED');
  }

  /** States by drawer, index 0 is drawer 1. */
  all(): readonly DrawerStateName[] {
    return [...this.states];
  }

  state(drawer: number): DrawerStateName {
    const s = this.states[drawer - 1];
    if (s === undefined) throw new RangeError(`drawer: must be 1..${this.count}, got ${drawer}`);
    return s;
  }

  /** Why `drawer` is not a drawer of this robot, or undefined when it is. */
  outOfRange(drawer: number): string | undefined {
    return Number.isInteger(drawer) && drawer >= 1 && drawer <= this.count ? undefined : `drawer: must be 1..${this.count}, got ${drawer}`;
  }

  /** Carries out a command and logs it; returns the drawer's state after it. */
  actuate(entry: Omit<DrawerActuation, 'stateAfter'>): DrawerStateName {
    this.state(entry.drawer);
    const after: DrawerStateName = entry.command === 'UNLOCK' ? 'OPEN' : 'LOCKED';
    this.states[entry.drawer - 1] = after;
    this.log.push({ ...entry, stateAfter: after });
    return after;
  }
}
