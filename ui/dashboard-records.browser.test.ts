// Records and reports on the dashboard, in a real browser against a real brain and simulator: a nurse
// who is also the ward manager signs in; two ward rounds run in the simulator (one hears pain 7 at bed 1,
// the other finds bed 3 empty and fails); the alerts are pinned on the map where they happened and a pin
// shows its alert in the panel; the round's timeline reads as steps; the patient view plots and lists
// the pain; the reports draw their charts from the brain's summary; the audit log is searched and its
// chain checked; a robot's camera frame loads; all of it in Chinese too, with no console errors.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { signIn as apiSignIn, type Brain } from '../brain/index.js';
import type { WireReportSummary } from '../brain/reports/index.js';
import type { Simulation } from '../sim/index.js';
import { signIn, startBrowserRig, type BrowserRig } from './browser-rig.js';

/** A nurse and the ward manager (roles nurse and ward_manager): she may read patients' records and the audit log. */
const MANAGER = 'manager.sun';
const PAIN_PATIENT = 'MRN-100001';
const ABSENT_PATIENT = 'MRN-100003';
const SHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const DOCS_SHOT = fileURLToPath(new URL('../docs/dashboard.png', import.meta.url));

describe('records and reports on the staff dashboard', () => {
  let rig: BrowserRig;
  let brain: Brain;
  let sim: Simulation;
  let page: Page;
  let problems: string[];
  let nurseToken = '';
  let roundId = '';
  let failedRoundId = '';

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${brain.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${nurseToken}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const dispatchRound = async (beds: string[]): Promise<string> => {
    const sent = await api<{ state: { booking: { id: string } } }>('/api/tasks', {
      method: 'POST', body: { type: 'dispatch_task_request', request: { category: 'ward_round', description: { beds } } },
    });
    expect(sent.status).toBe(201);
    return sent.body.state.booking.id;
  };
  const finished = async (id: string): Promise<string> => {
    const deadline = Date.now() + 80_000;
    for (;;) {
      const { body } = await api<{ status: string }>(`/api/tasks/${id}`);
      if (['completed', 'failed', 'canceled'].includes(body.status)) return body.status;
      if (Date.now() > deadline) throw new Error(`task ${id} still ${body.status}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  const shot = (target: Locator, name: string) => target.screenshot({ path: `${SHOTS}${name}.png` });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    rig = await startBrowserRig({ robots: 2, timeScale: 30, tmpPrefix: 'dash-records-', brain: { useSimTime: true } });
    ({ brain, sim } = rig);
    ({ page, problems } = await rig.openPage({ height: 900 }));
    nurseToken = await apiSignIn(brain.url, 'nurse.li');
    // Bed 1's patient says 7 out of 10; bed 3's patient is away from the bed.
    sim.people.script(PAIN_PATIENT, { answers: { 'round:pain': '7' } });
    sim.people.script(ABSENT_PATIENT, { present: false });
    [roundId, failedRoundId] = await Promise.all([dispatchRound(['bed_1', 'bed_2']), dispatchRound(['bed_3'])]);
    expect(await finished(roundId)).toBe('completed');
    expect(await finished(failedRoundId)).toBe('failed');
    // An alert about a robot (no bed) is pinned at the robot. Raised before signing in, so the sign-in's fetch has it.
    brain.wardServices.alerts.raise({ kind: 'robot_fault', severity: 'normal', robot: 'robot_2', text: { en: 'robot_2: bumper pressed', 'zh-CN': 'robot_2：防撞条被压下' } });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('signs the nurse in and pins the rounds’ alerts on the map where they happened; a pin shows its alert', async () => {
    await page.locator('#sign-in-section').waitFor();
    await signIn(page, MANAGER);
    await page.locator('#connection.up').waitFor();

    const painPin = page.locator('.map-pin[data-spot="bed:bed_1"]');
    await painPin.waitFor();
    expect(await painPin.getAttribute('data-severity')).toBe('high');
    expect(await painPin.getAttribute('aria-label')).toMatch(/^High alert at Bed 1: Bed 1: pain 7\/10/);
    await page.locator('.map-pin[data-spot="bed:bed_3"]').waitFor();
    await page.locator('.map-pin[data-spot="robot:robot_2"]').waitFor();
    expect(await page.locator('.map-pin:not([hidden])').count()).toBe(3);

    // The pin sits on the bed's marker: its tip is where the map draws bed 1.
    const alertId = await painPin.getAttribute('data-alert-id');
    await painPin.click();
    const item = page.locator(`.alert[data-alert-id="${alertId}"]`);
    await page.locator(`.alert.is-focused[data-alert-id="${alertId}"]`).waitFor();
    expect(await item.evaluate((node) => node === document.activeElement)).toBe(true);
    await shot(page.locator('.map-panel'), 'dashboard-records-map-pins');

    // By keyboard too: a pin is a button; Enter on it shows its alert.
    const robotPin = page.locator('.map-pin[data-spot="robot:robot_2"]');
    await robotPin.focus();
    await page.keyboard.press('Enter');
    const robotAlert = await robotPin.getAttribute('data-alert-id');
    await page.locator(`.alert.is-focused[data-alert-id="${robotAlert}"]`).waitFor();
  });

  it('shows a round as a timeline of steps with times and durations, failures marked', async () => {
    const row = page.locator(`.task[data-task-id="${roundId}"]`);
    await row.locator('details.task-log > summary').click();
    const steps = row.locator('.tl-step');
    await steps.first().waitFor();
    await row.locator('.tl-step[data-skill="navigate_to_place"] .tl-title', { hasText: /^Going to Bed [12]$/ }).first().waitFor();
    await row.locator('.tl-step[data-skill="ask_question"] .tl-title', { hasText: /Asking 6 question\(s\), 6 answered/ }).first().waitFor();
    await row.locator('.tl-step[data-kind="completed"] .tl-title', { hasText: 'Completed' }).waitFor();
    expect(await row.locator('.tl-step .tl-dur').count()).toBeGreaterThan(3);
    expect(await row.locator('.timeline-strip .strip-seg').count()).toBeGreaterThan(3);
    await row.scrollIntoViewIfNeeded();
    await shot(row, 'dashboard-records-timeline');

    const failed = page.locator(`.task[data-task-id="${failedRoundId}"]`);
    await failed.locator('details.task-log > summary').click();
    await failed.locator('.tl-step.tone-error[data-kind="failed"] .tl-title', { hasText: /^Failed: / }).waitFor();
    await failed.locator('.tl-step.tone-warning[data-kind="absent"]', { hasText: 'Nobody at Bed 3' }).waitFor();
    await failed.locator('.timeline-total', { hasText: /went wrong/ }).waitFor();
  });

  it('opens a patient: the pain answer plotted and listed with the other answers', async () => {
    await page.locator('#records-section').scrollIntoViewIfNeeded();
    await page.locator('#tab-patient[aria-selected="true"]').waitFor();
    await page.locator(`.patient-pick[data-mrn="${PAIN_PATIENT}"]`).click();
    await page.locator(`.patient-head[data-mrn="${PAIN_PATIENT}"] h3`, { hasText: 'Wang Fang' }).waitFor();
    const chart = page.locator('.chart-figure-patient-pain svg.chart');
    await chart.waitFor();
    expect(await chart.locator('circle.pain-point').count()).toBe(1);
    expect(await chart.locator('circle.pain-point').getAttribute('data-value')).toBe('7');
    expect(await chart.getAttribute('aria-label')).toMatch(/1 scores; highest 7; latest 7/);
    const visit = page.locator(`.answers-table tr[data-task-id="${roundId}"]`);
    await expect(visit.locator('td.pain-cell').textContent()).resolves.toBe('7/10');
    await expect(visit.locator('.flags li').textContent()).resolves.toMatch(/pain 7\/10/);
    expect(await visit.locator('td').count()).toBe(8);
    await shot(page.locator('#records-section'), 'dashboard-records-patient');
  });

  it('draws the reports from the brain’s summary: tasks per day, durations, failures, pain', async () => {
    // The tabs go by arrow keys, as tabs do.
    await page.locator('#tab-patient').focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('#tab-reports[aria-selected="true"]').waitFor();
    expect(await page.locator('#tab-reports').evaluate((tab) => tab === document.activeElement)).toBe(true);
    expect(await page.locator('#tabpanel-patient').isHidden()).toBe(true);
    await page.locator('.chart-figure-ward-pain svg.chart').waitFor();
    const summary = (await api<WireReportSummary>('/api/reports/summary?days=7')).body;
    const segments = summary.tasks_per_day.reduce((n, d) => n + Object.values(d.counts).filter((c) => c > 0).length, 0);
    expect(segments).toBeGreaterThan(0);
    expect(await page.locator('.chart-per-day rect.bar-seg').count()).toBe(segments);
    expect(await page.locator('.chart-durations g.box').count()).toBe(summary.durations.length);
    expect(await page.locator('.chart-failures rect.fail-bar').count()).toBe(summary.failures.length);
    expect(summary.failures.map((f) => f.code)).toContain('nothing_done');
    expect(await page.locator('.chart-ward-pain circle.pain-point').count()).toBe(summary.pain.readings.length);
    expect(summary.pain.readings.map((r) => r.value)).toContain(7);
    // Every chart says what it shows, and has its numbers as a table.
    for (const figure of await page.locator('.report-charts .chart-figure').all()) {
      const label = await figure.locator('svg.chart').getAttribute('aria-label');
      expect(label?.length).toBeGreaterThan(20);
      expect(await figure.locator('table.chart-table tbody tr').count()).toBeGreaterThan(0);
    }
    await shot(page.locator('#records-section'), 'dashboard-records-reports');
  });

  it('searches the audit log and shows the chain check', async () => {
    await page.locator('#tab-audit').click();
    await page.locator('.audit-chain.chain-ok', { hasText: 'Chain intact' }).waitFor();
    await page.locator('.audit-table tbody tr').first().waitFor();
    await page.fill('#audit-q', roundId);
    await page.selectOption('#audit-action', 'task.*');
    await page.locator('form.audit-search button[type="submit"]').click();
    await page.locator('.audit-status', { hasText: /entries shown/ }).waitFor();
    const rows = page.locator('.audit-table tbody tr');
    await page.waitForFunction(() => [...document.querySelectorAll('.audit-table tbody tr')].every((r) => r.getAttribute('data-action')?.startsWith('task.')));
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThan(3);
    expect(actions).toContain('task.completed');
    expect(actions.every((a) => a?.startsWith('task.'))).toBe(true);
    expect((await rows.allTextContents()).every((text) => text.includes(roundId))).toBe(true);
    await shot(page.locator('#records-section'), 'dashboard-records-audit');
  });

  it('shows a robot’s camera frame in the robots panel', async () => {
    const robot = page.locator('[data-robot="robot_1"]');
    await robot.locator('details.robot-camera > summary').click();
    const image = robot.locator('img.camera-frame');
    await image.waitFor({ state: 'visible' });
    await page.waitForFunction(() => (document.querySelector('[data-robot="robot_1"] img.camera-frame') as HTMLImageElement | null)?.naturalWidth ?? 0 > 0);
    expect(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([320, 240]);
    await robot.locator('.camera-caption', { hasText: /^Seen at / }).waitFor();
    await robot.locator('button.camera-refresh').click();
    await robot.locator('.camera-caption', { hasText: /^Seen at / }).waitFor();
    await robot.scrollIntoViewIfNeeded();
    await shot(robot, 'dashboard-records-camera');
  });

  it('saves the whole dashboard for the README', async () => {
    await page.locator('#tab-reports').click();
    await page.locator('.chart-per-day').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator('aside').evaluate((aside) => aside.scrollTo(0, 0));
    await page.screenshot({ path: DOCS_SHOT });
    await rig.screenshot(page, 'dashboard-records-full');
  });

  it('says it all in Chinese after the switch', async () => {
    await page.selectOption('#lang', 'zh-CN');
    await page.locator('#tab-reports', { hasText: '病区报表' }).waitFor();
    await page.locator('.chart-figure-per-day figcaption', { hasText: '每日任务数（按类别）' }).waitFor();
    expect(await page.locator('.chart-per-day').getAttribute('aria-label')).toMatch(/^每日任务数柱状图/);
    expect(await page.locator('.map-pin[data-spot="bed:bed_1"]').getAttribute('aria-label')).toMatch(/^1号床的高警报：1号床：疼痛 7\/10/);
    await page.locator('#tab-audit').click();
    await page.locator('.audit-chain.chain-ok', { hasText: '哈希链完整' }).waitFor();
    await page.locator('#tab-patient').click();
    await page.locator('.patient-section h4', { hasText: '查房：疼痛与回答的变化' }).waitFor();
    await page.locator(`.task[data-task-id="${roundId}"] .tl-step[data-kind="completed"] .tl-title`, { hasText: '已完成' }).waitFor();
    await shot(page.locator('#records-section'), 'dashboard-records-patient-zh-CN');
    await page.selectOption('#lang', 'en');
    await page.locator('#tab-reports', { hasText: 'Ward reports' }).waitFor();
  });

  it('keeps patients’ records from an engineer', async () => {
    const { page: other } = await rig.openPage({ height: 900, problems, label: 'engineer' });
    await signIn(other, 'eng.ma');
    await other.locator('#tab-reports[aria-selected="true"]').waitFor();
    await other.locator('#tab-patient').click();
    await other.locator('.patient-not-allowed', { hasText: 'Only nurses, pharmacists and ward managers' }).waitFor();
    expect(await other.locator('.patient-pick').count()).toBe(0);
    await other.close();
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });
});
