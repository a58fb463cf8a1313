// How the sim view names the lanes an engineer may block, finds the one clicked, and words the faults.
import { describe, it, expect } from '@jest/globals';
import type { LevelView, PlaceView } from '../../brain/index.js';
import { FAULT_KIND, type SimFaultMsg } from '../../sim/control/protocol.js';
import { resolveRosbridgeUrl } from '../shared/rosbridge-client.js';
import { faultText } from './fault-text.js';
import { laneAt, laneBetween, laneName, laneOption, levelLanes } from './lanes.js';
import { createI18n } from '../shared/i18n.js';
import { SIM_WORDS } from './words.js';

const place = (name: string, kind: PlaceView['kind'], x: number, y: number, zh = name): PlaceView =>
  ({ name, kind, level: 'L1', x, y, yaw: 0, label: { en: name.replace('bed_', 'Bed '), 'zh-CN': zh } });
const PLACES = [
  place('bed_1', 'bed', 2, -4), place('bed_2', 'bed', 6, -4, '2号床'), place('bay_2', 'waypoint', 6, -4), place('pharmacy', 'pharmacy', 20, -12),
];
const LEVEL: LevelView = {
  name: 'L1', elevation: 0, bounds: { min_x: 0, min_y: -12, max_x: 20, max_y: 0 }, drawing: null, walls: [], doors: [], floors: [],
  lanes: [[6, -8, 6, -4], [2, -8, 6, -8], [6, -8, 20, -8], [40, 0, 41, 0]],
};
const FAULT: SimFaultMsg = {
  id: 'fault-1', kind: FAULT_KIND.BLOCKED_CORRIDOR, description: '', level: 'L1', x1: 6, y1: -8, x2: 2, y2: -8, radius: 0, bed: '', robot: '',
  since: { sec: 0, nanosec: 0 }, until: { sec: 0, nanosec: 0 },
};

describe('sim view lanes and faults', () => {
  const lanes = levelLanes(LEVEL, PLACES);
  const en = createI18n(SIM_WORDS, 'en');
  const zh = createI18n(SIM_WORDS, 'zh-CN');

  it('lists corridors west to east first, then the ways in to one place, named by the places at their ends', () => {
    expect(lanes.map((l) => l.index)).toEqual([1, 2, 3, 0]);
    expect(lanes.map((l) => laneName(l, en))).toEqual([
      'Corridor between Bed 1 and Bed 2', 'Corridor between Bed 2 and pharmacy', 'Corridor between (40.0, 0.0) and (41.0, 0.0)', 'Way in to Bed 2',
    ]);
    expect(laneOption(lanes[0]!, en)).toBe('Corridor between Bed 1 and Bed 2 · 2.0, -8.0 → 6.0, -8.0');
    expect(laneName(lanes[0]!, zh)).toBe('bed_1与2号床之间的走廊');
  });

  it('finds the lane under a click and the lane a fault names', () => {
    expect(laneAt(lanes, 10, -8.5, 1)?.index).toBe(2);
    expect(laneAt(lanes, 10, -10, 1)).toBeNull();
    expect(laneBetween(lanes, 6, -8, 2, -8)?.index).toBe(1);
  });

  it('words each fault in both languages', () => {
    const ctx = { places: PLACES, lanesOf: () => lanes, clock: (ms: number) => new Date(ms).toISOString().slice(11, 19) };
    expect(faultText(FAULT, ctx, en)).toBe('Blocked: Corridor between Bed 1 and Bed 2');
    expect(faultText({ ...FAULT, radius: 1.5, x1: 3, y1: -7 }, ctx, en)).toBe('Blocked: 1.5 m around (3, -7) on L1');
    expect(faultText({ ...FAULT, kind: FAULT_KIND.PATIENT_ABSENT, bed: 'bed_2' }, ctx, zh)).toBe('2号床患者不在床上');
    expect(faultText({ ...FAULT, kind: FAULT_KIND.LINK_DROPPED, robot: 'robot_1' }, ctx, en)).toBe('robot_1: link dropped until cleared');
    expect(faultText({ ...FAULT, kind: FAULT_KIND.LINK_DROPPED, robot: 'robot_1', until: { sec: 3600, nanosec: 0 } }, ctx, en)).toBe('robot_1: link dropped until 01:00:00');
  });

  it('finds the rosbridge server from the page address, the brain\'s link, or port 9090 of this host', () => {
    expect(resolveRosbridgeUrl({ search: '?rosbridge=ws%3A%2F%2F10.0.0.5%3A9191', hostname: 'ward.local' })).toEqual({ ok: true, url: 'ws://10.0.0.5:9191', source: 'page' });
    expect(resolveRosbridgeUrl({ search: '?rosbridge=http://x', hostname: 'ward.local' })).toEqual({ ok: false, given: 'http://x' });
    expect(resolveRosbridgeUrl({ search: '', hostname: 'ward.local' }, { kind: 'rosbridge', url: 'ws://127.0.0.1:9300' })).toEqual({ ok: true, url: 'ws://ward.local:9300', source: 'brain' });
    expect(resolveRosbridgeUrl({ search: '', hostname: 'ward.local' }, { kind: 'rosbridge', url: 'wss://robot-7.ward:9090' })).toEqual({ ok: true, url: 'wss://robot-7.ward:9090', source: 'brain' });
    expect(resolveRosbridgeUrl({ search: '', hostname: 'ward.local' }, null)).toEqual({ ok: true, url: 'ws://ward.local:9090', source: 'default' });
  });
});
