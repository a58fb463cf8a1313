// The ward's figures over the last N days, for the dashboard's reports panel: tasks per day by
// category, how long finished tasks took per category (quartiles, p90), why tasks failed, and the pain
// scores ward rounds heard. Pure: the route gathers the tasks and round visits and hands them here.
import { DAY_MS, instantOfLocal, localMs } from '../schedules/zoned-time.js';

/** A task as the reports read it. */
export interface ReportTask {
  id: string;
  category: string;
  status: string;
  requestMs: number;
  startMs: number | null;
  finishMs: number | null;
  /** `status_reason.code` of a failed task. */
  reasonCode: string | null;
}

/** One pain score a ward round heard. */
export interface PainReading {
  timeMs: number;
  bed: string;
  /** 0–10. */
  value: number;
  taskId: string;
}

export interface DurationStats {
  category: string;
  /** Finished (completed) tasks measured: start to finish. */
  count: number;
  minS: number;
  q1S: number;
  medianS: number;
  q3S: number;
  p90S: number;
  maxS: number;
}

export interface ReportSummary {
  days: number;
  fromMs: number;
  toMs: number;
  timeZone: string;
  /** Local dates ('2026-11-23') from the oldest to today. */
  dayKeys: string[];
  /** Categories that occur, in a fixed order (the ward's own first). */
  categories: string[];
  tasksPerDay: { day: string; counts: Record<string, number>; total: number }[];
  totals: { tasks: number; completed: number; failed: number; canceled: number; open: number };
  durations: DurationStats[];
  /** Failed tasks by status_reason code, most first. */
  failures: { code: string; count: number }[];
  pain: { readings: PainReading[]; daily: { day: string; count: number; median: number; max: number }[] };
}

/** The order categories are listed and coloured in; others follow by name. */
export const CATEGORY_ORDER = ['ward_round', 'health_education', 'medication_delivery', 'medication_return', 'go_to_place'];
export const MAX_REPORT_DAYS = 90;

/** Quantile by linear interpolation between closest ranks (R's type 7, numpy's default) of sorted values. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

const dayKeyOf = (instantMs: number, timeZone: string): string => new Date(localMs(instantMs, timeZone)).toISOString().slice(0, 10);

/** The window: from local midnight `days − 1` days before the day of `nowMs`, to `nowMs`; and its day keys. */
export function reportWindow(nowMs: number, days: number, timeZone: string): { fromMs: number; dayKeys: string[] } {
  const todayWall = Date.parse(`${dayKeyOf(nowMs, timeZone)}T00:00:00Z`);
  const dayKeys = Array.from({ length: days }, (_, i) => new Date(todayWall - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
  return { fromMs: instantOfLocal(todayWall - (days - 1) * DAY_MS, timeZone), dayKeys };
}

function byCategoryOrder(a: string, b: string): number {
  const ia = CATEGORY_ORDER.indexOf(a);
  const ib = CATEGORY_ORDER.indexOf(b);
  return (ia < 0 ? CATEGORY_ORDER.length : ia) - (ib < 0 ? CATEGORY_ORDER.length : ib) || a.localeCompare(b);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export function summarize(input: {
  tasks: readonly ReportTask[];
  pain: readonly PainReading[];
  nowMs: number;
  days: number;
  timeZone: string;
}): ReportSummary {
  const days = Math.min(MAX_REPORT_DAYS, Math.max(1, Math.floor(input.days)));
  const { nowMs, timeZone } = input;
  const { fromMs, dayKeys } = reportWindow(nowMs, days, timeZone);
  const inWindow = (ms: number) => ms >= fromMs && ms <= nowMs;
  const seen = new Set<string>();
  const tasks = input.tasks.filter((t) => inWindow(t.requestMs) && !seen.has(t.id) && seen.add(t.id));
  const categories = [...new Set(tasks.map((t) => t.category))].sort(byCategoryOrder);

  const perDay = new Map(dayKeys.map((day) => [day, { day, counts: {} as Record<string, number>, total: 0 }]));
  for (const t of tasks) {
    const row = perDay.get(dayKeyOf(t.requestMs, timeZone));
    if (!row) continue;
    row.counts[t.category] = (row.counts[t.category] ?? 0) + 1;
    row.total += 1;
  }

  const durations: DurationStats[] = [];
  for (const category of categories) {
    const seconds = tasks
      .filter((t) => t.category === category && t.status === 'completed' && t.startMs !== null && t.finishMs !== null && t.finishMs >= t.startMs)
      .map((t) => ((t.finishMs as number) - (t.startMs as number)) / 1000)
      .sort((a, b) => a - b);
    if (seconds.length === 0) continue;
    durations.push({
      category, count: seconds.length,
      minS: round1(seconds[0]!), q1S: round1(quantile(seconds, 0.25)), medianS: round1(quantile(seconds, 0.5)),
      q3S: round1(quantile(seconds, 0.75)), p90S: round1(quantile(seconds, 0.9)), maxS: round1(seconds[seconds.length - 1]!),
    });
  }

  const failureCounts = new Map<string, number>();
  for (const t of tasks) {
    if (t.status !== 'failed') continue;
    const code = t.reasonCode ?? 'unknown';
    failureCounts.set(code, (failureCounts.get(code) ?? 0) + 1);
  }
  const failures = [...failureCounts].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));

  const readings = input.pain
    .filter((p) => inWindow(p.timeMs) && Number.isFinite(p.value) && p.value >= 0 && p.value <= 10)
    .sort((a, b) => a.timeMs - b.timeMs || a.bed.localeCompare(b.bed));
  const daily = dayKeys.flatMap((day) => {
    const values = readings.filter((r) => dayKeyOf(r.timeMs, timeZone) === day).map((r) => r.value).sort((a, b) => a - b);
    return values.length ? [{ day, count: values.length, median: round1(quantile(values, 0.5)), max: values[values.length - 1]! }] : [];
  });

  const count = (status: string) => tasks.filter((t) => t.status === status).length;
  return {
    days, fromMs, toMs: nowMs, timeZone, dayKeys, categories,
    tasksPerDay: [...perDay.values()],
    totals: { tasks: tasks.length, completed: count('completed'), failed: count('failed'), canceled: count('canceled'), open: count('queued') + count('underway') },
    durations, failures, pain: { readings, daily },
  };
}
