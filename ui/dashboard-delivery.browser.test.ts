// A medication delivery from the dashboard, end to end, in a real browser against a real brain and
// simulator: a nurse picks one active order in the form and sends it; a pharmacist, signed in in a
// second browser context, loads the drawers from the task's row; a simulated nurse signs in at the robot
// by the bed, the drawer opens once there, the custody chain shows the hand-over and the order is completed.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startSimulation, type Simulation, BUILTIN_WARD_FILE } from '../sim/index.js';
import { DEMO_PIN, demoPassword, demoStaffSecrets, signIn, startBrain, type Brain } from '../brain/index.js';
import { loadWard } from '../robot/index.js';
import { until } from '../test/until.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const NURSE = { username: 'nurse.li', password: demoPassword('nurse.li') };
const PHARMACIST = { username: 'pharm.zhou', password: demoPassword('pharm.zhou') };
const WARD = loadWard(BUILTIN_WARD_FILE);
/** An active, non-controlled order of the built-in ward, and its patient's bed. */
const ORDER = 'MR-1003';

describe('a medication delivery from the staff dashboard', () => {
  let dir: string;
  let sim: Simulation;
  let brain: Brain;
  let browser: Browser;
  let nurseContext: BrowserContext;
  let pharmContext: BrowserContext;
  let nursePage: Page;
  let pharmPage: Page;
  let taskId = '';
  const problems: string[] = [];

  const watch = (page: Page, who: string): void => {
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${who} console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`${who} page: ${e.message}`));
  };

  async function signInAs(page: Page, who: { username: string; password: string }, name: string): Promise<void> {
    await page.goto(`${brain.url}/`);
    await page.locator('#sign-in-section').waitFor();
    await page.fill('#sign-in-username', who.username);
    await page.fill('#sign-in-password', who.password);
    await page.locator('.sign-in-form button[type="submit"]').click();
    await page.locator('#user .user-name', { hasText: name }).waitFor();
    await page.locator('#connection.up').waitFor();
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'dash-delivery-'));
    const badge = WARD.people.staff.find((s) => s.username === 'nurse.evans')?.badge;
    if (!badge) throw new Error('nurse.evans has no badge in the built-in ward file');
    sim = await startSimulation({
      wardFile: BUILTIN_WARD_FILE, robots: 1, timeScale: 30, rosbridgePort: 0, logger: pino({ enabled: false }),
      defaultResponder: { badge, pin: DEMO_PIN, afterS: 5 },
    });
    brain = await startBrain({
      port: 0, dbFile: join(dir, 'w.db'), wardFile: BUILTIN_WARD_FILE, rosbridgeUrl: sim.url, logger: false,
      useSimTime: true, staffSecrets: demoStaffSecrets(WARD.people.staff),
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'],
    });
    // Two contexts: each its own sessionStorage, so two people are signed in at once.
    nurseContext = await browser.newContext({ viewport: { width: 1400, height: 1100 }, locale: 'en-GB' });
    pharmContext = await browser.newContext({ viewport: { width: 1400, height: 1100 }, locale: 'en-GB' });
    nursePage = await nurseContext.newPage();
    pharmPage = await pharmContext.newPage();
    watch(nursePage, 'nurse');
    watch(pharmPage, 'pharmacist');
  });

  afterAll(async () => {
    await browser?.close();
    await brain?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a nurse pick an active order in the form and send the delivery', async () => {
    await signInAs(nursePage, NURSE, 'Li Na');
    await nursePage.selectOption('#category', 'medication_delivery');
    const box = nursePage.locator(`#delivery-orders input[name="orders"][value="${ORDER}"]`);
    await box.waitFor();
    // Only active orders are offered: the on-hold and completed ones of the ward file are not.
    expect(await nursePage.locator('#delivery-orders input[value="MR-1005"]').count()).toBe(0);
    expect(await nursePage.locator('#delivery-orders input[value="MR-1007"]').count()).toBe(0);
    await box.check();
    await nursePage.locator('form.task-form button[type="submit"]').click();
    const sent = nursePage.locator('form.task-form .form-message', { hasText: 'created' });
    await sent.waitFor();
    taskId = /Task (\S+) created/.exec((await sent.textContent()) ?? '')?.[1] ?? '';
    expect(taskId).not.toBe('');
    const row = nursePage.locator(`.task[data-task-id="${taskId}"]`);
    await row.locator('.badge.status-underway', { hasText: 'Underway' }).waitFor();
    expect(await row.getAttribute('data-category')).toBe('medication_delivery');
  });

  it('lets a pharmacist in another browser load the drawers from the task when it waits for them', async () => {
    await signInAs(pharmPage, PHARMACIST, 'Zhou Min');
    const row = pharmPage.locator(`.task[data-task-id="${taskId}"]`);
    await row.waitFor();
    // The row opens its log itself while the task waits for staff; the button is there.
    const load = row.locator('button.staff-load', { hasText: 'Load drawers' });
    await load.waitFor({ timeout: 45_000 });
    await row.locator('.task-waiting', { hasText: 'Waiting at the pharmacy' }).waitFor();
    await load.click();
    await row.locator('.staff-actions [role="status"]', { hasText: 'Drawers loaded; the robot is on its way.' }).waitFor();
    expect(await row.locator('.staff-actions .error').count()).toBe(0);
  });

  it('completes at the bed: custody handed over, the order completed, the drawer unlocked once there', async () => {
    const row = nursePage.locator(`.task[data-task-id="${taskId}"]`);
    await row.locator('.badge.status-completed', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });

    const custody = row.locator('details.custody');
    await custody.locator('summary').click();
    const handed = custody.locator('tr[data-kind="handed_over"]');
    await handed.waitFor();
    await expect(handed.locator('td').nth(1).textContent()).resolves.toContain('Handed over');
    await custody.scrollIntoViewIfNeeded();
    await nursePage.screenshot({ path: join(ARTIFACTS, 'dashboard-delivery.png') });

    const token = await signIn(brain.url, NURSE.username);
    const res = await fetch(`${brain.url}/api/orders`, { headers: { authorization: `Bearer ${token}` } });
    const { orders } = (await res.json()) as { orders: { id: string; status: string }[] };
    expect(orders.find((o) => o.id === ORDER)?.status).toBe('completed');
    expect(brain.wardServices.records.order(ORDER)?.status).toBe('completed');

    const task = await brain.tasks.get(taskId);
    const robot = task?.assigned_to?.name;
    expect(robot).toBeDefined();
    const patient = WARD.people.patients.find((p) => p.recordNumber === brain.wardServices.records.order(ORDER)!.patient)!;
    await until('the drawer locked again', () => sim.robotRecords(robot!).actuations.some((a) => a.command === 'LOCK' && a.place === patient.bed), 10_000);
    const unlocks = sim.robotRecords(robot!).actuations.filter((a) => a.command === 'UNLOCK');
    // Exactly one opening at the bed; the only other one is the pharmacist's loading at the pharmacy.
    expect(unlocks.filter((a) => a.place === patient.bed)).toHaveLength(1);
    expect(unlocks.filter((a) => a.place !== patient.bed).map((a) => a.place)).toEqual(['pharmacy']);
  });

  it('logged no errors in either browser console', () => {
    expect(problems).toEqual([]);
  });
});
