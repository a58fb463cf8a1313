import path from 'node:path';

/**
 * A map or ward file that cannot be used. The message always reads
 * `<file name>: <field path>: <problem and what to do>` so that whoever edits the YAML
 * can go straight to the offending entry; `file` keeps the full path for tools.
 */
export class MapFileError extends Error {
  override readonly name = 'MapFileError';
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(field ? `${path.basename(file)}: ${field}: ${problem}` : `${path.basename(file)}: ${problem}`);
    this.file = file;
    this.field = field;
  }
}
