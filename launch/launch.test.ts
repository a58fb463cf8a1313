// The launch profiles as a user runs them: a real process, real ports chosen by the OS, real shutdown.
import { describe, it, expect } from '@jest/globals';
import { until } from '../test/until.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function launch(script: string, args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe('npm start (the sim profile)', () => {
  it('starts simulator and brain, prints where they are, serves the API, and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-'));
    const run = launch('launch/sim.ts', ['--headless', '--time-scale', '10', '--port', '0', '--rosbridge-port', '0', '--robots', '2', '--db', join(dir, 'w.db')]);
    try {
      await until('the start-up banner', () => /API\s+http:\/\/127\.0\.0\.1:\d+\/api/.test(run.out()));
      const api = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/api/.exec(run.out())![1]!;
      expect(run.out()).toMatch(/rosbridge\s+ws:\/\/127\.0\.0\.1:\d+/);
      let health: { status: string; robots: { online: number } } | null = null;
      for (let i = 0; i < 100 && health?.robots.online !== 2; i++) {
        health = (await (await fetch(`${api}/api/health`)).json()) as { status: string; robots: { online: number } };
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(health).toMatchObject({ status: 'ok', robots: { online: 2 } });
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a broken ward file before anything starts, naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'launch-'));
    const ward = join(dir, 'bad.ward.yaml');
    writeFileSync(ward, 'name: Bad ward\nmap: ../nowhere/none.building.yaml\n');
    const run = launch('launch/sim.ts', ['--ward', ward, '--port', '0', '--rosbridge-port', '0', '--db', join(dir, 'w.db')]);
    try {
      expect(await run.exited).toBe(1);
      expect(run.err()).toMatch(/bad\.ward\.yaml: map: building map not found at .*none\.building\.yaml/);
      expect(run.err()).not.toMatch(/\n\s+at /); // a message, not a stack trace
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('brain alone insists on a rosbridge URL and explains it', async () => {
    const run = launch('launch/brain.ts', []);
    expect(await run.exited).toBe(1);
    expect(run.err()).toMatch(/--rosbridge: is required: the robot's rosbridge server, e\.g\. --rosbridge ws:\/\//);
  }, 30_000);
});
