// When a schedule fires: local times of day in the ward's time zone, on every day, every n-th day
// counted from the start date, and/or on some weekdays, between a start and an optional end date.
import { DAY_MS, instantOfLocal, localMs, timeZoneProblem } from './zoned-time.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Recurrence {
  /** Local times of day, "HH:MM" (24-hour). */
  times: string[];
  /** 1 = every day, 2 = every other day, ...; counted from start_date. Default 1. */
  every_days?: number;
  /** Only on these weekdays (combined with every_days: both must hold). Default every weekday. */
  weekdays?: Weekday[];
  /** First day, "YYYY-MM-DD" in the ward's time zone. */
  start_date: string;
  /** Last day (inclusive), "YYYY-MM-DD". */
  end_date?: string;
}

export const MAX_TIMES_PER_DAY = 48;
export const MAX_EVERY_DAYS = 366;
const MAX_OCCURRENCES_PER_CALL = 10_000;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid "YYYY-MM-DD", else null. */
export function dayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** Monday = 0 ... Sunday = 6. 1970-01-01 was a Thursday. */
function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

function minutesOf(time: string): number {
  const m = TIME_RE.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Reads a recurrence from JSON; every problem names its field under `field`. */
export function checkRecurrence(input: unknown, field = 'recurrence'): Checked<Recurrence> {
  if (!isPlainObject(input)) return { ok: false, problems: [`${field}: must be an object with times and start_date`] };
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!['times', 'every_days', 'weekdays', 'start_date', 'end_date'].includes(key)) problems.push(`${field}.${key}: is not a known field`);
  }

  const times = input.times;
  if (!Array.isArray(times) || times.length === 0) {
    problems.push(`${field}.times: must be a non-empty list of times of day ("HH:MM")`);
  } else if (times.length > MAX_TIMES_PER_DAY) {
    problems.push(`${field}.times: at most ${MAX_TIMES_PER_DAY} times a day`);
  } else {
    const seen = new Set<string>();
    times.forEach((t: unknown, i) => {
      if (typeof t !== 'string' || !TIME_RE.test(t)) problems.push(`${field}.times[${i}]: ${JSON.stringify(t)} is not a time of day (HH:MM)`);
      else if (seen.has(t)) problems.push(`${field}.times[${i}]: "${t}" is listed twice`);
      else seen.add(t);
    });
  }

  const every = input.every_days;
  if (every !== undefined && !(Number.isInteger(every) && (every as number) >= 1 && (every as number) <= MAX_EVERY_DAYS)) {
    problems.push(`${field}.every_days: ${JSON.stringify(every)} must be a whole number of days from 1 to ${MAX_EVERY_DAYS}`);
  }

  const weekdays = input.weekdays;
  if (weekdays !== undefined) {
    if (!Array.isArray(weekdays) || weekdays.length === 0) {
      problems.push(`${field}.weekdays: must be a non-empty list of ${WEEKDAYS.join(', ')} (leave it out for every day)`);
    } else {
      const seen = new Set<unknown>();
      weekdays.forEach((w: unknown, i) => {
        if (!WEEKDAYS.includes(w as Weekday)) problems.push(`${field}.weekdays[${i}]: ${JSON.stringify(w)} must be one of ${WEEKDAYS.join(', ')}`);
        else if (seen.has(w)) problems.push(`${field}.weekdays[${i}]: "${String(w)}" is listed twice`);
        seen.add(w);
      });
    }
  }

  const start = typeof input.start_date === 'string' ? dayNumber(input.start_date) : null;
  if (start === null) problems.push(`${field}.start_date: ${JSON.stringify(input.start_date)} must be a calendar date (YYYY-MM-DD)`);
  let end: number | null = null;
  if (input.end_date !== undefined) {
    end = typeof input.end_date === 'string' ? dayNumber(input.end_date) : null;
    if (end === null) problems.push(`${field}.end_date: ${JSON.stringify(input.end_date)} must be a calendar date (YYYY-MM-DD)`);
    else if (start !== null && end < start) problems.push(`${field}.end_date: ${String(input.end_date)} is before start_date ${String(input.start_date)}`);
  }
  if (problems.length) return { ok: false, problems };

  const value: Recurrence = { times: [...(times as string[])], start_date: input.start_date as string };
  if (every !== undefined) value.every_days = every as number;
  if (weekdays !== undefined) value.weekdays = [...(weekdays as Weekday[])];
  if (input.end_date !== undefined) value.end_date = input.end_date as string;

  // every_days and weekdays repeat together every 7 * every_days days; if no day in one such period
  // (and before the end date) fits both, the schedule could never fire, which is surely a mistake.
  const period = 7 * (value.every_days ?? 1);
  const lastDay = Math.min((start as number) + period - 1, end ?? Infinity);
  let fits = false;
  for (let day = start as number; day <= lastDay && !fits; day++) fits = dayFits(value, start as number, day);
  if (!fits) {
    const where = value.weekdays ? `${field}.weekdays` : `${field}.end_date`;
    return { ok: false, problems: [`${where}: no day from start_date to end_date fits every_days ${value.every_days ?? 1} and weekdays ${(value.weekdays ?? WEEKDAYS).join(',')}, so it would never run`] };
  }
  return { ok: true, value };
}

