// What people who may not see patient identifiers (engineer-only accounts, the open map screen)
// get instead of a record number: a stable pseudonym. Stable within one brain process, so one
// screen can still tell two patients apart; the secret never leaves the process.
import { randomBytes } from 'node:crypto';
import type { JsonObject } from './store/types.js';
import type { LogEntry, TaskState } from './tasks/task-state.js';
import { pseudonym } from './ward/index.js';

export class Pseudonyms {
  private readonly secret = randomBytes(24).toString('hex');

  of(recordNumber: string): string {
    return recordNumber ? pseudonym(recordNumber, this.secret) : recordNumber;
  }

  /** A task description or event data with every `patient` (a record number) replaced, at any depth. */
  json(value: JsonObject): JsonObject {
    return this.walk(value) as JsonObject;
  }

  taskState(state: TaskState): TaskState {
    return { ...state, detail: this.json(state.detail) };
  }

  logEntry(entry: LogEntry): LogEntry {
    return { ...entry, data: entry.data ? this.json(entry.data) : null };
  }

  private walk(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (!value || typeof value !== 'object') return value;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as JsonObject)) {
      out[k] = (k === 'patient' || k === 'record_number') && typeof v === 'string' ? this.of(v) : this.walk(v);
    }
    return out;
  }
}
