// The simulation's clock as dates: sim time runs from an epoch (the wall time the simulation
// started, or a scenario's `startTime`), so that a schedule "at 08:00" means something in sim time.

/** Epoch ms as a builtin_interfaces Time, in whole-number arithmetic so that 1.7e9 s keeps its nanoseconds. */
export function epochMsToRosTime(ms: number): { sec: number; nanosec: number } {
  const sec = Math.floor(ms / 1000);
  const nanosec = Math.min(999_999_999, Math.max(0, Math.round((ms - sec * 1000) * 1e6)));
  return { sec, nanosec };
}

/** `startTime` as epoch ms: a number of epoch ms or an ISO 8601 date-time; throws naming the field. */
export function parseStartTime(v: unknown, field = 'startTime'): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v) && v >= 0) return v;
    throw new RangeError(`${field}: must be epoch milliseconds (a non-negative number), got ${v}`);
  }
  if (typeof v === 'string') {
    // Date.parse accepts much that is not ISO; require the date part at least.
    const ms = /^\d{4}-\d{2}-\d{2}/.test(v) ? Date.parse(v) : NaN;
    if (Number.isFinite(ms) && ms >= 0) return ms;
    throw new RangeError(`${field}: must be an ISO 8601 date-time such as "2025-03-02T08:00:00+08:00", got ${JSON.stringify(v)}`);
  }
  throw new RangeError(`${field}: must be epoch milliseconds or an ISO 8601 string, got ${typeof v}`);
}
