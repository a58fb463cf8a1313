// Staff who come to a robot to sign in: arrivals a scenario queued per robot, and an optional
// default responder who comes to any robot that asks, so demos get a nurse without a script.
import type { DefaultResponder, StaffCredential } from './types.js';

interface QueuedArrival { credential: StaffCredential; afterS: number; queuedAtMs: number }

/** When and with what a staff member will sign in for one authenticate_staff goal. */
export interface PlannedSignIn {
  /** Sim time of the sign-in, milliseconds. */
  readyAtMs: number;
  credential: StaffCredential;
  source: 'queued' | 'default';
  /** Takes a queued arrival off the queue once the sign-in happened. */
  consume(): void;
}

export class StaffDesk {
  private readonly queues = new Map<string, QueuedArrival[]>();
  private responder: DefaultResponder | null = null;
  private listeners = new Map<string, Set<() => void>>();

  constructor(private readonly robots: readonly string[], private readonly now: () => number) {}

  /**
   * Queues a sign-in at `robot`: it is taken by the authenticate_staff goal running then or the next
   * one, `afterS` sim seconds after the later of now and that goal's start.
   */
  arrive(robot: string, credential: StaffCredential, afterS = 0): void {
    const where = `people.staffArrives(${robot})`;
    this.checkRobot(robot, where);
    const cred = checkCredential(where, credential);
    checkDelay(where, 'afterS', afterS);
    this.queue(robot).push({ credential: cred, afterS, queuedAtMs: this.now() });
    this.changed(robot);
  }

  /** Forgets queued arrivals at one robot, or at every robot. */
  clear(robot?: string): void {
    if (robot !== undefined) this.checkRobot(robot, 'people.clearStaffArrivals');
    for (const r of robot === undefined ? this.robots : [robot]) {
      this.queues.delete(r);
      this.changed(r);
    }
  }

  queued(robot: string): readonly { credential: StaffCredential; afterS: number }[] {
    return (this.queues.get(robot) ?? []).map((a) => ({ credential: { ...a.credential }, afterS: a.afterS }));
  }

  get defaultResponder(): DefaultResponder | null {
    return this.responder && { ...this.responder };
  }

  setDefaultResponder(r: DefaultResponder | null): void {
    if (r !== null) {
      const cred = checkCredential('defaultResponder', r);
      checkDelay('defaultResponder', 'afterS', r.afterS);
      this.responder = { ...cred, afterS: r.afterS };
    } else this.responder = null;
    for (const robot of this.robots) this.changed(robot);
  }

  /** Who signs in for a goal at `robot` that started at `goalStartMs`: a queued arrival first, else the default responder. */
  next(robot: string, goalStartMs: number): PlannedSignIn | undefined {
    const queue = this.queues.get(robot);
    const first = queue?.[0];
    if (first) {
      return {
        readyAtMs: Math.max(first.queuedAtMs, goalStartMs) + first.afterS * 1000,
        credential: { ...first.credential },
        source: 'queued',
        consume: () => {
          const i = queue!.indexOf(first);
          if (i >= 0) queue!.splice(i, 1);
        },
      };
    }
    if (!this.responder) return undefined;
    return {
      readyAtMs: goalStartMs + this.responder.afterS * 1000,
      credential: { badge: this.responder.badge, pin: this.responder.pin },
      source: 'default',
      consume: () => undefined,
    };
  }

  /** Calls `cb` whenever who would sign in at `robot` may have changed. */
  onChange(robot: string, cb: () => void): () => void {
    let set = this.listeners.get(robot);
    if (!set) this.listeners.set(robot, (set = new Set()));
    set.add(cb);
    return () => void set.delete(cb);
  }

  private changed(robot: string): void {
    for (const cb of [...(this.listeners.get(robot) ?? [])]) cb();
  }

  private queue(robot: string): QueuedArrival[] {
    let q = this.queues.get(robot);
    if (!q) this.queues.set(robot, (q = []));
    return q;
  }

  private checkRobot(robot: string, where: string): void {
    if (!this.robots.includes(robot)) throw new RangeError(`${where}: robot: no robot named "${robot}" (robots: ${this.robots.join(', ')})`);
  }
}

function checkCredential(where: string, c: StaffCredential): StaffCredential {
  if (typeof c !== 'object' || c === null) throw new RangeError(`${where}: credential must be { badge, pin }`);
  if (typeof c.badge !== 'string' || c.badge === '') throw new RangeError(`${where}: badge: must be a non-empty string`);
  if (typeof c.pin !== 'string' || c.pin === '') throw new RangeError(`${where}: pin: must be a non-empty string`);
  return { badge: c.badge, pin: c.pin };
}

function checkDelay(where: string, field: string, s: unknown): void {
  if (!(typeof s === 'number' && Number.isFinite(s) && s >= 0)) throw new RangeError(`${where}: ${field}: must be a non-negative number of seconds, got ${String(s)}`);
}
