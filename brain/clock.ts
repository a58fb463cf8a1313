// The brain's sense of time. In a hospital it is the wall clock; against the simulator it is the
// simulated clock (ROS `use_sim_time`: the /clock topic), so that deadlines, patient answer
// time limits and schedules run at the simulator's pace. Everything in the brain that waits asks this.
export interface BrainClock {
  /** Milliseconds since the Unix epoch, on this clock. */
  now(): number;
  /** Calls `fn` once `ms` have passed on this clock; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const wallClock: BrainClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return () => clearTimeout(t);
  },
};

/**
 * Network and process latency pass in wall time whatever the simulated clock says: at 1000× a
 * 100 ms round trip is 100 simulated seconds. A deadline for a robot's answer therefore never ends
 * sooner than this much wall time either; against a real robot (wall clock) it changes nothing.
 */
export const MIN_WALL_DEADLINE_MS = 2_000;

/** Like `clock.after`, but not before `minWallMs` of wall time have passed too. */
export function deadline(clock: BrainClock, ms: number, fn: () => void, minWallMs = MIN_WALL_DEADLINE_MS): () => void {
  const armedAt = performance.now();
  let canceled = false;
  let wallTimer: NodeJS.Timeout | null = null;
  const cancelClock = clock.after(ms, () => {
    const left = minWallMs - (performance.now() - armedAt);
    if (left <= 0) return fn();
    wallTimer = setTimeout(() => { if (!canceled) fn(); }, left);
    wallTimer.unref();
  });
  return () => {
    canceled = true;
    cancelClock();
    if (wallTimer) clearTimeout(wallTimer);
  };
}
