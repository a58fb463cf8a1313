// What each health-education session taught and what the patient could say back, kept in the
// brain's SQLite file (module 'education'). The next session of a topic reads it (planSession's
// `previous`) to re-teach only what was not understood.
import type Database from 'better-sqlite3';
import type { Condition, Language } from '../../../robot/index.js';
import type { PreviousSession } from '../../education/index.js';
import { migrateModule } from '../../store/module-schema.js';

export interface TeachBackRecord {
  questionId: string;
  /** The section the question checks. */
  section: string;
  /** What the patient said, bounded; '' when they said nothing. */
  rawAnswer: string;
  understood: boolean;
  matched: string[];
  missing: string[];
}

export interface EducationSession {
  taskId: string;
  patient: string;
  topic: Condition;
  /** The library version taught. */
  version: string;
  language: Language;
  /** Section ids taught, in order. */
  sectionsTaught: string[];
  checks: TeachBackRecord[];
  /** The task queued to go over what was not understood, if any. */
  repeatTaskId: string | null;
  timeMs: number;
}

const MIGRATIONS = [{
  version: 1,
  sql: `
    CREATE TABLE education_sessions (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      task_id TEXT NOT NULL,
      patient TEXT NOT NULL,
      topic TEXT NOT NULL,
      version TEXT NOT NULL,
      language TEXT NOT NULL,
      sections_taught TEXT NOT NULL,
      repeat_task_id TEXT,
      time_ms INTEGER NOT NULL,
      UNIQUE (task_id, topic)
    );
    CREATE INDEX education_sessions_patient ON education_sessions (patient, time_ms);
    CREATE TABLE education_checks (
      session_id INTEGER NOT NULL REFERENCES education_sessions (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      question_id TEXT NOT NULL,
      section TEXT NOT NULL,
      raw_answer TEXT NOT NULL,
      understood INTEGER NOT NULL CHECK (understood IN (0, 1)),
      matched TEXT NOT NULL,
      missing TEXT NOT NULL,
      PRIMARY KEY (session_id, seq)
    );
  `,
}] as const;

interface SessionRow {
  id: number; task_id: string; patient: string; topic: Condition; version: string; language: Language;
  sections_taught: string; repeat_task_id: string | null; time_ms: number;
}
interface CheckRow { question_id: string; section: string; raw_answer: string; understood: number; matched: string; missing: string }

export class EducationRecords {
  constructor(private readonly db: Database.Database) {
    migrateModule(db, 'education', MIGRATIONS);
  }

  /** Stores a finished topic of a session with its checks; the same task and topic again replaces it. */
  record(session: Omit<EducationSession, 'repeatTaskId'>): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM education_sessions WHERE task_id = ? AND topic = ?').run(session.taskId, session.topic);
      const { lastInsertRowid } = this.db.prepare(`
        INSERT INTO education_sessions (task_id, patient, topic, version, language, sections_taught, time_ms)
        VALUES (?, ?, ?, ?, ?, ?, ?)
      `).run(session.taskId, session.patient, session.topic, session.version, session.language, JSON.stringify(session.sectionsTaught), session.timeMs);
      const insert = this.db.prepare(`
        INSERT INTO education_checks (session_id, seq, question_id, section, raw_answer, understood, matched, missing)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      `);
      session.checks.forEach((c, i) => insert.run(lastInsertRowid, i, c.questionId, c.section, c.rawAnswer, c.understood ? 1 : 0, JSON.stringify(c.matched), JSON.stringify(c.missing)));
    })();
  }

  /** Notes the follow-up task that will go over `topics` of `taskId` again. */
  setRepeatTask(taskId: string, topics: readonly Condition[], repeatTaskId: string): void {
    const update = this.db.prepare('UPDATE education_sessions SET repeat_task_id = ? WHERE task_id = ? AND topic = ?');
    this.db.transaction(() => topics.forEach((t) => update.run(repeatTaskId, taskId, t)))();
  }

  /** A patient's sessions, oldest first. */
  sessions(patient: string): EducationSession[] {
    return this.select('WHERE patient = ?', patient);
  }

  /** The topics one task has finished, in order. */
  sessionsOfTask(taskId: string): EducationSession[] {
    return this.select('WHERE task_id = ?', taskId);
  }

  /** What earlier sessions left to re-teach, oldest first (planSession uses the latest per topic). */
  previous(patient: string): PreviousSession[] {
    return this.sessions(patient).map((s) => ({
      topic: s.topic,
      version: s.version,
      sectionsNotUnderstood: [...new Set(s.checks.filter((c) => !c.understood).map((c) => c.section))],
    }));
  }

  private select(where: string, value: string): EducationSession[] {
    const rows = this.db.prepare(`SELECT * FROM education_sessions ${where} ORDER BY time_ms, id`).all(value) as SessionRow[];
    const checks = this.db.prepare('SELECT * FROM education_checks WHERE session_id = ? ORDER BY seq');
    return rows.map((r) => ({
      taskId: r.task_id, patient: r.patient, topic: r.topic, version: r.version, language: r.language,
      sectionsTaught: JSON.parse(r.sections_taught) as string[], repeatTaskId: r.repeat_task_id, timeMs: r.time_ms,
      checks: (checks.all(r.id) as CheckRow[]).map((c) => ({
        questionId: c.question_id, section: c.section, rawAnswer: c.raw_answer, understood: c.understood === 1,
        matched: JSON.parse(c.matched) as string[], missing: JSON.parse(c.missing) as string[],
      })),
    }));
  }
}
