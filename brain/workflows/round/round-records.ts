// What each ward round found at each bed, kept in the brain's SQLite file (module 'rounds'), and
// the summary staff read. Identifiers (record number, names) sit in their own fields, so that the
// integrator can redact them for engineers; the text shown without names carries none of them
// except what a patient said in their own words ("Said: …"), which is free text to be scrubbed.
import type Database from 'better-sqlite3';
import type { Language, PlaceLabel } from '../../../robot/index.js';
import { migrateModule } from '../../store/module-schema.js';
import type { AnswerValue, LocalText, RoundQuestionId } from './questions.js';
import { summaryText } from './round-summary.js';

export type VisitStatus = 'visited' | 'absent' | 'no_answer' | 'skipped';

export interface RoundAnswer {
  question: RoundQuestionId;
  /** What the patient said, bounded; '' when they said nothing. */
  raw: string;
  value: AnswerValue;
  unclear: boolean;
  /** Red flags the answer raised. */
  redFlags: string[];
}

export interface RoundVisit {
  taskId: string;
  bed: string;
  bedLabel: PlaceLabel;
  /** Record number, or null when nobody was in the bed. */
  patient: string | null;
  /** The patient's names as recorded; the Chinese one for zh-CN text. */
  name: string | null;
  nameZh: string | null;
  status: VisitStatus;
  /** Why a bed was skipped, or other detail for staff. */
  detail: string | null;
  answers: RoundAnswer[];
  /** Ids of the alerts raised at this bed. */
  alerts: string[];
  timeMs: number;
}

export interface RoundSummaryEntry extends RoundVisit {
  /** The visit in words, without names (the integrator adds or redacts identifiers from the fields). */
  text: LocalText;
}

export interface RoundSummary {
  taskId: string;
  entries: RoundSummaryEntry[];
  counts: { beds: number; visited: number; absent: number; noAnswer: number; skipped: number; alerts: number };
  /** One line per bed, without names. */
  text: LocalText;
}

const MIGRATIONS = [{
  version: 1,
  sql: `
    CREATE TABLE round_visits (
      task_id TEXT NOT NULL,
      bed TEXT NOT NULL,
      bed_label TEXT NOT NULL,
      patient TEXT,
      name TEXT,
      name_zh TEXT,
      status TEXT NOT NULL CHECK (status IN ('visited', 'absent', 'no_answer', 'skipped')),
      detail TEXT,
      answers TEXT NOT NULL,
      alerts TEXT NOT NULL,
      time_ms INTEGER NOT NULL,
      PRIMARY KEY (task_id, bed)
    );
    CREATE INDEX round_visits_patient ON round_visits (patient, time_ms);
  `,
}] as const;

interface VisitRow {
  task_id: string; bed: string; bed_label: string; patient: string | null; name: string | null; name_zh: string | null;
  status: VisitStatus; detail: string | null; answers: string; alerts: string; time_ms: number;
}

export class RoundRecords {
  constructor(private readonly db: Database.Database) {
    migrateModule(db, 'rounds', MIGRATIONS);
  }

  /** Stores one bed's visit; a bed visited again in the same task (after a restart) replaces it. */
  record(visit: RoundVisit): void {
    this.db.prepare(`
      INSERT INTO round_visits (task_id, bed, bed_label, patient, name, name_zh, status, detail, answers, alerts, time_ms)
      VALUES (@taskId, @bed, @bedLabel, @patient, @name, @nameZh, @status, @detail, @answers, @alerts, @timeMs)
      ON CONFLICT (task_id, bed) DO UPDATE SET bed_label = excluded.bed_label, patient = excluded.patient, name = excluded.name,
        name_zh = excluded.name_zh, status = excluded.status, detail = excluded.detail, answers = excluded.answers,
        alerts = excluded.alerts, time_ms = excluded.time_ms
    `).run({
      ...visit,
      bedLabel: JSON.stringify(visit.bedLabel),
      answers: JSON.stringify(visit.answers),
      alerts: JSON.stringify(visit.alerts),
    });
  }

  /** A task's visits in the order they happened. */
  visits(taskId: string): RoundVisit[] {
    const rows = this.db.prepare('SELECT * FROM round_visits WHERE task_id = ? ORDER BY time_ms, rowid').all(taskId) as VisitRow[];
    return rows.map(fromRow);
  }

  /** A patient's visits across rounds, oldest first. */
  visitsOf(patient: string): RoundVisit[] {
    const rows = this.db.prepare('SELECT * FROM round_visits WHERE patient = ? ORDER BY time_ms, rowid').all(patient) as VisitRow[];
    return rows.map(fromRow);
  }

  visitedBeds(taskId: string): string[] {
    return this.visits(taskId).map((v) => v.bed);
  }

  summary(taskId: string): RoundSummary {
    const entries = this.visits(taskId).map((v) => ({ ...v, text: { en: summaryText(v, 'en', { withNames: false }), 'zh-CN': summaryText(v, 'zh-CN', { withNames: false }) } }));
    const count = (s: VisitStatus) => entries.filter((e) => e.status === s).length;
    const lines = (lang: Language) => entries.map((e) => e.text[lang]).join('\n');
    return {
      taskId,
      entries,
      counts: {
        beds: entries.length, visited: count('visited'), absent: count('absent'), noAnswer: count('no_answer'), skipped: count('skipped'),
        alerts: entries.reduce((n, e) => n + e.alerts.length, 0),
      },
      text: { en: lines('en'), 'zh-CN': lines('zh-CN') },
    };
  }
}

function fromRow(r: VisitRow): RoundVisit {
  return {
    taskId: r.task_id, bed: r.bed, bedLabel: JSON.parse(r.bed_label) as PlaceLabel, patient: r.patient, name: r.name, nameZh: r.name_zh,
    status: r.status, detail: r.detail, answers: JSON.parse(r.answers) as RoundAnswer[], alerts: JSON.parse(r.alerts) as string[], timeMs: r.time_ms,
  };
}
