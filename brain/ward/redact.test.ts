import { describe, it, expect } from '@jest/globals';
import type { Patient } from '../../robot/index.js';
import { pseudonym, redactPatient, redactText, RedactionError } from './redact.js';

const SECRET = 'ward-7-redaction-secret';
const wang: Patient = {
  recordNumber: 'MRN-100001', name: 'Wang Fang', otherNames: ['王芳'], birthDate: '1948-03-12', language: 'zh-CN',
  conditions: ['diabetes'], allergies: ['penicillin'], wristband: 'WB-100001', bed: 'bed_1',
};
const hughes: Patient = {
  recordNumber: 'MRN-100003', name: 'Margaret Hughes', otherNames: [], birthDate: '1939-06-04', language: 'en',
  conditions: [], allergies: [], wristband: 'WB-777003', bed: null,
};

describe('pseudonym', () => {
  it('is P- and 8 hex digits, stable for a secret, different across patients and secrets', () => {
    const a = pseudonym('MRN-100001', SECRET);
    expect(a).toMatch(/^P-[0-9a-f]{8}$/);
    expect(pseudonym('MRN-100001', SECRET)).toBe(a);
    expect(pseudonym('MRN-100002', SECRET)).not.toBe(a);
    expect(pseudonym('MRN-100001', SECRET + '!')).not.toBe(a);
  });

  it('refuses a short secret and an empty record number', () => {
    expect(() => pseudonym('MRN-1', 'short')).toThrow(RedactionError);
    expect(() => pseudonym('', SECRET)).toThrow('recordNumber: must not be empty');
  });
});

describe('redactPatient', () => {
  it('keeps what care needs and drops every direct identifier', () => {
    const r = redactPatient(wang, SECRET);
    expect(r).toEqual({ token: pseudonym('MRN-100001', SECRET), language: 'zh-CN', conditions: ['diabetes'], allergies: ['penicillin'], bed: 'bed_1' });
    const text = JSON.stringify(r);
    for (const id of ['Wang', '王芳', 'MRN-100001', 'WB-100001', '1948']) expect(text).not.toContain(id);
  });
});

describe('redactText', () => {
  const tw = pseudonym(wang.recordNumber, SECRET);
  const th = pseudonym(hughes.recordNumber, SECRET);

  it('replaces names, other names, record numbers, wristbands and birth dates', () => {
    expect(redactText('Deliver to Wang Fang (MRN-100001), wristband WB-100001, born 1948-03-12.', [wang, hughes], SECRET))
      .toBe(`Deliver to ${tw} (${tw}), wristband ${tw}, born ${tw}.`);
    expect(redactText('患者王芳，出生于1948年3月12日，请核对腕带。', [wang], SECRET)).toBe(`患者${tw}，出生于${tw}，请核对腕带。`);
  });

  it('catches name parts, other spellings of the date and spoken numbers, case-insensitively', () => {
    expect(redactText('mrs hughes says her number is 100003; DOB 04/06/1939, band 777003', [wang, hughes], SECRET))
      .toBe(`mrs ${th} says her number is ${th}; DOB ${th}, band ${th}`);
  });

  it('leaves other words alone, including names inside longer words', () => {
    const text = 'Fangzhou asked about metformin at 10:00 on 1948-03-13.';
    expect(redactText(text, [wang, hughes], SECRET)).toBe(text);
    expect(redactText('no patients', [], SECRET)).toBe('no patients');
  });
});
