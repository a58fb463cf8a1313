// Schedules and custody on the dashboard, in a real browser against a real brain and simulator: the ward
// manager sets up a recurring ward round from the form (a bad time is named under its field), sees it
// listed with its next occurrences, pauses it; a nurse sees the list without the form; and a delivery's
// custody chain fills in live when the pharmacist loads the drawers.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import { signIn, type Brain } from '../brain/index.js';
import { signIn as signInOnPage, startBrowserRig, type BrowserRig } from './browser-rig.js';

const NURSE = { username: 'nurse.li' };

describe('schedules and custody on the staff dashboard', () => {
  let rig: BrowserRig;
  let brain: Brain;
  let page: Page;
  let problems: string[];

  const api = async <T>(path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${brain.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body === undefined ? null : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    rig = await startBrowserRig({ robots: 2, timeScale: 20, tmpPrefix: 'dash-sched-' });
    brain = rig.brain;
    // The brain's refusal of a bad form is a 400 the browser logs itself; that one is expected below.
    ({ page, problems } = await rig.openPage({ height: 1100, ignoreConsole: /status of 400/ }));
    await page.locator('#connection.up').waitFor();
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('hides the schedules until someone signs in', async () => {
    expect(await page.locator('#schedules-section').isHidden()).toBe(true);
  });

  it('names the field when the ward manager sends a bad form, the brain’s refusal included', async () => {
    await signInOnPage(page, 'manager.sun');
    await page.locator('#schedules-section .schedules-status', { hasText: 'No recurring tasks yet.' }).waitFor();
    await page.locator('form.schedule-form button[type="submit"]').click();
    await page.locator('#sched-name-error', { hasText: /Name/ }).waitFor();
    await page.fill('#sched-name', 'Morning and afternoon rounds');
    await page.fill('#sched-times', '08:00, 25:00');
    await page.locator('form.schedule-form button[type="submit"]').click();
    await page.locator('#sched-times-error', { hasText: '“25:00” is not a time of day' }).waitFor();
    // The brain's own check, named by its field: a start date it cannot read.
    await page.fill('#sched-times', '08:00, 16:00');
    await page.locator('#sched-start').evaluate((input: HTMLInputElement) => { input.type = 'text'; input.value = '2025-02-30'; });
    await page.locator('form.schedule-form button[type="submit"]').click();
    await page.locator('#sched-start-error', { hasText: /recurrence\.start_date/ }).waitFor();
  });

  it('creates a schedule from the form and lists it with its recurrence and next occurrences', async () => {
    await page.locator('#sched-start').evaluate((input: HTMLInputElement) => { input.type = 'date'; });
    const start = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.fill('#sched-start', start);
    await page.fill('#sched-every', '2');
    await page.locator('form.schedule-form button[type="submit"]').click();
    await page.locator('form.schedule-form .form-message', { hasText: 'created' }).waitFor();
    const item = page.locator('.schedule', { hasText: 'Morning and afternoon rounds' });
    await item.waitFor();
    await expect(item.locator('.schedule-recurrence').textContent()).resolves.toBe(`every 2 days at 08:00 and 16:00, from ${start}`);
    await expect(item.locator('.schedule-category').textContent()).resolves.toBe('Ward round · whole ward');
    await item.locator('.schedule-occurrences li').nth(2).waitFor();
    const id = await item.getAttribute('data-schedule-id');
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('ward.session') ?? '{}') as { token: string }).token);
    const one = await api<{ upcoming: { unix_millis: number }[] }>(`/api/schedules/${id}?upcoming=1`, token);
    const first = await item.locator('.schedule-occurrences time').first().getAttribute('datetime');
    expect(first).toBe(new Date(one.body.upcoming[0]!.unix_millis).toISOString());
    await rig.screenshot(page, 'dashboard-schedules-manager');
  });

  it('creates a health education schedule for a patient, pauses it and deletes it', async () => {
    await page.fill('#sched-name', 'Diabetes teaching');
    await page.selectOption('#sched-category', 'health_education');
    await page.locator('form.schedule-form button[type="submit"]').click();
    await page.locator('#sched-patient-error', { hasText: /Patient/ }).waitFor();
    const patient = await page.locator('#sched-patient option').nth(1).getAttribute('value');
    await page.selectOption('#sched-patient', patient!);
    await page.fill('#sched-times', '10:30');
    await page.fill('#sched-every', '1');
    await page.locator('form.schedule-form button[type="submit"]').click();
    const item = page.locator('.schedule', { hasText: 'Diabetes teaching' });
    await item.waitFor();
    await expect(item.locator('.schedule-recurrence').textContent()).resolves.toMatch(/^every day at 10:30/);
    await item.locator('button.schedule-disable').click();
    await item.locator('.badge', { hasText: 'Paused' }).waitFor();
    expect(brain.schedules.list().find((s) => s.name === 'Diabetes teaching')?.enabled).toBe(false);
    await item.locator('button.schedule-enable').click();
    await item.locator('.badge', { hasText: 'On' }).waitFor();
    await item.locator('button.schedule-delete').click();
    await item.locator('button.schedule-delete.confirm').click();
    await item.waitFor({ state: 'detached' });
    expect(brain.schedules.list().map((s) => s.name)).toEqual(['Morning and afternoon rounds']);
  });

  it('shows a nurse the list without the form or the buttons', async () => {
    await page.locator('#user .sign-out').click();
    await page.locator('#sign-in-section').waitFor();
    await signInOnPage(page, NURSE.username);
    const item = page.locator('.schedule', { hasText: 'Morning and afternoon rounds' });
    await item.locator('.schedule-occurrences li').first().waitFor();
    expect(await page.locator('form.schedule-form').isHidden()).toBe(true);
    expect(await item.locator('button').count()).toBe(0);
    await page.locator('.schedules-read-only', { hasText: 'Only ward managers' }).waitFor();
    await rig.screenshot(page, 'dashboard-schedules-nurse');
  });

  it('fills a delivery’s custody chain in live when the pharmacist loads the drawers', async () => {
    const nurse = await signIn(brain.url, NURSE.username);
    const pharm = await signIn(brain.url, 'pharm.zhou');
    const sent = await api<{ state: { booking: { id: string } } }>('/api/tasks', nurse, {
      method: 'POST', body: { type: 'dispatch_task_request', request: { category: 'medication_delivery', description: { orders: ['MR-1003'] } } },
    });
    expect(sent.status).toBeLessThan(300);
    const id = sent.body.state.booking.id;
    const row = page.locator(`[data-task-id="${id}"]`);
    const custody = row.locator('details.custody');
    await custody.locator('summary').click();
    await custody.locator('.custody-empty').waitFor();

    const deadline = Date.now() + 60_000;
    while (!(await api<{ waiting: string[] }>(`/api/tasks/${id}/waiting`, pharm)).body.waiting.includes('load')) {
      if (Date.now() > deadline) throw new Error(`task ${id} never waited for load`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const load = await api<{ success: boolean }>(`/api/tasks/${id}/load`, pharm, { method: 'POST', body: {} });
    expect(load.status).toBe(202);

    // The log lines of the load bring the table in without reopening it.
    await custody.locator('tr[data-kind="loaded"]').waitFor();
    const authorized = custody.locator('tr[data-kind="load_authorized"]');
    await expect(authorized.locator('td').nth(1).textContent()).resolves.toContain('Loading authorised');
    await expect(authorized.locator('td').nth(2).textContent()).resolves.toBe('pharm.zhou');
    await expect(custody.locator('tr[data-kind="loaded"] td').nth(4).textContent()).resolves.toBe('MR-1003');
    const wire = await api<{ custody: Record<string, unknown>[] }>(`/api/tasks/${id}/custody`, nurse);
    expect(wire.body.custody[0]).toMatchObject({ seq: expect.any(Number), time_ms: expect.any(Number), order_id: null, drawer: expect.any(Number), kind: 'load_authorized' });
    expect(wire.body.custody[0]).not.toHaveProperty('timeMs');
    await custody.scrollIntoViewIfNeeded();
    await rig.screenshot(page, 'dashboard-custody');
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
