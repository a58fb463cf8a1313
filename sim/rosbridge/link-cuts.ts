// Robots cut off from the rosbridge server's clients while they carry on in the simulation: what a
// dropped network link looks like from the far side. For every name under a cut namespace, clients
// get no topic messages, their calls, goals, cancels and publishes are swallowed unanswered (as
// frames lost on a dead link), feedback and results of goals already running are lost, and rosapi
// no longer lists it. Nodes on the in-process graph (the robot's own skills, the simulated people)
// are not affected. Lifting the cut lets messages through again from the next one published.
import { resolveName } from './names.js';

export class LinkCuts {
  private readonly cuts = new Map<number, string>();
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  /** Cuts every name under `namespace` (`robot_1` or `/robot_1`) off; returns an id for `restore`. */
  cut(namespace: string): number {
    const prefix = `${resolveName(namespace)}/`;
    const id = this.nextId++;
    this.cuts.set(id, prefix);
    this.changed();
    return id;
  }

  /** Lifts one cut; false when it was already lifted. */
  restore(id: number): boolean {
    const had = this.cuts.delete(id);
    if (had) this.changed();
    return had;
  }

  /** Whether clients are cut off from this (resolved) name. */
  isCut(name: string): boolean {
    if (this.cuts.size === 0) return false;
    for (const prefix of this.cuts.values()) if (name.startsWith(prefix)) return true;
    return false;
  }

  /** Namespaces cut off now, without their trailing slash. */
  namespaces(): string[] {
    return [...new Set([...this.cuts.values()].map((p) => p.slice(0, -1)))].sort();
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => { this.listeners.delete(fn); };
  }

  private changed(): void {
    for (const fn of [...this.listeners]) fn();
  }
}
