import { describe, it, expect } from '@jest/globals';
import type { WardAlert } from './api-types.js';
import { OpenAlerts } from './alert-order.js';

const alert = (id: string, severity: WardAlert['severity'], raisedAtMs: number, acknowledged: WardAlert['acknowledged'] = null): WardAlert => ({
  id, kind: 'other', severity, text: { en: id, 'zh-CN': id }, bed: null, patient: null, task_id: null, robot: null, data: null,
  raised_at_ms: raisedAtMs, acknowledged,
});

describe('open alerts', () => {
  it('lists the most severe first, newest first within a severity', () => {
    const open = new OpenAlerts();
    open.replace([alert('a', 'normal', 5), alert('b', 'critical', 1), alert('c', 'high', 3), alert('d', 'critical', 2)]);
    expect(open.sorted().map((a) => a.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('drops acknowledged alerts and does not bring them back on a late echo', () => {
    const open = new OpenAlerts();
    open.put(alert('a', 'high', 1));
    open.put(alert('a', 'high', 1, { by: { username: 'n', name: 'N' }, at_ms: 2, note: null }));
    open.put(alert('a', 'high', 1));
    expect(open.size).toBe(0);
    open.put(alert('b', 'high', 1));
    open.close('b');
    expect(open.sorted()).toEqual([]);
  });
});
