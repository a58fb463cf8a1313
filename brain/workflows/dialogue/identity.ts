// Does the patient's answer to "please tell me your full name and date of birth" match the record?
// Two identifiers, as patient-safety practice asks: the name (any recorded spelling, either word
// order) and the birth date (ISO, "2 March 1956", "March 2, 1956", "1956年3月2日", "1956 3 2").
import { compact, normaliseSpeech } from './normalize.js';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export interface IdentityCheck {
  nameMatches: boolean;
  birthDateMatches: boolean;
}

export function checkIdentity(answer: string, patient: { name: string; otherNames: string[]; birthDate: string }): IdentityCheck {
  return { nameMatches: nameMatches(answer, patient), birthDateMatches: birthDatesIn(answer).includes(patient.birthDate) };
}

function nameMatches(answer: string, patient: { name: string; otherNames: string[] }): boolean {
  const said = compact(answer);
  for (const name of [patient.name, ...patient.otherNames]) {
    const parts = normaliseSpeech(name).split(' ').filter(Boolean);
    if (parts.length === 0) continue;
    // Every part of the name, in the recorded order or reversed (family name first or last).
    if (said.includes(parts.join('')) || said.includes([...parts].reverse().join(''))) return true;
  }
  return false;
}

/** Every date the answer states, as YYYY-MM-DD. */
export function birthDatesIn(answer: string): string[] {
  const text = normaliseSpeech(answer.replace(/(\d)[-/.年](\d)/g, '$1 $2').replace(/(\d)[月](\d)/g, '$1 $2'));
  const found = new Set<string>();
  const add = (y: number, m: number, d: number) => {
    if (y < 1880 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return;
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCMonth() !== m - 1) return;
    found.add(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  };
  for (const m of text.matchAll(/\b(\d{4}) (\d{1,2}) (\d{1,2})\b/g)) add(Number(m[1]), Number(m[2]), Number(m[3]));
  for (const m of text.matchAll(/\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+) (\d{4})\b/g)) {
    const month = monthIndex(m[2]!);
    if (month) add(Number(m[3]), month, Number(m[1]));
  }
  for (const m of text.matchAll(/\b([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})\b/g)) {
    const month = monthIndex(m[1]!);
    if (month) add(Number(m[3]), month, Number(m[2]));
  }
  return [...found];
}

function monthIndex(word: string): number | null {
  if (word.length < 3) return null;
  const i = MONTHS.findIndex((m) => m.startsWith(word));
  return i >= 0 ? i + 1 : null;
}
