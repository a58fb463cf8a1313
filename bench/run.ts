// `npm run bench` runs every benchmark; `npm run bench -- NAME` runs the ones whose name contains NAME.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { Benchmark } from './report.js';

const here = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
const benches: Benchmark[] = [];
for (const f of files) benches.push(((await import(pathToFileURL(join(here, f)).href)) as { default: Benchmark }).default);

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length ? benches.filter((b) => wanted.some((w) => b.name.includes(w))) : benches;
if (chosen.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}; there are: ${benches.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
for (const b of chosen) {
  process.stderr.write(`\n# ${b.name}: ${b.about}\n`);
  const t0 = performance.now();
  await b.run();
  process.stderr.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
process.exit(0);
