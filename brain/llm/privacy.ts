// Keeps direct identifiers away from a model: names, record numbers (MRN), birth dates and wristband codes
// become tokens such as [PATIENT_1], [MRN_1], [DOB_1], [WRISTBAND_1] before text leaves, and come back in
// the answer. One redactor serves one conversation: a token means the same thing on every turn, so the
// model can reason about "[PATIENT_2]" across turns, and text restored then redacted again gets the same
// tokens. A person's tokens share a number ([PATIENT_3] has record [MRN_3]), so the model can link them.
//
// Beyond the ward's own list, identifier-shaped text is scrubbed too, so a record number staff mention for
// a patient the ward file does not know is not sent either:
//   - record-number and wristband shapes: the letter prefixes of the known ids (MRN-, WB- in the ward files)
//     followed by 4+ digits, with any of "-", "_", ":", "#", space between → [MRN_n] / [WRISTBAND_n];
//   - all-digit ids: digit runs as long as a known all-digit id (6+ digits);
//   - full dates (day, month and year, see redact-dates.ts) more than a year before `today` → [DATE_n].
//     Recent and future dates stay: they are schedules, admissions this week, "today"; a birth date of a
//     patient under one is the one thing this misses, and the ward's own patients' dates are always caught.
//   Times ("13:00"), doses ("10 units"), bed and place names ("bed_12") have none of these shapes.
// Unknown identifiers get their own tokens and restore to the text as it was written.
//
// The model's text never creates a mapping: restore() replaces only tokens this redactor issued, and
// token-like text arriving in the input (a patient saying "[MRN_2]") is defanged to full-width brackets,
// so outside text cannot alias an issued token and have it restored into a real identifier.
import type { Patient } from '../../robot/index.js';
import type { Redactor } from './types.js';
import { findDates, readingIs } from './redact-dates.js';
import { NameIndex, chineseAround } from './redact-names.js';

/** A person whose identifiers must not leave: what the ward knows of them. */
export interface WardIdentity {
  recordNumber: string;
  /** Every form of the name, e.g. ["Wang Fang", "王芳"]; the first Latin and first Chinese forms are what tokens restore to. */
  names: string[];
  /** YYYY-MM-DD */
  birthDate: string;
  wristband: string;
}

export interface RedactorOptions {
  /** Today's date (YYYY-MM-DD) in the ward's time zone: dates from a year before it on are kept. Default: the system's date. */
  today?: string;
}

/** The identities of the ward's patients, as the ward file or FHIR bundle describes them. */
export function identitiesOf(patients: readonly Patient[]): WardIdentity[] {
  return patients.map((p) => ({ recordNumber: p.recordNumber, names: [p.name, ...p.otherNames], birthDate: p.birthDate, wristband: p.wristband }));
}

type IdKind = 'MRN' | 'WRISTBAND';
type Restoration = { person: number } | { text: string };
interface Hit {
  start: number;
  end: number;
  /** Ties on the same span go to the lower rank. */
  rank: number;
  replacement: () => string;
}

