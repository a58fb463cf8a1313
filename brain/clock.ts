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
