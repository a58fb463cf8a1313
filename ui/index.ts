// Public surface of ui/: the browser apps, bundled in memory with esbuild when the brain starts.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export type UiAssets = Map<string, { type: string; body: Buffer }>;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Every file of the staff dashboard by URL path ('/', '/assets/dashboard.js', ...), ready to serve as is. */
export async function buildDashboard(): Promise<UiAssets> {
  const result = await build({
    entryPoints: { dashboard: here('./dashboard/main.ts') },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    outdir: '/assets',
    legalComments: 'linked',
    logLevel: 'silent',
  });
  const assets: UiAssets = new Map();
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const ext = name.slice(name.lastIndexOf('.'));
    assets.set(`/assets/${name}`, { type: CONTENT_TYPES[ext] ?? 'text/plain; charset=utf-8', body: Buffer.from(file.contents) });
  }
  assets.set('/', { type: CONTENT_TYPES['.html']!, body: await readFile(here('./dashboard/index.html')) });
  return assets;
}
