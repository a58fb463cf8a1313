// Each part of the brain that keeps records (accounts, audit, alerts, ward records, custody,
// schedules) owns its tables in the one SQLite file and its own migration list, so that parts can
// grow without editing each other's history. Versions per module are kept in `module_schema`.
import type Database from 'better-sqlite3';

export interface ModuleMigration {
  version: number;
  sql: string;
}

export class ModuleSchemaError extends Error {
  override readonly name = 'ModuleSchemaError';
}

/** Brings `module`'s tables up to its last migration, each step in one transaction. */
export function migrateModule(db: Database.Database, module: string, migrations: readonly ModuleMigration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS module_schema (module TEXT PRIMARY KEY NOT NULL, version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM module_schema WHERE module = ?').get(module) as { version: number } | undefined;
  const current = row?.version ?? 0;
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) {
    throw new ModuleSchemaError(`${db.name}: the ${module} tables are at version ${current}, newer than this brain understands (${latest}); run a newer brain or use another dbFile`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO module_schema (module, version) VALUES (?, ?) ON CONFLICT (module) DO UPDATE SET version = excluded.version')
        .run(module, m.version);
    })();
  }
}

/** Opens a database the way the brain does (WAL, foreign keys), for a module's own tests. */
export async function openTestDatabase(file = ':memory:'): Promise<Database.Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  return db;
}
