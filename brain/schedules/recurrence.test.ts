import { describe, it, expect } from '@jest/globals';
import { checkRecurrence, nextOccurrences, type Recurrence } from './recurrence.js';
import { formatLocal, instantOfLocal, timeZoneProblem } from './zoned-time.js';

const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number[]): string[] => ms.map((t) => new Date(t).toISOString());

describe('nextOccurrences in Asia/Shanghai (UTC+8, no clock changes)', () => {
  const rounds: Recurrence = { times: ['16:00', '08:00'], start_date: '2025-06-01' };

  it('gives both daily times in order, strictly after the given instant', () => {
    // 2025-06-02 08:00 Shanghai is 00:00 UTC: exactly then is not "after".
    expect(iso(nextOccurrences(rounds, utc('2025-06-02T00:00:00Z'), 'Asia/Shanghai', 3))).toEqual([
      '2025-06-02T08:00:00.000Z', '2025-06-03T00:00:00.000Z', '2025-06-03T08:00:00.000Z',
    ]);
  });

  it('starts on start_date in local time, not in UTC', () => {
    // 2025-05-31T20:00Z is already 2025-06-01 04:00 in Shanghai; the first round is 08:00 local.
    expect(iso(nextOccurrences(rounds, utc('2025-05-20T00:00:00Z'), 'Asia/Shanghai', 1))).toEqual(['2025-06-01T00:00:00.000Z']);
  });

  it('counts every other day from start_date and stops after end_date', () => {
    const education: Recurrence = { times: ['10:00'], every_days: 2, start_date: '2025-06-01', end_date: '2025-06-06' };
    expect(iso(nextOccurrences(education, 0, 'Asia/Shanghai', 10))).toEqual([
      '2025-06-01T02:00:00.000Z', '2025-06-03T02:00:00.000Z', '2025-06-05T02:00:00.000Z',
    ]);
  });

  it('keeps to the weekdays, combined with every_days', () => {
    // 2025-06-02 is a Monday.
    const weekdays: Recurrence = { times: ['09:00'], weekdays: ['mon', 'wed', 'fri'], start_date: '2025-06-01' };
    expect(nextOccurrences(weekdays, 0, 'Asia/Shanghai', 4).map((t) => formatLocal(t, 'Asia/Shanghai'))).toEqual([
      '2025-06-02 09:00 +08:00', '2025-06-04 09:00 +08:00', '2025-06-06 09:00 +08:00', '2025-06-09 09:00 +08:00',
    ]);
    // Every other day from Sunday 1 June: 1, 3 (Tue), 5 (Thu), 7, 9 (Mon), 11 (Wed) ...; Mon/Wed/Fri among them:
    const both: Recurrence = { ...weekdays, every_days: 2 };
    expect(nextOccurrences(both, 0, 'Asia/Shanghai', 3).map((t) => formatLocal(t, 'Asia/Shanghai').slice(0, 10))).toEqual([
      '2025-06-09', '2025-06-11', '2025-06-13',
    ]);
  });

  it('returns nothing after the end date and honours n = 0', () => {
    const ended: Recurrence = { times: ['08:00'], start_date: '2025-06-01', end_date: '2025-06-01' };
    expect(nextOccurrences(ended, utc('2025-06-01T01:00:00Z'), 'Asia/Shanghai', 5)).toEqual([]);
    expect(nextOccurrences(ended, 0, 'Asia/Shanghai', 0)).toEqual([]);
  });
});

describe('nextOccurrences across clock changes (Europe/London)', () => {
  it('fires a 01:30 time once on the spring-forward day, at 02:30 BST, which never happened at 01:30', () => {
    // 2025-03-30: clocks go from 01:00 GMT to 02:00 BST, so 01:30 does not exist that day.
    const r: Recurrence = { times: ['01:30'], start_date: '2025-03-28' };
    const got = nextOccurrences(r, utc('2025-03-28T12:00:00Z'), 'Europe/London', 3);
    expect(iso(got)).toEqual(['2025-03-29T01:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-03-31T00:30:00.000Z']);
    expect(got.map((t) => formatLocal(t, 'Europe/London'))).toEqual([
      '2025-03-29 01:30 +00:00', '2025-03-30 02:30 +01:00', '2025-03-31 01:30 +01:00',
    ]);
  });

  it('does not fire twice when a skipped time lands on another time of the same day', () => {
    const r: Recurrence = { times: ['01:30', '02:30'], start_date: '2025-03-30', end_date: '2025-03-30' };
    expect(iso(nextOccurrences(r, 0, 'Europe/London', 5))).toEqual(['2025-03-30T01:30:00.000Z']);
  });

  it('fires a time in the repeated autumn hour once, the first time', () => {
    // 2025-10-26: 01:00-02:00 happens in BST (00:00-01:00 UTC) and again in GMT (01:00-02:00 UTC).
    const r: Recurrence = { times: ['01:30', '08:00'], start_date: '2025-10-25' };
    const got = nextOccurrences(r, utc('2025-10-25T12:00:00Z'), 'Europe/London', 4);
    expect(iso(got)).toEqual([
      '2025-10-26T00:30:00.000Z', '2025-10-26T08:00:00.000Z', '2025-10-27T01:30:00.000Z', '2025-10-27T08:00:00.000Z',
    ]);
    // Asked from inside the repeated hour (after the first 01:30), it does not fire again at the second 01:30.
    expect(iso(nextOccurrences(r, utc('2025-10-26T00:45:00Z'), 'Europe/London', 1))).toEqual(['2025-10-26T08:00:00.000Z']);
  });

  it('keeps the interval in local days, so 08:00 stays 08:00 across the change', () => {
    const r: Recurrence = { times: ['08:00'], start_date: '2025-03-29' };
    expect(nextOccurrences(r, 0, 'Europe/London', 2).map((t) => formatLocal(t, 'Europe/London'))).toEqual([
      '2025-03-29 08:00 +00:00', '2025-03-30 08:00 +01:00',
    ]);
  });
});

