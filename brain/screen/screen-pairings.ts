// Which tablet may show which robot's screen. A nurse, ward manager or engineer pairs a tablet with a
// robot and gets a screen token for the tablet's URL; the token opens that robot's screen and nothing
// else (no staff route takes it). As with staff sessions, only the SHA-256 of a token is kept, so a
// copy of the database pairs nobody. A robot has one screen: pairing again replaces the old token.
// Each pairing and revocation is audited in the same transaction as the change.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditActor, AuditSink } from '../audit/index.js';
import type { BrainClock } from '../clock.js';
import { migrateModule, type ModuleMigration } from '../store/module-schema.js';

export const SCREEN_MODULE = 'screen';

export const SCREEN_MIGRATIONS: readonly ModuleMigration[] = [{
  version: 1,
  sql: `
    CREATE TABLE screen_pairings (
      id TEXT PRIMARY KEY NOT NULL,
      -- Only the SHA-256 of the screen token.
      token_hash TEXT NOT NULL UNIQUE,
      robot TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at_ms INTEGER NOT NULL,
      revoked_at_ms INTEGER,
      revoked_by TEXT
    );
    CREATE INDEX screen_pairings_robot ON screen_pairings (robot, revoked_at_ms);
  `,
}];

/** 32 random bytes, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const screenTokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export interface ScreenPairing {
  id: string;
  robot: string;
  createdBy: string;
  createdAtMs: number;
}

interface PairingRow {
  id: string;
  robot: string;
  created_by: string;
  created_at_ms: number;
}

const fromRow = (r: PairingRow): ScreenPairing => ({ id: r.id, robot: r.robot, createdBy: r.created_by, createdAtMs: r.created_at_ms });

export interface ScreenPairingsOptions {
  clock: BrainClock;
  audit?: AuditSink;
}

export class ScreenPairings {
  constructor(private readonly db: Database.Database, private readonly opts: ScreenPairingsOptions) {
    migrateModule(db, SCREEN_MODULE, SCREEN_MIGRATIONS);
  }

  private now(): number {
    return Math.round(this.opts.clock.now());
  }

  /**
   * Pairs a screen with `robot` for `by` (a staff username) and returns the token, the only time it
   * is ever seen; the robot's earlier pairings end. Returns the ids of the pairings that ended too.
   */
  pair(robot: string, by: string): { token: string; pairing: ScreenPairing; replaced: string[] } {
    const token = randomBytes(32).toString('base64url');
    return this.db.transaction(() => {
      const now = this.now();
      const replaced = this.endActive(robot, by, now);
      const pairing: ScreenPairing = { id: randomUUID(), robot, createdBy: by, createdAtMs: now };
      this.db.prepare('INSERT INTO screen_pairings (id, token_hash, robot, created_by, created_at_ms) VALUES (?, ?, ?, ?, ?)')
        .run(pairing.id, screenTokenDigest(token), robot, by, now);
      this.audit({ kind: 'staff', id: by }, 'screen.paired', pairing.id, { robot, replaced });
      return { token, pairing, replaced };
    })();
  }

  /** Ends every pairing of `robot`; returns the ids that ended (none when no screen was paired). */
  revoke(robot: string, by: string): string[] {
    return this.db.transaction(() => {
      const ended = this.endActive(robot, by, this.now());
      for (const id of ended) this.audit({ kind: 'staff', id: by }, 'screen.revoked', id, { robot });
      return ended;
    })();
  }

  /** The live pairing behind a screen token, or null (unknown, revoked, replaced, or not a token at all). */
  resolve(token: unknown): ScreenPairing | null {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
    const row = this.db.prepare('SELECT id, robot, created_by, created_at_ms FROM screen_pairings WHERE token_hash = ? AND revoked_at_ms IS NULL')
      .get(screenTokenDigest(token)) as PairingRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The robot's live pairing, without its token (which is not kept). */
  active(robot: string): ScreenPairing | null {
    const row = this.db.prepare('SELECT id, robot, created_by, created_at_ms FROM screen_pairings WHERE robot = ? AND revoked_at_ms IS NULL ORDER BY created_at_ms DESC LIMIT 1')
      .get(robot) as PairingRow | undefined;
    return row ? fromRow(row) : null;
  }

  private endActive(robot: string, by: string, now: number): string[] {
    const ids = (this.db.prepare('SELECT id FROM screen_pairings WHERE robot = ? AND revoked_at_ms IS NULL').all(robot) as { id: string }[]).map((r) => r.id);
    if (ids.length) this.db.prepare('UPDATE screen_pairings SET revoked_at_ms = ?, revoked_by = ? WHERE robot = ? AND revoked_at_ms IS NULL').run(now, by, robot);
    return ids;
  }

  private audit(actor: AuditActor, action: string, id: string, data: Record<string, string | string[]>): void {
    this.opts.audit?.append({ actor, action, subject: { type: 'screen_pairing', id }, data });
  }
}
