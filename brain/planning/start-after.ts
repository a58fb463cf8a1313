// "start_after" in a plan step: a local wall time ("13:00", the next one to come) or an ISO
// date-time, on the ward's time zone. The same reading for the validator and the executor.
import { instantOfLocal, localMs } from '../schedules/zoned-time.js';

const DAY_MS = 86_400_000;
/** A plan may ask for a start this far ahead at most; anything later is a schedule, not a plan. */
export const MAX_START_AHEAD_MS = 7 * DAY_MS;

/** The instant to start at, or null when `text` is not a time or is more than a week away or in the past. */
export function parseStartAfter(text: string, nowMs: number, timeZone: string): number | null {
  const hhmm = /^\s*([01]?\d|2[0-3]):([0-5]\d)\s*$/.exec(text);
  if (hhmm) {
    const localNow = localMs(nowMs, timeZone);
    const midnight = Math.floor(localNow / DAY_MS) * DAY_MS;
    let wall = midnight + (Number(hhmm[1]) * 60 + Number(hhmm[2])) * 60_000;
    if (wall <= localNow) wall += DAY_MS;
    return instantOfLocal(wall, timeZone);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text.trim())) return null;
  const ms = Date.parse(text.trim());
  if (!Number.isFinite(ms) || ms < nowMs - 60_000 || ms > nowMs + MAX_START_AHEAD_MS) return null;
  return ms;
}
