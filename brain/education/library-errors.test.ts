import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { EducationLibraryError, loadLibrary, SHIPPED_LIBRARY_DIR } from './index.js';

// Each test copies the shipped library into a temp folder, breaks one file, and expects the problem
// to be reported with the file and the field path.
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'education-library-'));
  for (const name of fs.readdirSync(SHIPPED_LIBRARY_DIR)) fs.copyFileSync(path.join(SHIPPED_LIBRARY_DIR, name), path.join(dir, name));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// Free-form access to the parsed YAML, so each test can break exactly one field.
type Doc = Record<string, any>;

function edit(topic: string, change: (doc: Doc) => void): void {
  const file = path.join(dir, `${topic}.yaml`);
  const doc = parse(fs.readFileSync(file, 'utf8')) as Doc;
  change(doc);
  fs.writeFileSync(file, stringify(doc));
}

function problemsOf(): string[] {
  try {
    loadLibrary(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(EducationLibraryError);
    return [...(err as EducationLibraryError).problems];
  }
  throw new Error('expected the library to be refused');
}

describe('loadLibrary refuses a broken library and names the file and field', () => {
  it('loads the untouched copy', () => {
    expect(loadLibrary(dir).topics()).toHaveLength(7);
  });

  it('an empty Chinese text', () => {
    edit('hypertension', (d) => { d.sections[2].text['zh-CN'] = '   '; });
    expect(problemsOf()).toEqual(['hypertension.yaml: sections[2].text.zh-CN: must be non-empty']);
  });

  it('a missing language', () => {
    edit('diabetes', (d) => { delete d.teach_back[1].question.en; });
    expect(problemsOf()).toEqual(['diabetes.yaml: teach_back[1].question.en: is required']);
  });

  it('text in the wrong language', () => {
    edit('heart_failure', (d) => { d.title['zh-CN'] = 'Heart failure'; d.sections[0].title.en = '什么是心衰'; });
    expect(problemsOf()).toEqual([
      'heart_failure.yaml: title.zh-CN: must be written in Chinese',
      'heart_failure.yaml: sections[0].title.en: must be written in English',
    ]);
  });

  it('every schema problem at once (allErrors), with unknown fields and wrong types named', () => {
    edit('inhaler_use', (d) => { d.version = 2; d.sections[1].colour = 'blue'; d.teach_back[0].pass = 'three'; });
    expect(problemsOf()).toEqual(expect.arrayContaining([
      'inhaler_use.yaml: version: must be string',
      'inhaler_use.yaml: sections[1].colour: is not a known field',
      'inhaler_use.yaml: teach_back[0].pass: must be integer',
    ]));
  });

  it('a teach-back question pointing at a section that does not exist', () => {
    edit('post_operative', (d) => { d.teach_back[0].section = 'wound'; });
    expect(problemsOf()).toEqual([
      'post_operative.yaml: teach_back[0].section: no section "wound" in this file (sections: pain, breathing_and_moving, wound_care, when_to_call)',
    ]);
  });

  it('a pass mark above the number of key points', () => {
    edit('diabetes', (d) => { d.teach_back[1].pass = 3; });
    expect(problemsOf()).toEqual(['diabetes.yaml: teach_back[1].pass: must be at most 2, the number of key points']);
  });

  it('duplicate ids of sections, questions and key points', () => {
    edit('fall_prevention', (d) => {
      d.sections[3].id = 'ask_for_help';
      d.teach_back[1].section = 'ask_for_help';
      d.teach_back[1].id = 'before_getting_up';
      d.teach_back[0].key_points[2].id = 'sit_first';
    });
    expect(problemsOf()).toEqual([
      'fall_prevention.yaml: sections[3].id: duplicate id "ask_for_help" (also sections[1])',
      'fall_prevention.yaml: teach_back[1].id: duplicate id "before_getting_up" (also teach_back[0])',
      'fall_prevention.yaml: teach_back[0].key_points[2].id: duplicate id "sit_first" (also teach_back[0].key_points[1])',
    ]);
  });

  it('a topic in a file of another name, and the condition left without a file', () => {
    fs.renameSync(path.join(dir, 'insulin_use.yaml'), path.join(dir, 'insulin.yaml'));
    const problems = problemsOf();
    expect(problems).toContain('insulin.yaml: topic: "insulin_use" must be in a file named insulin_use.yaml');
    expect(problems).toContainEqual(expect.stringMatching(/^insulin_use\.yaml: missing; every condition needs a topic file/));
  });

  it('a topic that is not a condition', () => {
    edit('diabetes', (d) => { d.topic = 'gout'; });
    expect(problemsOf()[0]).toMatch(/^diabetes\.yaml: topic: must be one of "diabetes", "hypertension"/);
  });

  it('keywords not in normal form, or counting for two key points', () => {
    edit('hypertension', (d) => {
      d.teach_back[0].key_points[0].en[0] = 'Severe Headache!';
      d.teach_back[0].key_points[1]['zh-CN'].push('胸痛很高');
    });
    expect(problemsOf()).toEqual([
      'hypertension.yaml: teach_back[0].key_points[0].en[0]: write "Severe Headache!" as "severe headache" (lower case, no punctuation)',
      'hypertension.yaml: teach_back[0].key_points[0].zh-CN[2]: "胸痛" also matches "胸痛很高" of key point "very_high_reading"; one phrase would count twice',
    ]);
  });

  it('a section too long to say in one go', () => {
    edit('diabetes', (d) => { d.sections[0].text.en = 'Eat well. '.repeat(60); });
    expect(problemsOf()).toEqual(['diabetes.yaml: sections[0].text.en: takes about 48 s to say; keep it under 40 s (split the section)']);
  });

  it('an impossible review date and a version that is not semver', () => {
    edit('hypertension', (d) => { d.reviewed.date = '2025-02-30'; });
    edit('diabetes', (d) => { d.version = 'v1'; });
    expect(problemsOf()).toEqual([
      expect.stringMatching(/^diabetes\.yaml: version: must match pattern/),
      'hypertension.yaml: reviewed.date: "2025-02-30" is not a real calendar date',
    ]);
  });

  it('YAML that does not parse, or repeats a key, with the line', () => {
    fs.writeFileSync(path.join(dir, 'diabetes.yaml'), 'topic: diabetes\ntitle: [unclosed\n');
    fs.writeFileSync(path.join(dir, 'hypertension.yaml'), 'topic: hypertension\ntopic: diabetes\n');
    const problems = problemsOf();
    expect(problems[0]).toMatch(/^diabetes\.yaml: line \d+, column \d+: invalid YAML/);
    expect(problems[1]).toMatch(/^hypertension\.yaml: line 2, column 1: invalid YAML: .*unique/i);
  });

  it('a .yml file, and a folder that does not exist', () => {
    fs.copyFileSync(path.join(dir, 'diabetes.yaml'), path.join(dir, 'extra.yml'));
    expect(problemsOf()).toEqual(['extra.yml: library files end in .yaml; rename it']);
    expect(() => loadLibrary(path.join(dir, 'nowhere'))).toThrow(/nowhere: cannot read the library folder \(ENOENT\)/);
  });
});
