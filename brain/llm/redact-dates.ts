// Finds calendar dates in free text, however staff write or say them, and reads them as ISO dates, so the
// redactor can compare them with the ward's birth dates in one place instead of listing every spelling.
// Formats read (case-insensitive, English month names full or abbreviated):
//   1950-03-07  1950/3/7  1950.03.07          year first
//   07/03/1950  7.3.1950  03-07-50            day and month either way round (both readings kept)
//   7 March 1950  7th of March, 1950  March 7 1950  Mar. 7th, 1950
//   1950年3月7日  1950年03月07号  1950 年 3 月 7 日
// Times ("13:00"), durations, doses and place names have no year-and-month shape and are never read as dates.

export interface FoundDate {
  start: number;
  end: number;
  /**
   * The valid calendar readings of the text as `YYYY-MM-DD`; two when day and month could be swapped.
   * A two-digit year gives `??YY-MM-DD`: its century is unknown.
   */
  readings: string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
// Longest first, so "sept" is tried before "sep" and "march" before "mar".
const MONTH_WORDS = [...MONTHS, ...MONTHS.map((m) => m.slice(0, 3)), 'sept'].sort((a, b) => b.length - a.length);
const MONTH = `(${MONTH_WORDS.join('|')})\\.?`;
const ORD = '(?:st|nd|rd|th)?';

function monthNumber(word: string): number {
  const w = word.toLowerCase();
  return w === 'sept' ? 9 : MONTHS.findIndex((m) => m.startsWith(w)) + 1;
}

const pad = (n: number) => String(n).padStart(2, '0');

function daysIn(year: number | null, month: number): number {
  // Unknown century: allow 29 February, which some century makes real.
  if (year === null) return [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function reading(yearText: string, month: number, day: number): string | null {
  const year = yearText.length === 4 ? Number(yearText) : null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const y = year === null ? `??${yearText}` : yearText;
  return `${y}-${pad(month)}-${pad(day)}`;
}

type Reader = (m: RegExpExecArray) => Array<string | null>;

// Digits must not run on into more digits or letters ("bed_12", "MRN-200001" and "x1950-03-07y" are not dates).
const NB = '(?<![\\p{L}\\p{N}])';
const NA = '(?![\\p{L}\\p{N}])';

const FORMATS: Array<[RegExp, Reader]> = [
  [new RegExp(`${NB}(\\d{4})([-/.])(\\d{1,2})\\2(\\d{1,2})${NA}`, 'giu'), (m) => [reading(m[1]!, Number(m[3]), Number(m[4]))]],
  [
    new RegExp(`${NB}(\\d{1,2})([-/.])(\\d{1,2})\\2(\\d{4}|\\d{2})${NA}`, 'giu'),
    (m) => [reading(m[4]!, Number(m[3]), Number(m[1])), reading(m[4]!, Number(m[1]), Number(m[3]))],
  ],
  [/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/gu, (m) => [reading(m[1]!, Number(m[2]), Number(m[3]))]],
  [
    new RegExp(`${NB}(\\d{1,2})${ORD}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})${NA}`, 'giu'),
    (m) => [reading(m[3]!, monthNumber(m[2]!), Number(m[1]))],
  ],
  [
    new RegExp(`${NB}${MONTH}\\s+(\\d{1,2})${ORD},?\\s+(\\d{4})${NA}`, 'giu'),
    (m) => [reading(m[3]!, monthNumber(m[1]!), Number(m[2]))],
  ],
];

/** Every date in `text` with at least one valid reading, in no particular order (spans may overlap). */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  for (const [re, read] of FORMATS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const readings = [...new Set(read(m).filter((r): r is string => r !== null))];
      if (readings.length > 0) found.push({ start: m.index, end: m.index + m[0].length, readings });
    }
  }
  return found;
}

/** Whether a reading is the given ISO date: exactly, or by its last two year digits when the century is unknown. */
export function readingIs(reading: string, iso: string): boolean {
  return reading.startsWith('??') ? reading.slice(2) === iso.slice(2) : reading === iso;
}
