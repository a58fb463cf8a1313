import { readFileSync } from 'node:fs';
import { describe, it, expect } from '@jest/globals';
import { buildDashboard } from '../index.js';
import { WORDS } from './words.js';

describe('patient screen bundle', () => {
  it('serves /patient/ with its script and styles from the bundle, and no favicon request', async () => {
    const assets = await buildDashboard();
    const html = assets.get('/patient/')!.body.toString();
    const referenced = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.sort()).toEqual(['/assets/patient.css', '/assets/patient.js']);
    for (const path of referenced) expect(assets.get(path)?.body.length).toBeGreaterThan(1000);
    expect(html).toContain('<link rel="icon" href="data:,">');
    // The socket.io client is bundled, not fetched from anywhere else.
    expect(assets.get('/assets/patient.js')!.body.toString()).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\/[^"']*\.js/);
  });

  it('has a text in both languages for every data-words key in index.html', () => {
    const html = readFileSync(new URL('./index.html', import.meta.url), 'utf8');
    const keys = [...html.matchAll(/data-words="([^"]+)"/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(4);
    expect(keys.filter((k) => !(k in WORDS))).toEqual([]);
  });
});
