// Loads the health-education library: one YAML file per condition topic, each checked against the
// file format before anything is used, so a bad edit fails at start-up with the file and field named.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parseDocument } from 'yaml';
import { CONDITIONS, type Condition } from '../../robot/index.js';
import { fieldErrors } from '../schema/field-errors.js';
import { checkLibraryFile } from './library-checks.js';
import { LIBRARY_FILE_SCHEMA, type LibraryFile } from './library-schema.js';
import type { EducationLibrary, Topic } from './types.js';

/** The library shipped with the brain. */
export const SHIPPED_LIBRARY_DIR = fileURLToPath(new URL('./library/', import.meta.url));

/**
 * A library that cannot be used. Each of `problems` reads `<file>: <field path>: <what is wrong>`;
 * the message lists them all, so one run shows every mistake.
 */
export class EducationLibraryError extends Error {
  override readonly name = 'EducationLibraryError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

const validateFile = new Ajv({ allErrors: true, strict: true }).compile<LibraryFile>(LIBRARY_FILE_SCHEMA);

function parseYaml(text: string, fileName: string): { value: unknown } | { problem: string } {
  // Duplicate keys must be an error, not a silent override of the first value.
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
    return { problem: `${fileName}: ${where}invalid YAML: ${first.message.split('\n')[0] ?? ''}` };
  }
  return { value: doc.toJS({ maxAliasCount: 100 }) };
}

function toTopic(file: LibraryFile): Topic {
  return {
    topic: file.topic,
    version: file.version,
    reviewed: { date: file.reviewed.date, by: file.reviewed.by },
    title: file.title,
    sections: file.sections.map((s) => ({ id: s.id, title: s.title, text: s.text })),
    teachBack: file.teach_back.map((q) => ({
      id: q.id,
      section: q.section,
      question: q.question,
      keyPoints: q.key_points.map((p) => ({ id: p.id, en: p.en, 'zh-CN': p['zh-CN'] })),
      pass: q.pass,
    })),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Reads one library file; returns its topic, or the problems found in it. */
function loadFile(dir: string, fileName: string): { topic: Topic } | { problems: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, fileName), 'utf8');
  } catch (err) {
    return { problems: [`${fileName}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`] };
  }
  const parsed = parseYaml(text, fileName);
  if ('problem' in parsed) return { problems: [parsed.problem] };
  if (!validateFile(parsed.value)) {
    return { problems: fieldErrors(validateFile.errors ?? [], '').map((p) => `${fileName}: ${p}`) };
  }
  const problems = checkLibraryFile(parsed.value, fileName).map((p) => `${fileName}: ${p}`);
  return problems.length > 0 ? { problems } : { topic: toTopic(parsed.value) };
}

/** Loads and checks every `<topic>.yaml` in `dir`; throws EducationLibraryError listing all problems. */
export function loadLibrary(dir: string = SHIPPED_LIBRARY_DIR): EducationLibrary {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  } catch (err) {
    throw new EducationLibraryError([`${dir}: cannot read the library folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`]);
  }
  const problems: string[] = [];
  const topics = new Map<Condition, Topic>();
  for (const name of names) {
    if (name.endsWith('.yml')) {
      problems.push(`${name}: library files end in .yaml; rename it`);
      continue;
    }
    const loaded = loadFile(dir, name);
    if ('problems' in loaded) problems.push(...loaded.problems);
    else topics.set(loaded.topic.topic, deepFreeze(loaded.topic));
  }
  for (const condition of CONDITIONS) {
    const fileName = `${condition}.yaml`;
    if (!names.includes(fileName)) problems.push(`${fileName}: missing; every condition needs a topic file (folder ${dir})`);
  }
  if (problems.length > 0) throw new EducationLibraryError(problems);

  const ordered = CONDITIONS.map((c) => topics.get(c)).filter((t): t is Topic => t !== undefined);
  return {
    topic(condition: Condition): Topic {
      const found = topics.get(condition);
      if (!found) throw new Error(`no education topic "${String(condition)}" (topics: ${CONDITIONS.join(', ')})`);
      return found;
    },
    topics: () => ordered,
  };
}
