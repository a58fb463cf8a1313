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

/** The browser apps the brain serves: the staff dashboard, the robot's patient screen, the engineers' simulator view. */
export const UI_APPS = [
  { name: 'dashboard', entry: './dashboard/main.ts', html: './dashboard/index.html', path: '/' },
  { name: 'patient', entry: './patient/main.ts', html: './patient/index.html', path: '/patient/' },
  { name: 'sim', entry: './sim/main.ts', html: './sim/index.html', path: '/sim/' },
] as const;

/**
 * Every file of the browser apps by URL path ('/', '/patient/', '/assets/dashboard.js', ...), ready to
 * serve as is. One esbuild run: code the apps share is bundled into each.
 */
export async function buildDashboard(): Promise<UiAssets> {
  const result = await build({
    entryPoints: Object.fromEntries(UI_APPS.map((a) => [a.name, here(a.entry)])),
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
  for (const app of UI_APPS) assets.set(app.path, { type: CONTENT_TYPES['.html']!, body: await readFile(here(app.html)) });
  return assets;
}
