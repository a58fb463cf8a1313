import { describe, it, expect } from '@jest/globals';
import type { WardAlert } from './api-types.js';
import { alertSpots } from './map-alerts.js';

const alert = (id: string, severity: WardAlert['severity'], where: { bed?: string; robot?: string }, raised = 1): WardAlert => ({
  id, kind: 'other', severity, text: { en: id, 'zh-CN': id }, bed: where.bed ?? null, patient: null, task_id: null, robot: where.robot ?? null,
  data: null, raised_at_ms: raised, acknowledged: null,
});

describe('alerts pinned on the map', () => {
  it('pins at the bed when there is one, else at the robot; one pin per spot, most severe alert first; none without either', () => {
    const spots = alertSpots([
      alert('a', 'normal', { bed: 'bed_1', robot: 'robot_1' }),
      alert('b', 'critical', { bed: 'bed_1' }, 0),
      alert('c', 'high', { robot: 'robot_2' }),
      alert('d', 'critical', {}),
    ]);
    expect(spots.map((s) => [s.key, s.alerts.map((a) => a.id)])).toEqual([['bed:bed_1', ['b', 'a']], ['robot:robot_2', ['c']]]);
  });
});
