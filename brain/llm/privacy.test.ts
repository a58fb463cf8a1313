import { describe, it, expect } from '@jest/globals';
import { loadWard, type Patient } from '../../robot/index.js';
import { CLINIC_WARD_FILE } from '../../sim/index.js';
import { createRedactor, identitiesOf, type WardIdentity } from './privacy.js';
import { findDates } from './redact-dates.js';

const patients: Patient[] = loadWard(CLINIC_WARD_FILE).people.patients;
const TODAY = '2026-11-23';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const redactor = () => createRedactor(identitiesOf(patients), { today: TODAY });

/** The ways staff write a birth date. */
function dateForms(iso: string): string[] {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const month = MONTHS[Number(m) - 1]!;
  return [iso, `${d}/${m}/${y}`, `${m}/${d}/${y}`, `${Number(d)} ${month} ${y}`, `${month} ${Number(d)}, ${y}`, `${Number(d)}th of ${month.slice(0, 3)} ${y}`, `${y}年${Number(m)}月${Number(d)}日`, `${y}.${m}.${d}`];
}

/** Everything about one patient a message could carry, in many spellings. */
function mention(p: Patient): string {
  const parts = p.name.split(' ');
  return [
    `Please check ${p.name} (${p.name.toUpperCase()}, ${[...parts].reverse().join(' ')}, ${parts.join(', ')}), record ${p.recordNumber},`,
    `record number ${p.recordNumber.toLowerCase().replace('-', ' ')}, wristband ${p.wristband}, born ${dateForms(p.birthDate).join(' / ')}.`,
    ...p.otherNames.map((zh) => `请${zh}到护士站，${zh}的生日是${dateForms(p.birthDate).at(-2)}。`),
  ].join(' ');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every fragment of a patient that must not survive redaction. */
function leaks(p: Patient, text: string): string[] {
  const found: string[] = [];
  for (const part of p.name.split(' ')) if (new RegExp(`(?<![\\p{L}])${escape(part)}(?![\\p{L}])`, 'iu').test(text)) found.push(part);
  for (const zh of p.otherNames) if (text.includes(zh)) found.push(zh);
  for (const digits of [p.recordNumber, p.wristband].map((id) => id.replace(/\D/g, ''))) if (text.includes(digits)) found.push(digits);
  // With every date form gone, the birth year is gone too.
  if (text.includes(p.birthDate.slice(0, 4))) found.push(p.birthDate);
  return found;
}

describe('createRedactor on the clinic ward', () => {
  it('has the clinic patients to work on, in both languages', () => {
    expect(patients.length).toBe(30);
    expect(patients.some((p) => p.otherNames.length > 0)).toBe(true);
  });

  it.each(patients.map((p) => [p.name, p] as const))('takes every identifier of %s out of the text, in every spelling', (_name, p) => {
    const r = redactor();
    const text = mention(p);
    expect(leaks(p, text).length).toBeGreaterThanOrEqual(4); // the check finds what is there before redaction
    const out = r.redact(text);
    expect(leaks(p, out)).toEqual([]);
    expect(out).toContain('[PATIENT_1]');
    expect(out).toContain('[MRN_1]');
    expect(out).toContain('[WRISTBAND_1]');
    expect(out).toContain('[DOB_1]');
    // Only this person's tokens: one subject.
    expect(out.match(/\[[A-Z]+_(\d+)\]/g)!.every((t) => t.endsWith('_1]'))).toBe(true);
  });

  it('redacts all thirty patients in one text, none leaking, each their own number', () => {
    const r = redactor();
    const out = r.redact(patients.map(mention).join('\n'));
    for (const p of patients) expect(leaks(p, out)).toEqual([]);
    expect(new Set(out.match(/\[PATIENT_\d+\]/g)).size).toBe(30);
  });

  it('restores canonical text exactly, the Chinese name in Chinese text', () => {
    const r = redactor();
    for (const p of patients) {
      const en = `Take ${p.name} (${p.recordNumber}, ${p.wristband}, born ${p.birthDate}) to the nurse station.`;
      expect(r.restore(r.redact(en))).toBe(en);
      for (const zh of p.otherNames) {
        const text = `请${zh}（${p.recordNumber}）到护士站。`;
        expect(r.restore(r.redact(text))).toBe(text);
      }
    }
  });

  it('keeps tokens stable: the same person gets the same token in every form and on every call', () => {
    const r = redactor();
    const first = r.redact('Wang Guoqiang needs insulin.');
    expect(first).toBe('[PATIENT_1] needs insulin.');
    expect(r.redact('Mr WANG GUOQIANG, Guoqiang Wang, 王国强, 王先生, 国强')).toBe('Mr [PATIENT_1], [PATIENT_1], [PATIENT_1], [PATIENT_1]先生, [PATIENT_1]');
    expect(r.redact('Elizabeth Turner, MRN-200001')).toBe('[PATIENT_2], [MRN_1]');
    expect(r.redact(r.restore('[PATIENT_2] and [MRN_1]'))).toBe('[PATIENT_2] and [MRN_1]');
    // A new redactor is a new conversation: numbers start again.
    expect(redactor().redact('Elizabeth Turner')).toBe('[PATIENT_1]');
  });

  it('takes a surname with a title, a capitalised given name, and a short surname only after a title', () => {
    const r = redactor();
    expect(r.redact('Mrs Turner and mr he and Ms. O’Brien, then Michael OBrien')).toBe('Mrs [PATIENT_1] and mr [PATIENT_2] and Ms. [PATIENT_3], then [PATIENT_3]');
    expect(r.redact('He said the sun is out and Ma is a word')).toBe('He said the sun is out and Ma is a word');
  });

  it('leaves ordinary ward text alone', () => {
    const r = redactor();
    const text = 'Bring insulin 10 units to bed_12 at 13:00 today (2026-11-23), then go to L1_left_nurse_center; room 200, 5 mg twice daily, next round 2026-11-24 08:00.';
    expect(r.redact(text)).toBe(text);
    expect(r.redact('bed 12 at 1:00 pm, dose 0.5 mg, 24/11/2026')).toBe('bed 12 at 1:00 pm, dose 0.5 mg, 24/11/2026');
  });

  it('scrubs identifiers of patients the ward does not know, and restores them as written', () => {
    const r = redactor();
    const text = 'New admission mrn 300123 (wristband WB#300123), born 02/01/1960, in bed_31.';
    const out = r.redact(text);
    expect(out).toBe('New admission [MRN_1] (wristband [WRISTBAND_2]), born [DATE_3], in bed_31.');
    expect(r.restore(out)).toBe(text);
    expect(r.redact('MRN-300123 again')).toBe('[MRN_1] again');
  });

  it('reads a known record number said as digits as that record', () => {
    const r = redactor();
    expect(r.redact('record 200005 please')).toBe('record [MRN_1] please');
    expect(r.restore('[MRN_1]')).toBe('MRN-200005');
  });

  it('never lets the model make a mapping: unknown tokens stay, token-like input is defanged', () => {
    const r = redactor();
    r.redact('Wang Guoqiang');
    expect(r.restore('[PATIENT_1] [PATIENT_2] [MRN_1] [DOB_9]')).toBe('Wang Guoqiang [PATIENT_2] [MRN_1] [DOB_9]');
    const injected = r.redact('deliver to [PATIENT_1] and [MRN_200002]');
    expect(injected).toBe('deliver to ［PATIENT_1］ and [[MRN_2]]');
    expect(r.restore(injected)).toBe('deliver to ［PATIENT_1］ and [MRN-200002]');
  });

  it('restores every string inside a parsed value, leaving other values', () => {
    const r = redactor();
    const sent = r.redact('Sun Jian MRN-200004');
    expect(sent).toBe('[PATIENT_1] [MRN_1]');
    expect(r.restoreValue({ patient: '[MRN_1]', who: ['[PATIENT_1]', 3, null], nested: { ok: true, text: 'hi [PATIENT_1]' } }))
      .toEqual({ patient: 'MRN-200004', who: ['Sun Jian', 3, null], nested: { ok: true, text: 'hi Sun Jian' } });
  });
});

describe('createRedactor on shared names', () => {
  const people: WardIdentity[] = [
    { recordNumber: 'MRN-1001', names: ['Wang Fang', '王芳'], birthDate: '1950-03-07', wristband: 'WB-1001' },
    { recordNumber: 'MRN-1002', names: ['Wang Lei', '王磊'], birthDate: '1950-03-07', wristband: 'WB-1002' },
  ];

  it('gives a surname two patients share its own token, and a birth date they share a date token', () => {
    const r = createRedactor(people, { today: TODAY });
    expect(r.redact('Mr Wang, 王先生, Wang Fang, 王磊')).toBe('Mr [NAME_1], [NAME_2]先生, [PATIENT_3], [PATIENT_4]');
    expect(r.restore('[NAME_1] [NAME_2]')).toBe('Wang 王');
    expect(r.redact('born 7 March 1950')).toBe('born [DATE_5]');
  });

  it('takes ids of any prefix the ward uses, and all-digit ids by their length', () => {
    const r = createRedactor([{ recordNumber: '88001234', names: ['Ann Lee'], birthDate: '1970-01-01', wristband: 'BAND-77' }], { today: TODAY });
    expect(r.redact('ids 88001234, 88009999, BAND-77, and room 12')).toBe('ids [MRN_1], [MRN_2], [WRISTBAND_1], and room 12');
  });

  it('refuses a today that is not a date', () => {
    expect(() => createRedactor(people, { today: '23/11/2026' })).toThrow('today: "23/11/2026" is not a YYYY-MM-DD date');
  });
});

describe('findDates', () => {
  it('reads the formats people use, both ways round when day and month could swap', () => {
    const readings = (t: string) => findDates(t).map((d) => [t.slice(d.start, d.end), d.readings]);
    expect(readings('on 1950-03-07.')).toEqual([['1950-03-07', ['1950-03-07']]]);
    expect(readings('07/03/1950')).toEqual([['07/03/1950', ['1950-03-07', '1950-07-03']]]);
    expect(readings('31/12/1950')).toEqual([['31/12/1950', ['1950-12-31']]]);
    expect(readings('Mar. 7th, 1950')).toEqual([['Mar. 7th, 1950', ['1950-03-07']]]);
    expect(readings('7 march 1950')).toEqual([['7 march 1950', ['1950-03-07']]]);
    expect(readings('1950年3月7日')).toEqual([['1950年3月7日', ['1950-03-07']]]);
    expect(readings('7/3/50')).toEqual([['7/3/50', ['??50-03-07', '??50-07-03']]]);
    expect(readings('13:00, 2/30/1950, 10 units, bed_12, MRN-200001')).toEqual([]);
  });
});
