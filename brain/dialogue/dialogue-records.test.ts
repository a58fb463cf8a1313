import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type Database from 'better-sqlite3';
import { openTestDatabase } from '../store/module-schema.js';
import { DialogueRecords } from './dialogue-records.js';
import type { DialogueTurn } from './types.js';

const turn = (n: number, extra: Partial<DialogueTurn> = {}): DialogueTurn => ({
  id: `turn-${n}`, robot: 'robot_1', patient: 'MRN-1', bed: 'bed_1', heardAtMs: 1_000 * n, utterance: `said ${n}`, language: 'en', source: 'voice',
  intent: 'question', detail: 'condition', redFlags: [], reply: { text: `reply ${n}`, language: 'en' },
  sources: [{ id: 'education:diabetes@1.0.0#what_it_is', title: { en: 'Living with diabetes: What diabetes is', 'zh-CN': '认识糖尿病：什么是糖尿病' } }],
  mode: 'model', modelVerdict: 'accepted', alertIds: [], ackAtMs: 1_000 * n + 5, repliedAtMs: 1_000 * n + 900, spoken: true, ...extra,
});

describe('DialogueRecords', () => {
  let db: Database.Database;
  beforeEach(async () => { db = await openTestDatabase(); });
  afterEach(() => { db.close(); });

  it('stores a turn whole and reads it back', () => {
    const records = new DialogueRecords(db);
    const silent = turn(2, { reply: null, intent: 'workflow_answer', detail: null, redFlags: ['fall'], alertIds: ['a-1'], sources: [],
      mode: 'deterministic', modelVerdict: null, ackAtMs: null, repliedAtMs: null, spoken: false, patient: null, bed: null, source: null });
    records.record(turn(1));
    records.record(silent);
    expect(records.get('turn-1')).toEqual(turn(1));
    expect(records.get('turn-2')).toEqual(silent);
    expect(records.get('nope')).toBeNull();
  });

  it('lists newest first, by robot or patient, bounded', () => {
    const records = new DialogueRecords(db);
    records.record(turn(1));
    records.record(turn(2, { robot: 'robot_2', patient: 'MRN-2' }));
    records.record(turn(3));
    expect(records.list().map((t) => t.id)).toEqual(['turn-3', 'turn-2', 'turn-1']);
    expect(records.list({ robot: 'robot_1' }).map((t) => t.id)).toEqual(['turn-3', 'turn-1']);
    expect(records.list({ patient: 'MRN-2' }).map((t) => t.id)).toEqual(['turn-2']);
    expect(records.list({ limit: 1 }).map((t) => t.id)).toEqual(['turn-3']);
    expect(records.patients().sort()).toEqual(['MRN-1', 'MRN-2']);
  });

  it('keeps its tables across a restart (migrations run once)', () => {
    new DialogueRecords(db).record(turn(1));
    expect(new DialogueRecords(db).get('turn-1')).toEqual(turn(1));
    expect(db.prepare("SELECT version FROM module_schema WHERE module = 'dialogue'").get()).toEqual({ version: 1 });
  });
});
