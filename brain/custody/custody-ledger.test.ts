// The custody ledger's queries: a task's chain, an order's, and a patient's across deliveries (the
// dashboard's patient view), in the order the steps were recorded; and the index the patient query uses.
import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import type Database from 'better-sqlite3';
import { openTestDatabase } from '../store/module-schema.js';
import { CustodyLedger, type NewCustodyEntry } from './custody-ledger.js';

describe('CustodyLedger queries', () => {
  let db: Database.Database;
  let ledger: CustodyLedger;
  let now = 1_800_000_000_000;
  const step = (e: Partial<NewCustodyEntry> & Pick<NewCustodyEntry, 'kind' | 'taskId'>) => {
    now += 1000;
    return ledger.record({ runId: 'run', robot: 'robot_1', drawer: 1, orderId: null, patient: null, actor: 'system', data: {}, ...e });
  };

  beforeEach(async () => {
    db = await openTestDatabase();
    ledger = new CustodyLedger(db, { append: () => undefined }, () => now);
  });
  afterEach(() => { db.close(); });

  it('gives the steps that name a patient, across tasks, oldest first, and nobody else\'s', () => {
    step({ taskId: 't1', kind: 'load_authorized', patient: 'MRN-1', actor: 'pharm.b' });
    step({ taskId: 't1', kind: 'drawer_unlocked' });
    step({ taskId: 't1', kind: 'loaded', patient: 'MRN-1', orderId: 'MR-1', actor: 'pharm.b' });
    step({ taskId: 't1', kind: 'loaded', patient: 'MRN-2', orderId: 'MR-2', drawer: 2, actor: 'pharm.b' });
    step({ taskId: 't2', kind: 'loaded', patient: 'MRN-1', orderId: 'MR-3', actor: 'pharm.b' });
    step({ taskId: 't1', kind: 'handed_over', patient: 'MRN-1', orderId: 'MR-1', actor: 'nurse.a' });

    const mine = ledger.entries({ patient: 'MRN-1' });
    expect(mine.map((e) => [e.taskId, e.kind, e.orderId])).toEqual([
      ['t1', 'load_authorized', null], ['t1', 'loaded', 'MR-1'], ['t2', 'loaded', 'MR-3'], ['t1', 'handed_over', 'MR-1'],
    ]);
    expect(mine.map((e) => e.seq)).toEqual([...mine.map((e) => e.seq)].sort((a, b) => a - b));
    expect(ledger.entries({ patient: 'MRN-1', taskId: 't2' }).map((e) => e.orderId)).toEqual(['MR-3']);
    expect(ledger.entries({ patient: 'MRN-9' })).toEqual([]);
    // The other queries are unchanged by the new filter.
    expect(ledger.entries({ taskId: 't1' })).toHaveLength(5);
    expect(ledger.entries({ orderId: 'MR-2' }).map((e) => e.patient)).toEqual(['MRN-2']);
  });

  it('answers the patient query from an index', () => {
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM custody_events WHERE patient = ? ORDER BY seq').all('MRN-1') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/custody_by_patient/);
  });
});
