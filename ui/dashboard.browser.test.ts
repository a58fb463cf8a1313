// The dashboard as a nurse uses it, in a real browser: the live map and robots, sending a robot from the
// form and watching the task complete, the language switch, and no errors in the console.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulation, type Simulation, BUILTIN_WARD_FILE } from '../sim/index.js';
import { demoPassword, demoStaffSecrets, startBrain, type Brain } from '../brain/index.js';
import { loadWard } from '../robot/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const NURSE = { username: 'nurse.li', password: demoPassword('nurse.li') };

describe('staff dashboard in Chromium', () => {
  let dir: string;
  let sim: Simulation;
  let brain: Brain;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'dash-'));
    sim = await startSimulation({ wardFile: BUILTIN_WARD_FILE, robots: 2, timeScale: 20, rosbridgePort: 0, logger: pino({ enabled: false }) });
    brain = await startBrain({ port: 0, dbFile: join(dir, 'w.db'), wardFile: BUILTIN_WARD_FILE, rosbridgeUrl: sim.url, logger: false,
      staffSecrets: demoStaffSecrets(loadWard(BUILTIN_WARD_FILE).people.staff) });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
    await page.goto(`${brain.url}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await brain?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the live connection, the map and both robots', async () => {
    await page.locator('#connection.up').waitFor();
    await page.locator('#map canvas').waitFor();
    await page.locator('[data-robot="robot_2"]').waitFor();
    expect(await page.locator('[data-robot]').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-start.png') });
  });

  it('sends a robot to a bed from the form and shows the task through to completed', async () => {
    await page.fill('#sign-in-username', NURSE.username);
    await page.fill('#sign-in-password', NURSE.password);
    await page.locator('.sign-in-form button[type="submit"]').click();
    await page.selectOption('#category', 'go_to_place');
    await page.selectOption('#place', 'bed_7');
    await page.locator('form.task-form button[type="submit"]').click();
    await page.locator('#task-form .form-message').filter({ hasText: /task-/ }).waitFor();
    const row = page.locator('[data-task-id]').first();
    await row.locator('.badge', { hasText: /Underway|Completed/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-underway.png') });
    await row.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    const id = await row.getAttribute('data-task-id');
    const api = (await (await fetch(`${brain.url}/api/tasks/${id}`)).json()) as { status: string };
    expect(api.status).toBe('completed');
  });

  it('switches to Chinese and remembers it after a reload', async () => {
    await page.selectOption('#lang', 'zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('病区机器人');
    await page.reload();
    await page.locator('#connection.up').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('病区机器人');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-zh-CN.png') });
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
