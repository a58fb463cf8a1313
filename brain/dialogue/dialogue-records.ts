// Every dialogue turn, kept in the brain's SQLite file (module 'dialogue'): what was heard, what the
// rules made of it, what the robot said and from which sources, and which alerts it raised. Staff
// read it to see why the robot said what it said; the patient's record number sits in its own
// column so that routes can pseudonymise it.
import type Database from 'better-sqlite3';
import type { Language } from '../../robot/index.js';
import { migrateModule, type ModuleMigration } from '../store/module-schema.js';
import type { RedFlagId } from '../workflows/dialogue/red-flags.js';
import type { DialogueTurn, IntentKind, SourceRef } from './types.js';

export const DIALOGUE_MODULE = 'dialogue';

export const DIALOGUE_MIGRATIONS: readonly ModuleMigration[] = [{
  version: 1,
  sql: `
    CREATE TABLE dialogue_turns (
      id TEXT PRIMARY KEY NOT NULL,
      robot TEXT NOT NULL,
      patient TEXT,
      bed TEXT,
      heard_at_ms INTEGER NOT NULL,
      utterance TEXT NOT NULL,
      language TEXT NOT NULL,
      source TEXT,
      intent TEXT NOT NULL,
      detail TEXT,
      red_flags TEXT NOT NULL,
      reply_text TEXT,
      reply_language TEXT,
      sources TEXT NOT NULL,
      mode TEXT NOT NULL CHECK (mode IN ('deterministic', 'model')),
      model_verdict TEXT,
      alert_ids TEXT NOT NULL,
      ack_at_ms INTEGER,
      replied_at_ms INTEGER,
      spoken INTEGER NOT NULL
    );
    CREATE INDEX dialogue_turns_robot ON dialogue_turns (robot, heard_at_ms);
    CREATE INDEX dialogue_turns_patient ON dialogue_turns (patient, heard_at_ms);
    CREATE INDEX dialogue_turns_heard ON dialogue_turns (heard_at_ms);
  `,
}];

interface TurnRow {
  id: string; robot: string; patient: string | null; bed: string | null; heard_at_ms: number; utterance: string; language: string;
  source: string | null; intent: string; detail: string | null; red_flags: string; reply_text: string | null; reply_language: string | null;
  sources: string; mode: string; model_verdict: string | null; alert_ids: string; ack_at_ms: number | null; replied_at_ms: number | null; spoken: number;
}

export interface TurnQuery {
  robot?: string;
  patient?: string;
  /** Default 50, at most 500. */
  limit?: number;
}

export class DialogueRecords {
  constructor(private readonly db: Database.Database) {
    migrateModule(db, DIALOGUE_MODULE, DIALOGUE_MIGRATIONS);
  }

  record(t: DialogueTurn): void {
    this.db.prepare(`
      INSERT INTO dialogue_turns (id, robot, patient, bed, heard_at_ms, utterance, language, source, intent, detail, red_flags, reply_text,
        reply_language, sources, mode, model_verdict, alert_ids, ack_at_ms, replied_at_ms, spoken)
      VALUES (@id, @robot, @patient, @bed, @heardAtMs, @utterance, @language, @source, @intent, @detail, @redFlags, @replyText,
        @replyLanguage, @sources, @mode, @modelVerdict, @alertIds, @ackAtMs, @repliedAtMs, @spoken)
    `).run({
      id: t.id, robot: t.robot, patient: t.patient, bed: t.bed, heardAtMs: t.heardAtMs, utterance: t.utterance, language: t.language,
      source: t.source, intent: t.intent, detail: t.detail, redFlags: JSON.stringify(t.redFlags), replyText: t.reply?.text ?? null,
      replyLanguage: t.reply?.language ?? null, sources: JSON.stringify(t.sources), mode: t.mode, modelVerdict: t.modelVerdict,
      alertIds: JSON.stringify(t.alertIds), ackAtMs: t.ackAtMs, repliedAtMs: t.repliedAtMs, spoken: t.spoken ? 1 : 0,
    });
  }

  get(id: string): DialogueTurn | null {
    const row = this.db.prepare('SELECT * FROM dialogue_turns WHERE id = ?').get(id) as TurnRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Newest first. */
  list(q: TurnQuery = {}): DialogueTurn[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.robot !== undefined) { where.push('robot = ?'); args.push(q.robot); }
    if (q.patient !== undefined) { where.push('patient = ?'); args.push(q.patient); }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const limit = Math.max(1, Math.min(500, Math.floor(q.limit ?? 50)));
    const rows = this.db.prepare(`SELECT * FROM dialogue_turns ${filter} ORDER BY heard_at_ms DESC, rowid DESC LIMIT ?`).all(...args, limit) as TurnRow[];
    return rows.map(fromRow);
  }

  /** Record numbers of every patient with a stored turn (to resolve a pseudonym given as a filter). */
  patients(): string[] {
    return (this.db.prepare('SELECT DISTINCT patient FROM dialogue_turns WHERE patient IS NOT NULL').all() as { patient: string }[]).map((r) => r.patient);
  }
}

function fromRow(r: TurnRow): DialogueTurn {
  return {
    id: r.id, robot: r.robot, patient: r.patient, bed: r.bed, heardAtMs: r.heard_at_ms, utterance: r.utterance,
    language: r.language as Language, source: r.source, intent: r.intent as IntentKind, detail: r.detail,
    redFlags: JSON.parse(r.red_flags) as RedFlagId[],
    reply: r.reply_text === null ? null : { text: r.reply_text, language: (r.reply_language ?? r.language) as Language },
    sources: JSON.parse(r.sources) as SourceRef[], mode: r.mode as DialogueTurn['mode'], modelVerdict: r.model_verdict,
    alertIds: JSON.parse(r.alert_ids) as string[], ackAtMs: r.ack_at_ms, repliedAtMs: r.replied_at_ms, spoken: r.spoken === 1,
  };
}
