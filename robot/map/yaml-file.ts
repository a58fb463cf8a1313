import fs from 'node:fs';
import { parseDocument } from 'yaml';
import { MapFileError } from './errors.js';

/** Reads and parses one YAML file, turning I/O and syntax problems into MapFileErrors. */
export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT'
      ? `file not found at ${file}; check the path`
      : `cannot read ${file} (${code ?? String(err)})`;
    throw new MapFileError(file, '', problem);
  }
  // Duplicate keys must be an error, not a silent override of the first value.
  const doc = parseDocument(text, { uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : '';
    const what = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new MapFileError(file, where, `invalid YAML: ${what}`);
  }
  return doc.toJS({ maxAliasCount: 100 });
}
