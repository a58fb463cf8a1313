// Checks of a goal's values that the interface types cannot express; each failure names the field.
import { LANGUAGES, fromRosTime, type Duration, type Language } from '../../../robot/index.js';

export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

export function checkLanguage(v: unknown, field = 'language'): Check<Language> {
  if (typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v)) return { ok: true, value: v as Language };
  return { ok: false, reason: `${field}: must be one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')}, got ${JSON.stringify(v)}` };
}

export function checkText(v: unknown, field = 'text'): Check<string> {
  if (typeof v === 'string' && v.trim() !== '') return { ok: true, value: v };
  return { ok: false, reason: `${field}: must be non-empty text` };
}

/**
 * A goal's timeout in seconds. A zero Duration (what a client sends when it leaves the field out)
 * means the skill's default; a negative one is an error.
 */
export function checkTimeout(d: Duration, defaultS: number, field = 'timeout'): Check<number> {
  const s = fromRosTime(d);
  if (!Number.isFinite(s) || s < 0) return { ok: false, reason: `${field}: must not be negative, got ${s} s` };
  return { ok: true, value: s === 0 ? defaultS : s };
}
