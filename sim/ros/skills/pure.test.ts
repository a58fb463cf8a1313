import { describe, it, expect } from '@jest/globals';
import { loadWard } from '../../../robot/index.js';
import { BUILTIN_WARD_FILE } from '../../maps/index.js';
import { epochMsToRosTime, parseStartTime } from '../sim-time.js';
import { Drawers, checkDrawerCount } from './drawers.js';
import { checkLanguage, checkTimeout } from './goal-checks.js';
import type { DrawerActuation } from './records.js';
import { speechSeconds } from './speech-timing.js';
import { bedAt, placeAt } from './where.js';

const ward = loadWard(BUILTIN_WARD_FILE);

describe('speech timing', () => {
  it('about 4 characters a second in Chinese, 14 in English, at least 1 s', () => {
    expect(speechSeconds('请问您今天感觉怎么样？', 'zh-CN')).toBeCloseTo(11 / 4);
    expect(speechSeconds('How are you feeling today?', 'en')).toBeCloseTo(26 / 14);
    expect(speechSeconds('Hi', 'en')).toBe(1);
  });
});

describe('where the robot stands', () => {
  const bed3 = ward.places.find((p) => p.name === 'bed_3')!;
  it('finds the bed within 1 m on the same level, and nothing farther or on another level', () => {
    expect(bedAt(ward, { level: bed3.level, x: bed3.x + 0.6, y: bed3.y, yaw: 0 })?.name).toBe('bed_3');
    expect(bedAt(ward, { level: bed3.level, x: bed3.x + 1.5, y: bed3.y, yaw: 0 })).toBeUndefined();
    expect(bedAt(ward, { level: 'L9', x: bed3.x, y: bed3.y, yaw: 0 })).toBeUndefined();
    const pharmacy = ward.places.find((p) => p.name === 'pharmacy')!;
    expect(placeAt(ward, { level: pharmacy.level, x: pharmacy.x, y: pharmacy.y, yaw: 0 })?.name).toBe('pharmacy');
  });
});

describe('goal checks', () => {
  it('language must be en or zh-CN; timeout zero means the default, negative is refused', () => {
    expect(checkLanguage('zh-CN')).toEqual({ ok: true, value: 'zh-CN' });
    expect(checkLanguage('fr')).toEqual({ ok: false, reason: 'language: must be one of "zh-CN", "en", got "fr"' });
    expect(checkTimeout({ sec: 0, nanosec: 0 }, 30)).toEqual({ ok: true, value: 30 });
    expect(checkTimeout({ sec: 2, nanosec: 500_000_000 }, 30)).toEqual({ ok: true, value: 2.5 });
    expect(checkTimeout({ sec: -1, nanosec: 0 }, 30)).toMatchObject({ ok: false, reason: expect.stringMatching(/^timeout: must not be negative/) });
  });
});

describe('drawers', () => {
  it('start locked; unlock opens, lock locks; every actuation is logged with its state after', () => {
    const log: DrawerActuation[] = [];
    const d = new Drawers(3, log);
    expect(d.all()).toEqual(['LOCKED', 'LOCKED', 'LOCKED']);
    expect(d.actuate({ simTimeMs: 1, at: 2, drawer: 2, command: 'UNLOCK', authorization: 'C-1', place: 'bed_1' })).toBe('OPEN');
    expect(d.all()).toEqual(['LOCKED', 'OPEN', 'LOCKED']);
    d.actuate({ simTimeMs: 3, at: 4, drawer: 2, command: 'LOCK', authorization: 'C-1', place: null });
    expect(log.map((e) => [e.drawer, e.command, e.stateAfter, e.place])).toEqual([[2, 'UNLOCK', 'OPEN', 'bed_1'], [2, 'LOCK', 'LOCKED', null]]);
    expect(d.outOfRange(0)).toBe('drawer: must be 1..3, got 0');
    expect(d.outOfRange(4)).toBe('drawer: must be 1..3, got 4');
    expect(d.outOfRange(3)).toBeUndefined();
    expect(() => checkDrawerCount(0)).toThrow(/drawers: must be a whole number from 1 to 255, got 0/);
  });
});

describe('sim dates', () => {
  it('startTime takes epoch ms or ISO 8601 and names the field otherwise', () => {
    expect(parseStartTime('2025-03-02T08:00:00Z')).toBe(Date.UTC(2025, 2, 2, 8));
    expect(parseStartTime(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(() => parseStartTime('tomorrow')).toThrow(/startTime: must be an ISO 8601/);
    expect(() => parseStartTime(-5)).toThrow(/startTime: must be epoch milliseconds/);
    expect(() => parseStartTime(true)).toThrow(/startTime/);
  });

  it('epoch ms become ROS time without losing the nanoseconds', () => {
    expect(epochMsToRosTime(1_740_902_400_050)).toEqual({ sec: 1_740_902_400, nanosec: 50_000_000 });
    expect(epochMsToRosTime(999)).toEqual({ sec: 0, nanosec: 999_000_000 });
  });
});
