import { describe, it, expect } from '@jest/globals';
import { quantile, reportWindow, summarize, type PainReading, type ReportTask } from './summary.js';

const TZ = 'Asia/Shanghai';
/** 2026-11-23 15:00 in Shanghai (UTC+8). */
const NOW = Date.parse('2026-11-23T15:00:00+08:00');
const at = (local: string) => Date.parse(`${local}+08:00`);

let n = 0;
const task = (over: Partial<ReportTask> & Pick<ReportTask, 'category' | 'status' | 'requestMs'>): ReportTask => ({
  id: `t${++n}`, startMs: null, finishMs: null, reasonCode: null, ...over,
});
const done = (category: string, local: string, seconds: number): ReportTask => {
  const start = at(local);
  return task({ category, status: 'completed', requestMs: start, startMs: start, finishMs: start + seconds * 1000 });
};

describe('quantile', () => {
  it('interpolates between closest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('reportWindow', () => {
  it('starts at local midnight days − 1 days back and names each local day', () => {
    const w = reportWindow(NOW, 3, TZ);
    expect(w.dayKeys).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
    expect(w.fromMs).toBe(at('2026-11-21T00:00:00'));
    // Just after midnight in Shanghai is still the previous day in UTC: the day is the ward's.
    expect(reportWindow(at('2026-11-23T00:30:00'), 1, TZ).dayKeys).toEqual(['2026-11-23']);
  });
});

describe('summarize', () => {
  const tasks: ReportTask[] = [
    done('ward_round', '2026-11-23T08:00:00', 600),
    done('ward_round', '2026-11-22T08:00:00', 300),
    done('ward_round', '2026-11-21T08:00:00', 900),
    done('ward_round', '2026-11-21T16:00:00', 1200),
    done('go_to_place', '2026-11-23T09:00:00', 60),
    task({ category: 'medication_delivery', status: 'failed', requestMs: at('2026-11-23T10:00:00'), reasonCode: 'not_loaded' }),
    task({ category: 'medication_delivery', status: 'failed', requestMs: at('2026-11-22T10:00:00'), reasonCode: 'not_delivered' }),
    task({ category: 'health_education', status: 'failed', requestMs: at('2026-11-22T11:00:00'), reasonCode: 'not_loaded' }),
    task({ category: 'health_education', status: 'failed', requestMs: at('2026-11-22T12:00:00') }),
    task({ category: 'health_education', status: 'underway', requestMs: at('2026-11-23T14:00:00') }),
    // Before the window, and in the future: left out.
    done('ward_round', '2026-11-20T23:59:00', 100),
    task({ category: 'go_to_place', status: 'queued', requestMs: NOW + 60_000 }),
  ];
  const pain: PainReading[] = [
    { timeMs: at('2026-11-21T08:05:00'), bed: 'bed_1', value: 3, taskId: 'r' },
    { timeMs: at('2026-11-21T08:10:00'), bed: 'bed_2', value: 8, taskId: 'r' },
    { timeMs: at('2026-11-21T16:10:00'), bed: 'bed_1', value: 4, taskId: 'r' },
    { timeMs: at('2026-11-23T08:05:00'), bed: 'bed_1', value: 2, taskId: 'r' },
    { timeMs: at('2026-11-20T08:05:00'), bed: 'bed_1', value: 9, taskId: 'old' },
    { timeMs: at('2026-11-23T08:06:00'), bed: 'bed_2', value: 11, taskId: 'bad' },
  ];
  const s = summarize({ tasks, pain, nowMs: NOW, days: 3, timeZone: TZ });

  it('counts tasks per local day and category, in the ward\'s category order', () => {
    expect(s.categories).toEqual(['ward_round', 'health_education', 'medication_delivery', 'go_to_place']);
    expect(s.tasksPerDay).toEqual([
      { day: '2026-11-21', counts: { ward_round: 2 }, total: 2 },
      { day: '2026-11-22', counts: { ward_round: 1, medication_delivery: 1, health_education: 2 }, total: 4 },
      { day: '2026-11-23', counts: { ward_round: 1, go_to_place: 1, medication_delivery: 1, health_education: 1 }, total: 4 },
    ]);
    expect(s.totals).toEqual({ tasks: 10, completed: 5, failed: 4, canceled: 0, open: 1 });
  });

  it('gives the spread of completed tasks\' durations per category', () => {
    expect(s.durations).toEqual([
      { category: 'ward_round', count: 4, minS: 300, q1S: 525, medianS: 750, q3S: 975, p90S: 1110, maxS: 1200 },
      { category: 'go_to_place', count: 1, minS: 60, q1S: 60, medianS: 60, q3S: 60, p90S: 60, maxS: 60 },
    ]);
  });

  it('counts failures by reason, most first, and names a failure without one', () => {
    expect(s.failures).toEqual([{ code: 'not_loaded', count: 2 }, { code: 'not_delivered', count: 1 }, { code: 'unknown', count: 1 }]);
  });

  it('keeps the pain scores of the window in time order with a daily median and maximum', () => {
    expect(s.pain.readings.map((r) => r.value)).toEqual([3, 8, 4, 2]);
    expect(s.pain.daily).toEqual([
      { day: '2026-11-21', count: 3, median: 4, max: 8 },
      { day: '2026-11-23', count: 1, median: 2, max: 2 },
    ]);
  });

  it('keeps the days within 1..90 and counts a task listed twice once', () => {
    expect(summarize({ tasks: [], pain: [], nowMs: NOW, days: 0, timeZone: TZ }).dayKeys).toHaveLength(1);
    expect(summarize({ tasks: [], pain: [], nowMs: NOW, days: 1000, timeZone: TZ }).days).toBe(90);
    const one = done('ward_round', '2026-11-23T08:00:00', 10);
    expect(summarize({ tasks: [one, one], pain: [], nowMs: NOW, days: 1, timeZone: TZ }).totals.tasks).toBe(1);
  });
});