function dayFits(r: Recurrence, start: number, day: number): boolean {
  if ((day - start) % (r.every_days ?? 1) !== 0) return false;
  return !r.weekdays || r.weekdays.includes(WEEKDAYS[weekdayIndex(day)] as Weekday);
}

/**
 * The first `n` instants (Unix ms, ascending) strictly after `afterMs` at which `recurrence` fires in
 * `timeZone`. Fewer when the end date comes first. A time of day skipped by a clock change fires
 * as late as the gap (01:30 -> 02:30); one repeated by a clock change fires once, the first time.
 */
export function nextOccurrences(recurrence: Recurrence, afterMs: number, timeZone: string, n: number): number[] {
  const checked = checkRecurrence(recurrence);
  if (!checked.ok) throw new RangeError(checked.problems.join('; '));
  const zoneProblem = timeZoneProblem(timeZone, 'timeZone');
  if (zoneProblem) throw new RangeError(zoneProblem);
  if (!Number.isFinite(afterMs)) throw new RangeError(`afterMs: ${String(afterMs)} is not a finite number of milliseconds`);
  if (!Number.isInteger(n) || n < 0 || n > MAX_OCCURRENCES_PER_CALL) throw new RangeError(`n: ${String(n)} must be a whole number from 0 to ${MAX_OCCURRENCES_PER_CALL}`);

  const r = checked.value;
  const start = dayNumber(r.start_date) as number;
  const end = r.end_date === undefined ? Infinity : (dayNumber(r.end_date) as number);
  const minutes = r.times.map(minutesOf).sort((a, b) => a - b);
  // The day before: a time skipped by a clock change late in that day lands early on this one.
  const firstDay = Math.max(start, Math.floor(localMs(afterMs, timeZone) / DAY_MS) - 1);
  // checkRecurrence guaranteed a fitting day in every 7 * every_days, so this bound is never the reason to stop early.
  const lastDay = Math.min(end, firstDay + (n + 2) * 7 * (r.every_days ?? 1));

  const out: number[] = [];
  for (let day = firstDay; day <= lastDay && out.length < n; day++) {
    if (!dayFits(r, start, day)) continue;
    const instants = [...new Set(minutes.map((m) => instantOfLocal(day * DAY_MS + m * 60_000, timeZone)))].sort((a, b) => a - b);
    for (const t of instants) {
      if (t > afterMs && (out.length === 0 || t > (out[out.length - 1] as number))) out.push(t);
    }
  }
  return out.slice(0, n);
}
