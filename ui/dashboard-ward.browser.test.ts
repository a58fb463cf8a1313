// The ward workflows on the dashboard, in a real browser against a real brain and simulator: a nurse
// signs in, sends a ward round from the form, sees it on the board, sees an alert arrive live and
// acknowledges it; a wrong password and a signed-out session land back on the sign-in panel.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import { demoPassword, type Brain } from '../brain/index.js';
import { startBrowserRig, type BrowserRig } from './browser-rig.js';

const NURSE = { username: 'nurse.li', password: demoPassword('nurse.li') };

describe('ward workflows on the staff dashboard', () => {
  let rig: BrowserRig;
  let brain: Brain;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    rig = await startBrowserRig({ robots: 2, timeScale: 20, tmpPrefix: 'dash-ward-' });
    brain = rig.brain;
    // A refused sign-in is a 401 the browser logs itself; that one is expected below.
    ({ page, problems } = await rig.openPage({ height: 1000, ignoreConsole: /status of 401/ }));
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('refuses a wrong password with the brain’s reason and keeps the sign-in panel', async () => {
    await page.locator('#sign-in-section').waitFor();
    expect(await page.locator('#form-section').isHidden()).toBe(true);
    await page.fill('#sign-in-username', NURSE.username);
    await page.fill('#sign-in-password', 'not-the-password');
    await page.locator('.sign-in-form button[type="submit"]').click();
    await page.locator('.sign-in-form .form-message.error').filter({ hasText: /Not signed in/ }).waitFor();
  });

  it('signs a nurse in and shows her name and role', async () => {
    await page.fill('#sign-in-password', NURSE.password);
    await page.locator('.sign-in-form button[type="submit"]').click();
    await page.locator('#user .user-name', { hasText: 'Li Na' }).waitFor();
    await expect(page.locator('#user .user-roles').textContent()).resolves.toContain('Nurse');
    expect(await page.locator('#sign-in-section').isHidden()).toBe(true);
    await page.locator('#form-section').waitFor();
    await page.locator('#connection.up').waitFor();
  });

  it('sends a ward round of chosen beds from the form and shows it on the board', async () => {
    await page.selectOption('#category', 'ward_round');
    await page.locator('#round-beds').check();
    await page.locator('#round-bed-list input[value="bed_1"]').check();
    await page.locator('#round-bed-list input[value="bed_2"]').check();
    await page.locator('form.task-form button[type="submit"]').click();
    await page.locator('#task-form .form-message').filter({ hasText: /task-/ }).waitFor();
    const row = page.locator('[data-task-id][data-category="ward_round"]').first();
    await row.waitFor();
    await expect(row.locator('.task-head strong').textContent()).resolves.toBe('Ward round');
  });

  it('names the field when the form is sent without a choice', async () => {
    await page.selectOption('#category', 'health_education');
    await page.locator('form.task-form button[type="submit"]').click();
    await page.locator('#patient-error', { hasText: /Patient/ }).waitFor();
  });

  it('shows an alert the moment it is raised, critical first, and acknowledges it with a note', async () => {
    const taskId = await page.locator('[data-task-id][data-category="ward_round"]').first().getAttribute('data-task-id');
    brain.wardServices.alerts.raise({
      kind: 'pain_high', severity: 'high', bed: 'bed_1', taskId,
      text: { en: 'Bed 1: pain 8/10', 'zh-CN': '1号床：疼痛 8/10' },
    });
    const critical = brain.wardServices.alerts.raise({
      kind: 'red_flag', severity: 'critical', bed: 'bed_2', taskId,
      text: { en: 'Bed 2: says they cannot breathe', 'zh-CN': '2号床：说喘不上气' },
    });
    await page.locator('.alert').nth(1).waitFor();
    await expect(page.locator('#alerts-count').textContent()).resolves.toBe('2');
    await expect(page.locator('.alert').first().getAttribute('data-severity')).resolves.toBe('critical');
    // The socket event's snake_case fields reach the page: the task and the time it was raised.
    const raisedAt = await page.evaluate((ms) => new Date(ms).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' }), critical.raisedAtMs);
    const meta = await page.locator(`[data-alert-id="${critical.id}"] .alert-meta`).textContent();
    expect(meta).toContain(`Task ${taskId}`);
    expect(meta).toContain(raisedAt);
    await rig.screenshot(page, 'dashboard-ward-alerts');

    const item = page.locator(`[data-alert-id="${critical.id}"]`);
    await item.locator('.alert-note').fill('on my way');
    await item.locator('button.acknowledge').click();
    await item.waitFor({ state: 'detached' });
    await expect(page.locator('#alerts-count').textContent()).resolves.toBe('1');
    const acknowledged = brain.wardServices.alerts.get(critical.id);
    expect(acknowledged?.acknowledged).toMatchObject({ by: { username: NURSE.username }, note: 'on my way' });
  });

  it('shows the alert text in Chinese after the switch', async () => {
    await page.selectOption('#lang', 'zh-CN');
    await page.locator('.alert .alert-text', { hasText: '1号床：疼痛 8/10' }).waitFor();
    await rig.screenshot(page, 'dashboard-ward-zh-CN');
    await page.selectOption('#lang', 'en');
  });

  it('drops back to the sign-in panel with the reason when the session ends on the server', async () => {
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('ward.session') ?? '{}') as { token?: string }).token);
    expect(typeof token).toBe('string');
    await fetch(`${brain.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    // Picking the ward round fetches the patients for its bed list: the brain answers 401.
    await page.selectOption('#category', 'ward_round');
    await page.locator('#sign-in-section .form-message', { hasText: /signed out/ }).waitFor();
    expect(await page.locator('#user').textContent()).toBe('');
    expect(await page.locator('#form-section').isHidden()).toBe(true);
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