const TOKEN = /\[(PATIENT|MRN|DOB|WRISTBAND|NAME|DATE)_(\d{1,4})\]/giu;
const ID_SHAPE = /^(\p{L}{1,8})[-_: #]?(\d{4,})$/u;
const ID_GAP = '[\\s\\-_:#]{0,2}';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const normId = (s: string) => s.toUpperCase().replace(/[\s\-_:#]/gu, '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const HAN = /\p{Script=Han}/u;

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export class WardRedactor implements Redactor {
  private readonly people: WardIdentity[];
  private readonly names: NameIndex;
  private readonly knownIds = new Map<string, { owner: number; kind: IdKind }>();
  private readonly knownDigits = new Map<string, { owner: number; kind: IdKind }>();
  private readonly prefixes = new Map<string, IdKind>([['MRN', 'MRN'], ['WB', 'WRISTBAND']]);
  private readonly digitLengths = new Map<number, IdKind>();
  private readonly oddIds: RegExp | null;
  private readonly idPattern: RegExp;
  private readonly oldBefore: string;
  /** Subject (a person, or an unknown identifier) → its token number. */
  private readonly numbers = new Map<string, number>();
  /** Issued token body ("MRN_3") → what it restores to. */
  private readonly issued = new Map<string, Restoration>();

  constructor(identities: readonly WardIdentity[], opts: RedactorOptions = {}) {
    const today = opts.today ?? localToday();
    if (!ISO_DATE.test(today)) throw new Error(`today: "${today}" is not a YYYY-MM-DD date`);
    this.oldBefore = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    this.people = identities.map((p) => ({ ...p, names: p.names.map((n) => n.trim()).filter(Boolean) }));
    this.names = new NameIndex(this.people.map((p) => p.names));

    const odd: string[] = [];
    this.people.forEach((p, owner) => {
      for (const [id, kind] of [[p.wristband, 'WRISTBAND'], [p.recordNumber, 'MRN']] as const) {
        if (!id) continue;
        // Record number last, so digits shared with a wristband (MRN-200001, WB-200001) read as the record.
        this.knownIds.set(normId(id), { owner, kind });
        const shape = ID_SHAPE.exec(id);
        if (shape) {
          if (!this.prefixes.has(shape[1]!.toUpperCase())) this.prefixes.set(shape[1]!.toUpperCase(), kind);
        } else if (/^\d{6,}$/.test(id)) {
          this.digitLengths.set(id.length, kind);
        } else {
          odd.push(escape(id));
        }
        for (const digits of id.match(/\d{5,}/g) ?? []) this.knownDigits.set(digits, { owner, kind });
      }
    });
    const prefixes = [...this.prefixes.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
    this.idPattern = new RegExp(`(?<![\\p{L}\\p{N}])(${prefixes})${ID_GAP}(\\d{4,})(?!\\p{N})`, 'giu');
    this.oddIds = odd.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${odd.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
  }

  redact(text: string): string {
    const hits = [...this.tokenLike(text), ...this.ids(text), ...this.dates(text), ...this.nameHits(text)];
    // Leftmost first, then the longest, then by rank; overlapping later hits give way.
    hits.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
    let out = '';
    let at = 0;
    for (const hit of hits) {
      if (hit.start < at) continue;
      out += text.slice(at, hit.start) + hit.replacement();
      at = hit.end;
    }
    return out + text.slice(at);
  }

  restore(text: string): string {
    return text.replace(TOKEN, (token: string, kind: string, n: string, offset: number) => {
      const r = this.issued.get(`${kind.toUpperCase()}_${n}`);
      if (!r) return token;
      if ('text' in r) return r.text;
      return this.nameFor(r.person, chineseAround(text, offset, offset + token.length));
    });
  }

  restoreValue<T>(value: T): T {
    if (typeof value === 'string') return this.restore(value) as T;
    if (Array.isArray(value)) return value.map((v: unknown) => this.restoreValue(v)) as T;
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.restoreValue(v);
      return out as T;
    }
    return value;
  }

  /** The name a [PATIENT_n] token restores to: the Chinese form in Chinese text when there is one, else the Latin form. */
  private nameFor(person: number, chinese: boolean): string {
    const names = this.people[person]!.names;
    const han = names.find((n) => HAN.test(n));
    const other = names.find((n) => !HAN.test(n));
    return (chinese ? han ?? other : other ?? han) ?? names[0] ?? '';
  }

  private token(kind: string, subject: string, restoration: Restoration): string {
    let n = this.numbers.get(subject);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(subject, n);
    }
    const body = `${kind}_${n}`;
    if (!this.issued.has(body)) this.issued.set(body, restoration);
    return `[${body}]`;
  }

  private personToken(kind: 'PATIENT' | IdKind | 'DOB', owner: number): string {
    const p = this.people[owner]!;
    const text = kind === 'MRN' ? p.recordNumber : kind === 'WRISTBAND' ? p.wristband : kind === 'DOB' ? p.birthDate : null;
    return this.token(kind, `person:${owner}`, text === null ? { person: owner } : { text });
  }

  private tokenLike(text: string): Hit[] {
    return [...text.matchAll(TOKEN)].map((m) => ({
      start: m.index!, end: m.index! + m[0].length, rank: 0, replacement: () => `［${m[1]}_${m[2]}］`,
    }));
  }

  private ids(text: string): Hit[] {
    const hits: Hit[] = [];
    const hit = (start: number, seen: string, kind: IdKind, rank: number) => {
      const known = this.knownIds.get(normId(seen)) ?? this.knownDigits.get(seen);
      hits.push({
        start, end: start + seen.length, rank,
        replacement: () => known ? this.personToken(known.kind, known.owner) : this.token(kind, `${kind}:${normId(seen)}`, { text: seen }),
      });
    };
    for (const m of text.matchAll(this.idPattern)) hit(m.index!, m[0], this.prefixes.get(m[1]!.toUpperCase())!, 1);
    if (this.oddIds) for (const m of text.matchAll(this.oddIds)) hit(m.index!, m[0], this.knownIds.get(normId(m[0]))?.kind ?? 'MRN', 1);
    // Digits alone, as read aloud ("record 200001"): a known id's digits, or as long as a known all-digit id.
    for (const m of text.matchAll(/(?<![\p{L}\p{N}_.])\d{5,}(?![\p{N}_])/gu)) {
      const kind = this.knownDigits.get(m[0])?.kind ?? this.digitLengths.get(m[0].length);
      if (kind) hit(m.index!, m[0], kind, 2);
    }
    return hits;
  }

  private dates(text: string): Hit[] {
    const hits: Hit[] = [];
    for (const d of findDates(text)) {
      const seen = text.slice(d.start, d.end);
      const owners = new Set<number>();
      this.people.forEach((p, owner) => {
        if (d.readings.some((r) => readingIs(r, p.birthDate))) owners.add(owner);
      });
      let replacement: (() => string) | null = null;
      if (owners.size === 1) {
        const [owner] = owners;
        replacement = () => this.personToken('DOB', owner!);
      } else if (owners.size > 1 || d.readings.some((r) => !r.startsWith('??') && r < this.oldBefore)) {
        // Two patients born the same day, or a date old enough to be someone's birth date.
        const key = d.readings.length === 1 ? d.readings[0]! : seen.toLowerCase();
        replacement = () => this.token('DATE', `date:${key}`, { text: seen });
      }
      if (replacement) hits.push({ start: d.start, end: d.end, rank: 2, replacement });
    }
    return hits;
  }

  private nameHits(text: string): Hit[] {
    return this.names.find(text).map((h) => {
      const seen = text.slice(h.start, h.end);
      const [only] = h.owners;
      return {
        start: h.start, end: h.end, rank: 3,
        // A name several patients share (a surname) cannot be one person's token; it gets its own.
        replacement: () => h.owners.size === 1 ? this.personToken('PATIENT', only!) : this.token('NAME', `name:${h.key}`, { text: seen }),
      };
    });
  }
}

/** A redactor for one conversation about these people. */
export function createRedactor(identities: readonly WardIdentity[], opts: RedactorOptions = {}): WardRedactor {
  return new WardRedactor(identities, opts);
}
