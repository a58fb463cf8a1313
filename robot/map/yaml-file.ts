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
  // Building maps carry a few thousand lines of aliases-free YAML; the default
  // alias limit is irrelevant, but duplicate keys must be an error, not a silent override.
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}` : 'YAML';
    throw new MapFileError(file, where, `invalid YAML: ${first.message.split('\n')[0]}`);
  }
  return doc.toJS({ maxAliasCount: 100 });
}
