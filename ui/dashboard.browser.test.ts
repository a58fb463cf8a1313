// The dashboard as a nurse uses it, in a real browser: the live map and robots, sending a robot from the
// form and watching the task complete, the language switch, and no errors in the console.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import { signIn, startBrowserRig, type BrowserRig } from './browser-rig.js';

describe('staff dashboard in Chromium', () => {
  let rig: BrowserRig;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    rig = await startBrowserRig({ robots: 2, timeScale: 20 });
    ({ page, problems } = await rig.openPage({ height: 900 }));
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('shows the live connection, the map and both robots', async () => {
    await page.locator('#connection.up').waitFor();
    await page.locator('#map canvas').waitFor();
    await page.locator('[data-robot="robot_2"]').waitFor();
    expect(await page.locator('[data-robot]').count()).toBe(2);
    await rig.screenshot(page, 'dashboard-start');
  });

  it('sends a robot to a bed from the form and shows the task through to completed', async () => {
    await signIn(page, 'nurse.li');
    await page.selectOption('#category', 'go_to_place');
    await page.selectOption('#place', 'bed_7');
    await page.locator('form.task-form button[type="submit"]').click();
    await page.locator('#task-form .form-message').filter({ hasText: /task-/ }).waitFor();
    const row = page.locator('[data-task-id]').first();
    await row.locator('.badge', { hasText: /Underway|Completed/ }).waitFor();
    await rig.screenshot(page, 'dashboard-underway');
    await row.locator('.badge', { hasText: 'Completed' }).waitFor({ timeout: 60_000 });
    const id = await row.getAttribute('data-task-id');
    const api = (await (await fetch(`${rig.brain.url}/api/tasks/${id}`)).json()) as { status: string };
    expect(api.status).toBe('completed');
  });

  it('switches to Chinese and remembers it after a reload', async () => {
    await page.selectOption('#lang', 'zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('病区机器人');
    await page.reload();
    await page.locator('#connection.up').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('病区机器人');
    await rig.screenshot(page, 'dashboard-zh-CN');
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
