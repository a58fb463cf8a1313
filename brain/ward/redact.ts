// Patient data for people and programs that must not see who the patient is: engineers running the
// simulator on real ward data, and cloud models. Direct identifiers give way to a pseudonym that stays
// the same for the same patient and secret, so logs and model answers still say which patient is meant,
// while only the ward's secret links the token back to a record number.
import { createHmac } from 'node:crypto';
import type { Patient } from '../../robot/index.js';

/** A patient without direct identifiers: name, other names, record number, birth date and wristband are gone. */
export type RedactedPatient = Omit<Patient, 'name' | 'otherNames' | 'recordNumber' | 'birthDate' | 'wristband'> & {
  /** `pseudonym(recordNumber, secret)`. */
  token: string;
};

export class RedactionError extends Error {
  override readonly name = 'RedactionError';
}

/** "P-" and 8 hex digits of HMAC-SHA256(secret, recordNumber): stable per secret, not reversible without it. */
export function pseudonym(recordNumber: string, secret: string): string {
  if (secret.length < 16) throw new RedactionError('the redaction secret must have at least 16 characters, so tokens cannot be guessed back');
  if (recordNumber === '') throw new RedactionError('recordNumber: must not be empty');
  return 'P-' + createHmac('sha256', secret).update(recordNumber, 'utf8').digest('hex').slice(0, 8);
}

export function redactPatient(p: Patient, secret: string): RedactedPatient {
  return { token: pseudonym(p.recordNumber, secret), language: p.language, conditions: [...p.conditions], allergies: [...p.allergies], bed: p.bed };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ways a birth date is commonly written: ISO, with slashes either order, and in Chinese. */
function dateSpellings(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return [iso];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const mu = String(Number(mo));
  const du = String(Number(d));
  return [
    iso, `${y}/${mo}/${d}`, `${y}.${mo}.${d}`, `${d}/${mo}/${y}`, `${mo}/${d}/${y}`, `${du}/${mu}/${y}`, `${mu}/${du}/${y}`,
    `${y}年${mu}月${du}日`, `${y}年${mo}月${d}日`,
  ];
}

/**
 * Latin words and numbers must not run into more letters or digits ("Fang" is not redacted inside "Fangzhou"),
 * while Chinese text has no spaces, so a Chinese name may sit right beside other characters.
 */
function pattern(piece: string): string {
  const e = escape(piece);
  return /^[\p{Script=Latin}\d]/u.test(piece) ? `(?<![\\p{Script=Latin}\\d])${e}(?![\\p{Script=Latin}\\d])` : e;
}

/**
 * Replaces, in free text, every occurrence of a patient's name (whole, and each part of three or more
 * letters, since people say "Mrs Hughes"), other names, record number and wristband (also their digits
 * alone, as read aloud) and birth date, with the patient's pseudonym. It errs towards replacing too much.
 */
export function redactText(text: string, patients: readonly Patient[], secret: string): string {
  const pieces = new Map<string, string>();
  const add = (piece: string, token: string) => {
    const key = piece.trim();
    if (key.length > 0 && !pieces.has(key.toLowerCase())) pieces.set(key.toLowerCase(), token);
  };
  // Whole identifiers first, so that "Wang Fang" becomes one token rather than two.
  for (const p of patients) {
    const token = pseudonym(p.recordNumber, secret);
    for (const id of [p.recordNumber, p.wristband]) add(id, token);
    for (const name of [p.name, ...p.otherNames]) add(name, token);
    for (const date of dateSpellings(p.birthDate)) add(date, token);
  }
  for (const p of patients) {
    const token = pseudonym(p.recordNumber, secret);
    for (const id of [p.recordNumber, p.wristband]) {
      for (const digits of id.match(/\d{5,}/g) ?? []) add(digits, token);
    }
    for (const name of [p.name, ...p.otherNames]) {
      for (const part of name.split(/[\s\-·.,]+/)) if ([...part].length >= 3) add(part, token);
    }
  }
  if (pieces.size === 0) return text;
  const keys = [...pieces.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(keys.map(pattern).join('|'), 'giu');
  return text.replace(re, (hit) => pieces.get(hit.toLowerCase()) ?? hit);
}
