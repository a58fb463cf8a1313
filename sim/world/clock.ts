/**
 * Simulated time in milliseconds from 0. It only moves when the world steps it, so a headless run
 * goes as fast as the machine allows; `timeScale` and pause only steer the real-time loop.
 */
export class SimClock {
  private ms = 0;
  private scale = 1;
  private pausedFlag = false;
  private holds = 0;
  private releasedAt = -Infinity;

  now(): number {
    return this.ms;
  }

  nowSec(): number {
    return this.ms / 1000;
  }

  /** Moves time forward; only the world that owns the clock should call this. */
  advanceTo(ms: number): void {
    if (ms < this.ms) throw new RangeError(`SimClock: time cannot go back (${ms} < ${this.ms})`);
    this.ms = ms;
  }

  /** Sim seconds per wall-clock second in the real-time loop. */
  get timeScale(): number {
    return this.scale;
  }

  set timeScale(x: number) {
    if (!(Number.isFinite(x) && x > 0)) throw new RangeError(`SimClock: timeScale must be a positive number, got ${x}`);
    this.scale = x;
  }

  get paused(): boolean {
    return this.pausedFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
  }

  /**
   * Time stands still until every hold is released: the world does not step. For work done in wall
   * time on the simulation's behalf that must take no simulated time, such as a simulated robot's
   * person detector running a real neural network. Release is idempotent.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.releasedAt = performance.now();
    };
  }

  /** Wall time (performance.now) of the last release, so a real-time loop does not make up the held time. */
  get lastReleaseWallMs(): number {
    return this.releasedAt;
  }

  /** Whether some hold is in force. */
  get held(): boolean {
    return this.holds > 0;
  }
}
