import { MapFileError } from './errors.js';

/** Field checks shared by the building-map and ward loaders; each names the file and field it rejects. */
export class FieldReader {
  constructor(readonly file: string) {}

  fail(field: string, problem: string): never {
    throw new MapFileError(this.file, field, problem);
  }

  record(value: unknown, field: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, `expected a mapping (key: value), got ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, `expected a list, got ${describe(value)}`);
    return value;
  }

  number(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.fail(field, `expected a number, got ${describe(value)}`);
    }
    return value;
  }

  integer(value: unknown, field: string): number {
    const n = this.number(value, field);
    if (!Number.isInteger(n)) this.fail(field, `expected a whole number, got ${n}`);
    return n;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string') this.fail(field, `expected text, got ${describe(value)}`);
    return value;
  }

  nonEmptyString(value: unknown, field: string): string {
    const s = this.string(value, field);
    if (s.trim() === '') this.fail(field, 'must not be empty');
    return s;
  }

  boolean(value: unknown, field: string): boolean {
    if (typeof value !== 'boolean') this.fail(field, `expected true or false, got ${describe(value)}`);
    return value;
  }

  /** Rejects keys the loader does not know, so a typo ("lable") is an error rather than ignored. */
  onlyKeys(rec: Record<string, unknown>, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(rec)) {
      if (!allowed.includes(key)) {
        this.fail(field ? `${field}.${key}` : key, `unknown key "${key}" (allowed: ${allowed.join(', ')})`);
      }
    }
  }
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  return `${typeof value} ${String(value)}`;
}
