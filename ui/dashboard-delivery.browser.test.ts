// A medication delivery from the dashboard, end to end, in a real browser against a real brain and
// simulator: a nurse picks one active order in the form and sends it; a pharmacist, signed in in a
// second browser context, loads the drawers from the task's row; a simulated nurse signs in at the robot
// by the bed, the drawer opens once there, the custody chain shows the hand-over and the order is completed.
// Meanwhile the nurse's map shows the robot at the pharmacy, then at the patient's bed.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import { type Simulation, BUILTIN_WARD_FILE } from '../sim/index.js';
import { DEMO_PIN, signIn, type Brain } from '../brain/index.js';
import { loadWard } from '../robot/index.js';
import { until } from '../test/until.js';
import { signIn as signInOnPage, startBrowserRig, type BrowserRig } from './browser-rig.js';

const NURSE = { username: 'nurse.li' };
const PHARMACIST = { username: 'pharm.zhou' };
const WARD = loadWard(BUILTIN_WARD_FILE);
/** An active, non-controlled order of the built-in ward, and its patient's bed. */
const ORDER = 'MR-1003';

describe('a medication delivery from the staff dashboard', () => {
  let rig: BrowserRig;
  let sim: Simulation;
  let brain: Brain;
  let nursePage: Page;
  let pharmPage: Page;
  let taskId = '';
  const problems: string[] = [];

  async function signInAs(page: Page, username: string): Promise<void> {
    await page.goto(`${brain.url}/`);
    await page.locator('#sign-in-section').waitFor();
    await signInOnPage(page, username);
    await page.locator('#connection.up').waitFor();
  }

  beforeAll(async () => {
    const badge = WARD.people.staff.find((s) => s.username === 'nurse.evans')?.badge;
    if (!badge) throw new Error('nurse.evans has no badge in the built-in ward file');
    rig = await startBrowserRig({
      robots: 1, timeScale: 30, tmpPrefix: 'dash-delivery-',
      sim: { defaultResponder: { badge, pin: DEMO_PIN, afterS: 5 } },
      brain: { useSimTime: true },
    });
    ({ sim, brain } = rig);
    // Two pages, each in its own browser context and so its own sessionStorage: two people are signed in at once.
    ({ page: nursePage } = await rig.openPage({ goto: false, label: 'nurse', problems }));
    ({ page: pharmPage } = await rig.openPage({ goto: false, label: 'pharmacist', problems }));
  });

  afterAll(async () => {
    await rig?.close();
  });

  /** Records every place the map's robot labels name, in order, as the nurse's page draws them. */
  async function watchMapPlaces(page: Page): Promise<void> {
    await page.locator('.map-label--robot[data-map-robot]').first().waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { mapPlaces: string[] }).mapPlaces = seen;
      const note = (el: Element) => {
        const place = `${el.getAttribute('data-map-robot')}@${el.getAttribute('data-place') ?? ''}`;
        if (seen[seen.length - 1] !== place) seen.push(place);
      };
      document.querySelectorAll('.map-label--robot[data-map-robot]').forEach(note);
      new MutationObserver((changes) => changes.forEach((c) => note(c.target as Element)))
        .observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-place'] });
    });
  }
  const mapPlaces = (page: Page) => page.evaluate(() => (window as unknown as { mapPlaces: string[] }).mapPlaces);

  it('lets a nurse pick an active order in the form and send the delivery', async () => {
    await signInAs(nursePage, NURSE.username);
    await watchMapPlaces(nursePage);
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

  it('lets a pharmacist in another browser find the hand-off in the inbox and load the drawers from the task', async () => {
    await signInAs(pharmPage, PHARMACIST.username);
    const row = pharmPage.locator(`.task[data-task-id="${taskId}"]`);
    await row.waitFor();
    // The row opens its log itself while the task waits for staff; the button is there.
    const load = row.locator('button.staff-load', { hasText: 'Load drawers' });
    await load.waitFor({ timeout: 45_000 });
    await row.locator('.task-waiting', { hasText: 'Waiting at the pharmacy' }).waitFor();
    // The inbox names the hand-off waiting at the robot, and opens the task at its button.
    const handOff = pharmPage.locator(`#approvals .handoff[data-task-id="${taskId}"]`);
    await handOff.waitFor();
    await expect(handOff.textContent()).resolves.toContain('Waiting at the pharmacy');
    await rig.screenshot(pharmPage, 'dashboard-handoff-inbox');
    await handOff.locator('button.handoff-open').click();
    // Focus lands in the task's staff actions: on Load, or on the witness's username first while the page
    // cannot yet tell the order is not a controlled drug (its orders still loading).
    await expect(pharmPage.evaluate(() => document.activeElement?.closest(`.staff-actions`) !== null
      && ['staff-load', 'witness-username'].includes(document.activeElement?.className ?? ''))).resolves.toBe(true);
    await load.click();
    await row.locator('.staff-actions [role="status"]', { hasText: 'Drawers loaded; the robot is on its way.' }).waitFor();
    expect(await row.locator('.staff-actions .error').count()).toBe(0);
    await handOff.waitFor({ state: 'detached' });
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
    await rig.screenshot(nursePage, 'dashboard-delivery');

    const token = await signIn(brain.url, NURSE.username);
    const res = await fetch(`${brain.url}/api/orders`, { headers: { authorization: `Bearer ${token}` } });
    const { orders } = (await res.json()) as { orders: { id: string; status: string }[] };
    expect(orders.find((o) => o.id === ORDER)?.status).toBe('completed');
    expect(brain.wardServices.records.order(ORDER)?.status).toBe('completed');

    const task = await brain.tasks.get(taskId);
    const robot = task?.assigned_to?.name;
    expect(robot).toBeDefined();
    const patient = WARD.people.patients.find((p) => p.recordNumber === brain.wardServices.records.order(ORDER)!.patient)!;

    // The nurse watched it on the map: the robot's label named the pharmacy, then the patient's bed.
    const trail = (await mapPlaces(nursePage)).filter((p) => p.startsWith(`${robot}@`) && !p.endsWith('@'));
    const atPharmacy = trail.indexOf(`${robot}@pharmacy`);
    expect(atPharmacy).toBeGreaterThanOrEqual(0);
    expect(trail.indexOf(`${robot}@${patient.bed}`)).toBeGreaterThan(atPharmacy);
    await rig.screenshot(nursePage, 'dashboard-delivery-map');
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
