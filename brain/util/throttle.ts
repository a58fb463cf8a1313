/**
 * Calls `fn` at most once per `intervalMs`: the first call goes through at once, later ones within
 * the interval collapse into one trailing call with the latest arguments, so the last value is never lost.
 */
export class Throttle<A extends unknown[]> {
  private last = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private pending: A | null = null;

  constructor(private readonly intervalMs: number, private readonly fn: (...args: A) => void, private readonly now: () => number = Date.now) {}

  call(...args: A): void {
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0 && !this.timer) {
      this.last = this.now();
      this.fn(...args);
      return;
    }
    this.pending = args;
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), Math.max(0, wait));
      this.timer.unref();
    }
  }

  /** Runs a waiting trailing call now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const args = this.pending;
    this.pending = null;
    if (args) {
      this.last = this.now();
      this.fn(...args);
    }
  }

  /** Drops a waiting trailing call. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }
}
