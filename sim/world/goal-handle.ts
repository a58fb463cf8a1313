import type { NavFeedback, NavigationHandle, NavOutcome } from './types.js';

/** The robot's side of a NavigationHandle: it pushes feedback and settles the outcome exactly once. */
export class GoalHandle implements NavigationHandle {
  readonly done: Promise<NavOutcome>;
  private settle!: (o: NavOutcome) => void;
  private listeners: ((fb: NavFeedback) => void)[] = [];
  private result: NavOutcome | null = null;
  /** Set once cancel() was called and the robot is braking. */
  cancelRequested = false;

  constructor(readonly id: number, private readonly onCancel: (h: GoalHandle) => void) {
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  get outcome(): NavOutcome | null {
    return this.result;
  }

  get active(): boolean {
    return this.result === null;
  }

  onFeedback(cb: (fb: NavFeedback) => void): void {
    this.listeners.push(cb);
  }

  cancel(): void {
    if (this.result || this.cancelRequested) return;
    this.cancelRequested = true;
    this.onCancel(this);
  }

  emit(fb: NavFeedback): void {
    for (const cb of this.listeners) {
      try {
        cb(fb);
      } catch (err) {
        // A subscriber's bug must not stop the physics step half-way; surface it on its own.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  finish(outcome: NavOutcome): void {
    if (this.result) return;
    this.result = outcome;
    this.listeners = [];
    this.settle(outcome);
  }
}
