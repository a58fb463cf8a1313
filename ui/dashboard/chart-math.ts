// The arithmetic of the dashboard's charts, kept apart from the DOM so it can be tested: scales, round
// tick values, stacked bars, and where time ticks fall.

/** Maps a domain linearly onto a range; a zero-width domain maps to the middle of the range. */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** Ticks from 0 to at least `max` in steps of 1, 2 or 5 × 10ⁿ, about `count` of them; whole numbers for counts. */
export function niceTicks(max: number, count = 5, integer = true): number[] {
  const top = Math.max(max, integer ? 1 : Number.EPSILON);
  const rough = top / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(integer ? 1 : 0, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const v = Math.round(i * step * 1e9) / 1e9;
    ticks.push(v);
    if (v >= top) return ticks;
  }
}

/** Round steps for a duration axis, in seconds: seconds, then minutes, then hours. */
const DURATION_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** Ticks from 0 to at least `maxS` seconds, about `count` of them, on round durations. */
export function durationTicks(maxS: number, count = 5): number[] {
  const top = Math.max(1, maxS);
  const step = DURATION_STEPS_S.find((s) => top / s <= count) ?? Math.ceil(top / count / 86400) * 86400;
  const ticks = [0];
  while (ticks[ticks.length - 1]! < top) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

export interface StackSegment { key: string; from: number; to: number; value: number }

/** One bar's segments, bottom up, in `keys` order, leaving out zeros. */
export function stack(counts: Readonly<Record<string, number>>, keys: readonly string[]): StackSegment[] {
  const out: StackSegment[] = [];
  let at = 0;
  for (const key of keys) {
    const value = counts[key] ?? 0;
    if (value <= 0) continue;
    out.push({ key, from: at, to: at + value, value });
    at += value;
  }
  return out;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TIME_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

/**
 * Ticks over a time span: round hours or days (UTC-aligned after shifting by `offsetMs`, the local
 * zone's offset), about `count` of them; with the span padded when it is a single instant.
 */
export function timeTicks(fromMs: number, toMs: number, count = 5, offsetMs = 0): { from: number; to: number; ticks: number[]; step: number } {
  const from = toMs > fromMs ? fromMs : fromMs - 6 * HOUR;
  const to = toMs > fromMs ? toMs : toMs + 6 * HOUR;
  const step = TIME_STEPS.find((s) => (to - from) / s <= count) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
  const first = Math.ceil((from + offsetMs) / step) * step - offsetMs;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  return { from, to, ticks, step };
}
