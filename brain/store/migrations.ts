// Schema history of the SQLite store, oldest first. A migration is never edited once released: a
// later change is a new entry, so an old database file always upgrades along the same path.
// The status and tier lists are spelled out here on purpose, frozen as they were at that version.
export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) > 0),
        category TEXT NOT NULL CHECK (length(category) > 0),
        description TEXT NOT NULL CHECK (json_valid(description)),
        priority TEXT CHECK (priority IS NULL OR json_valid(priority)),
        requester TEXT,
        labels TEXT NOT NULL CHECK (json_valid(labels)),
        status TEXT NOT NULL CHECK (status IN ('queued', 'underway', 'completed', 'failed', 'canceled')),
        assigned_robot TEXT,
        request_time_ms INTEGER NOT NULL,
        earliest_start_ms INTEGER,
        start_time_ms INTEGER,
        finish_time_ms INTEGER,
        estimate_ms INTEGER,
        distance_remaining_m REAL,
        eta_s REAL,
        reason_code TEXT,
        reason_message TEXT,
        cancel_request_time_ms INTEGER,
        cancel_labels TEXT CHECK (cancel_labels IS NULL OR json_valid(cancel_labels)),
        updated_ms INTEGER NOT NULL
      );
      CREATE INDEX tasks_by_status ON tasks (status, request_time_ms);
      CREATE INDEX tasks_by_request_time ON tasks (request_time_ms);
      CREATE TABLE task_events (
        task_id TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL CHECK (seq > 0),
        unix_ms INTEGER NOT NULL,
        tier TEXT NOT NULL CHECK (tier IN ('info', 'warning', 'error')),
        kind TEXT NOT NULL CHECK (length(kind) > 0),
        text TEXT NOT NULL,
        data TEXT CHECK (data IS NULL OR json_valid(data)),
        PRIMARY KEY (task_id, seq)
      ) WITHOUT ROWID;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