describe('instantOfLocal', () => {
  it('maps ordinary wall times both sides of UTC', () => {
    expect(instantOfLocal(Date.UTC(2025, 0, 15, 8, 0), 'America/New_York')).toBe(utc('2025-01-15T13:00:00Z'));
    expect(instantOfLocal(Date.UTC(2025, 6, 15, 8, 0), 'America/New_York')).toBe(utc('2025-07-15T12:00:00Z'));
    expect(instantOfLocal(Date.UTC(2025, 0, 15, 8, 0), 'Asia/Kolkata')).toBe(utc('2025-01-15T02:30:00Z'));
  });
});

describe('checkRecurrence', () => {
  const problems = (input: unknown): string[] => {
    const r = checkRecurrence(input);
    return r.ok ? [] : r.problems;
  };

  it('accepts a good recurrence and copies it', () => {
    const input = { times: ['08:00', '16:00'], every_days: 2, weekdays: ['mon'], start_date: '2025-06-02', end_date: '2025-12-31' };
    const r = checkRecurrence(input);
    expect(r).toEqual({ ok: true, value: input });
    if (r.ok) expect(r.value.times).not.toBe(input.times);
  });

  it('names the bad time', () => {
    expect(problems({ times: ['08:00', '25:00'], start_date: '2025-06-01' })).toEqual(['recurrence.times[1]: "25:00" is not a time of day (HH:MM)']);
    expect(problems({ times: ['8:00', 800, '08:00', '08:00'], start_date: '2025-06-01' })).toEqual([
      'recurrence.times[0]: "8:00" is not a time of day (HH:MM)',
      'recurrence.times[1]: 800 is not a time of day (HH:MM)',
      'recurrence.times[3]: "08:00" is listed twice',
    ]);
    expect(problems({ times: [], start_date: '2025-06-01' })).toEqual(['recurrence.times: must be a non-empty list of times of day ("HH:MM")']);
  });

  it('names bad dates, intervals, weekdays and unknown fields', () => {
    expect(problems({ times: ['08:00'], start_date: '2025-02-30' })).toEqual(['recurrence.start_date: "2025-02-30" must be a calendar date (YYYY-MM-DD)']);
    expect(problems({ times: ['08:00'], start_date: '2025-06-02', end_date: '2025-06-01' })).toEqual([
      'recurrence.end_date: 2025-06-01 is before start_date 2025-06-02',
    ]);
    expect(problems({ times: ['08:00'], start_date: '2025-06-01', every_days: 0 })).toEqual([
      'recurrence.every_days: 0 must be a whole number of days from 1 to 366',
    ]);
    expect(problems({ times: ['08:00'], start_date: '2025-06-01', every_days: 1.5 })).toHaveLength(1);
    expect(problems({ times: ['08:00'], start_date: '2025-06-01', weekdays: ['monday'] })).toEqual([
      'recurrence.weekdays[0]: "monday" must be one of mon, tue, wed, thu, fri, sat, sun',
    ]);
    expect(problems({ times: ['08:00'], start_date: '2025-06-01', time_zone: 'UTC' })).toEqual(['recurrence.time_zone: is not a known field']);
    expect(problems('daily')).toEqual(['recurrence: must be an object with times and start_date']);
  });

  it('refuses a recurrence that could never fire', () => {
    // Every 7 days from Sunday 1 June is always a Sunday.
    expect(problems({ times: ['08:00'], start_date: '2025-06-01', every_days: 7, weekdays: ['mon'] })).toEqual([
      'recurrence.weekdays: no day from start_date to end_date fits every_days 7 and weekdays mon, so it would never run',
    ]);
    expect(problems({ times: ['08:00'], start_date: '2025-06-01', end_date: '2025-06-01', weekdays: ['mon'] })).toHaveLength(1);
  });

  it('makes nextOccurrences refuse bad input instead of guessing', () => {
    expect(() => nextOccurrences({ times: ['24:00'], start_date: '2025-06-01' }, 0, 'UTC', 1)).toThrow('recurrence.times[0]');
    expect(() => nextOccurrences({ times: ['08:00'], start_date: '2025-06-01' }, 0, 'Mars/Olympus', 1)).toThrow('timeZone');
  });
});

describe('timeZoneProblem', () => {
  it('knows IANA names and names the field otherwise', () => {
    expect(timeZoneProblem('Asia/Shanghai', 'timeZone')).toBeNull();
    expect(timeZoneProblem('Nowhere/City', 'timeZone')).toMatch(/^timeZone: "Nowhere\/City" is not a time zone/);
    expect(timeZoneProblem('', 'timeZone')).toMatch(/^timeZone: must be/);
  });
});
