import { readFileSync } from 'node:fs';
import { describe, it, expect } from '@jest/globals';
import { buildDashboard } from './index.js';
import { FAILURE_CODES, PLACE_KINDS } from './dashboard/api-types.js';
import { en } from './dashboard/i18n/en.js';
import { zhCN } from './dashboard/i18n/zh-CN.js';

describe('dashboard bundle', () => {
  it('serves an index.html whose scripts and styles are all in the bundle', async () => {
    const assets = await buildDashboard();
    const html = assets.get('/')!.body.toString();
    const referenced = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(referenced.sort()).toEqual(['/assets/dashboard.css', '/assets/dashboard.js']);
    for (const path of referenced) expect(assets.get(path)?.body.length).toBeGreaterThan(1000);
    expect(assets.get('/assets/dashboard.js')!.type).toMatch(/^text\/javascript/);
    // three.js and the socket.io client are bundled, not fetched from anywhere else.
    const js = assets.get('/assets/dashboard.js')!.body.toString();
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\/[^"']*\.js/);
  });
});

describe('dashboard text', () => {
  it('has the same keys in zh-CN and en, none of them empty', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const dict of [en, zhCN] as Record<string, string>[]) for (const v of Object.values(dict)) expect(v.trim()).not.toBe('');
  });
  it('has every key that index.html asks for', () => {
    const html = readFileSync(new URL('./dashboard/index.html', import.meta.url), 'utf8');
    const keys = [...html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((m) => m[1]!);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !(key in en))).toEqual([]);
  });
  it('names every failure reason, place kind and state the brain can send', () => {
    const needed = [
      ...FAILURE_CODES.map((code) => `reason.${code}`),
      ...PLACE_KINDS.map((kind) => `kind.${kind}`),
      ...['queued', 'underway', 'completed', 'failed', 'canceled'].map((status) => `tstatus.${status}`),
      ...['idle', 'working', 'charging', 'offline', 'error'].map((status) => `rstatus.${status}`),
    ];
    expect(needed.filter((key) => !(key in en))).toEqual([]);
  });
  it('uses the same {placeholders} in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, holes(zhCN[key])]).toEqual([key, holes(en[key])]);
  });
});
