// Decides when a periodic topic is due: a period in sim time, and a floor in wall time so that a
// world running at 100× or flat out does not flood the socket with poses nobody can look at.
export class RateGate {
  private lastSimMs = -Infinity;
  private lastWallMs = -Infinity;

  constructor(private readonly simPeriodMs: number, private readonly minWallMs: number, private readonly wallNow = () => performance.now()) {}

  /** True when both periods have passed; the caller then publishes, and the gate restarts. */
  due(simMs: number): boolean {
    if (simMs - this.lastSimMs < this.simPeriodMs) return false;
    const wall = this.wallNow();
    if (wall - this.lastWallMs < this.minWallMs) return false;
    this.lastSimMs = simMs;
    this.lastWallMs = wall;
    return true;
  }

  /** Whether a publish outside the schedule (a change) may go now: `wallMs` since the last one. */
  quietFor(wallMs: number): boolean {
    return this.wallNow() - this.lastWallMs >= wallMs;
  }

  /** Records a publish made outside the schedule (a change, a goal's end). */
  mark(simMs: number): void {
    this.lastSimMs = simMs;
    this.lastWallMs = this.wallNow();
  }
}
