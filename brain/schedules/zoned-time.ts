// Local wall-clock time in an IANA time zone <-> Unix milliseconds, with Intl only (no tz library).
// Wall times are handled as "local milliseconds": the wall date and time read as if they were UTC.
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Problem naming `field` when `timeZone` is not an IANA zone this Node knows, else null. */
export function timeZoneProblem(timeZone: unknown, field: string): string | null {
  if (typeof timeZone !== 'string' || timeZone === '') return `${field}: must be an IANA time zone name such as "Asia/Shanghai"`;
  try {
    formatter(timeZone);
    return null;
  } catch {
    return `${field}: "${timeZone}" is not a time zone this system knows (use an IANA name such as "Asia/Shanghai")`;
  }
}

/** The wall time at `instantMs` in `timeZone`, as local milliseconds (seconds kept, ms dropped). */
export function localMs(instantMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instantMs)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** How far `timeZone` is ahead of UTC at `instantMs`. */
export function offsetMs(instantMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(instantMs / 1000) * 1000;
  return localMs(wholeSecond, timeZone) - wholeSecond;
}

/**
 * The instant a wall time happens in `timeZone`. A wall time that happens twice (the hour repeated
 * when clocks go back) gives the first; one that never happens (skipped when clocks go forward)
 * gives the instant the old offset would have given, i.e. as late as the gap is long: 01:30 on
 * London's spring-forward day is 02:30 BST. This is Temporal's "compatible" disambiguation, so a
 * daily time fires exactly once every day.
 */
export function instantOfLocal(wallMs: number, timeZone: string): number {
  const before = offsetMs(wallMs - DAY_MS, timeZone);
  const after = offsetMs(wallMs + DAY_MS, timeZone);
  const candidates = [wallMs - before, wallMs - after].filter((t) => t + offsetMs(t, timeZone) === wallMs);
  return candidates.length ? Math.min(...candidates) : wallMs - before;
}

/** "2025-03-30 02:30 +01:00": the wall time and offset at `instantMs`, for people reading schedules. */
export function formatLocal(instantMs: number, timeZone: string): string {
  const offset = offsetMs(instantMs, timeZone);
  const wall = new Date(instantMs + offset).toISOString();
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(Math.floor(abs % 60)).padStart(2, '0');
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${sign}${hh}:${mm}`;
}
