import { readFileSync } from 'node:fs';

/** The project's version, from the root package.json. */
export const BRAIN_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
