import { describe, it, expect } from '@jest/globals';
import { toAuditEntries, toAuditVerify, toPatientHistory, toReportSummary } from './api-wire.js';

describe('reading the records answers', () => {
  it('reads a patient\'s history with safe defaults, pain in time order and within 0–10', () => {
    const h = toPatientHistory({
      patient: { record_number: 'MRN-1', name: 'Wang Fang', bed: 'bed_1', conditions: ['diabetes', 3] },
      rounds: {
        visits: [{ task_id: 't2', time_ms: 20, status: 'absent', answers: [] }, { task_id: 't1', time_ms: 10, status: 'weird', answers: [{ question: 'pain', text: '7', value: 7 }] }],
        pain: [{ time_ms: 20, value: 4, task_id: 't2' }, { time_ms: 10, value: 7, task_id: 't1' }, { time_ms: 30, value: 42 }],
      },
      education: { topics: [{ topic: 'diabetes', sessions: [{ task_id: 'e1', checks: [{ understood: true }] }], repeat: { task_id: 'e2', status: 'queued', due_ms: 99 } }] },
      deliveries: { orders: [{ id: 'MR-1', medication: 'insulin' }], tasks: [{ task_id: 'd1', custody: [{ seq: 1 }], dispenses: [{ id: 'x' }, 'junk'] }] },
    });
    expect(h.patient).toMatchObject({ record_number: 'MRN-1', conditions: ['diabetes'], allergies: [], other_names: [] });
    expect(h.rounds.visits.map((v) => [v.task_id, v.status])).toEqual([['t1', 'visited'], ['t2', 'absent']]);
    expect(h.rounds.visits[0]!.answers[0]).toEqual({ question: 'pain', text: '7', value: 7, unclear: false, red_flags: [] });
    expect(h.rounds.pain.map((p) => p.value)).toEqual([7, 4]);
    expect(h.education.available).toBe(true);
    expect(h.education.topics[0]).toMatchObject({ topic: 'diabetes', repeat: { task_id: 'e2', status: 'queued', due_ms: 99 }, not_understood: [] });
    expect(h.education.topics[0]!.sessions[0]!.checks[0]).toMatchObject({ understood: true, section: '' });
    expect(h.deliveries.tasks[0]!.dispenses).toEqual([{ id: 'x' }]);
    expect(toPatientHistory(null).rounds.visits).toEqual([]);
  });

  it('reads the ward summary and the audit answers', () => {
    const s = toReportSummary({ days: 7, categories: ['ward_round'], tasks_per_day: [{ day: '2026-11-23', counts: { ward_round: 2, bad: 'x' }, total: 2 }], pain: { readings: [{ time_ms: 1, value: 11 }, { time_ms: 2, value: 3, bed: 'bed_1' }] } });
    expect(s.tasks_per_day[0]!.counts).toEqual({ ward_round: 2 });
    expect(s.pain.readings.map((r) => r.value)).toEqual([3]);
    expect(s.totals).toEqual({ tasks: 0, completed: 0, failed: 0, canceled: 0, open: 0 });
    const entries = toAuditEntries([{ seq: 2, action: 'task.created', actor: { kind: 'robot', id: 'robot_1' } }, { seq: 1, actor: { kind: 'alien' } }, { action: 'no seq' }]);
    expect(entries.map((e) => [e.seq, e.actor.kind])).toEqual([[1, 'system'], [2, 'robot']]);
    expect(toAuditVerify({ ok: false, entries: 5, first_broken: { seq: 3, reason: 'changed' } })).toEqual({ ok: false, entries: 5, first_broken: { seq: 3, reason: 'changed' } });
    expect(toAuditVerify({ ok: true, entries: 5 })).toEqual({ ok: true, entries: 5 });
  });
});
