// Plans on the dashboard, in a real browser against a real brain and simulator: the header says which
// planner runs (the rules: the rig has no model); a nurse asks in her own words and sees the proposed
// plan, step by step with why; refused requests show each reason with its step; a pharmacist's delivery
// from the task form waits for a nurse (the pharmacist may not approve it); the nurse approves the
// first plan from the inbox and the tasks it became are on the task board; declining needs a note; and
// the new panels speak Chinese.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { Brain } from '../brain/index.js';
import { signIn as signInOnPage, startBrowserRig, type BrowserRig } from './browser-rig.js';

const NURSE = 'nurse.li';
const PHARMACIST = 'pharm.zhou';
/** Bed 1 of the built-in ward: Wang Fang, with an active insulin order (MR-1001) and metformin (MR-1002), no morphine. */
const REQUEST = 'After lunch take bed 1\'s insulin and show her the new pen again';
/** An active order of bed 2's patient, for the pharmacist's delivery. */
const ORDER = 'MR-1003';

describe('plans and approvals on the staff dashboard', () => {
  let rig: BrowserRig;
  let brain: Brain;
  let nursePage: Page;
  let pharmPage: Page;
  const problems: string[] = [];
  let askedPlan = '';
  let formPlan = '';

  async function signInAs(page: Page, username: string): Promise<void> {
    await page.goto(`${brain.url}/`);
    await page.locator('#sign-in-section').waitFor();
    await signInOnPage(page, username);
    await page.locator('#connection.up').waitFor();
  }

  /** Asks from the box, by keyboard: the text, then Ctrl+Enter. */
  async function ask(page: Page, text: string): Promise<void> {
    const box = page.locator('#ask-text');
    await box.fill(text);
    await box.focus();
    await page.keyboard.press('Control+Enter');
  }

  beforeAll(async () => {
    rig = await startBrowserRig({ robots: 1, timeScale: 20, tmpPrefix: 'dash-plans-' });
    brain = rig.brain;
    // A refused plan is a 422 the browser logs itself; those are expected below.
    ({ page: nursePage } = await rig.openPage({ goto: false, label: 'nurse', problems, ignoreConsole: /status of 422/ }));
    ({ page: pharmPage } = await rig.openPage({ goto: false, label: 'pharmacist', problems }));
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('says in the header that the rules plan, with no model', async () => {
    await nursePage.goto(`${brain.url}/`);
    expect(await nursePage.locator('#planner').isHidden()).toBe(true);
    await signInOnPage(nursePage, NURSE);
    await nursePage.locator('#connection.up').waitFor();
    await nursePage.locator('#planner.planner-rules', { hasText: 'Planner: rules (no model)' }).waitFor();
    expect(brain.plans.mode.mode).toBe('deterministic');
    await nursePage.locator('#approvals-section .approvals-status', { hasText: 'No plans wait for approval.' }).waitFor();
  });

  it('names the model and where it runs, or why a configured model is not used (the brain’s answer stood in for)', async () => {
    const { page } = await rig.openPage({ goto: false, label: 'badge', problems });
    let answer: Record<string, unknown> = { mode: 'model', model: 'qwen2.5', site: 'on_site', edge_only: true, reason: null };
    await page.route('**/api/planner', (route) => route.fulfill({ json: answer }));
    await page.goto(`${brain.url}/`);
    await signInOnPage(page, 'nurse.evans');
    await page.locator('#planner.planner-model', { hasText: 'Planner: model qwen2.5 (on site, edge only)' }).waitFor();
    answer = { mode: 'deterministic', model: 'gpt-4o', site: 'off_site', edge_only: true, reason: 'edge-only: the model server is off site' };
    await page.reload();
    const refused = page.locator('#planner.planner-refused');
    await refused.waitFor();
    await expect(refused.textContent()).resolves.toBe('Planner: rules (model gpt-4o not used: edge-only: the model server is off site)');
    await expect(refused.getAttribute('title')).resolves.toBe(await refused.textContent());
    await page.selectOption('#lang', 'zh-CN');
    await page.locator('#planner', { hasText: '规划器：规则（未使用模型 gpt-4o：edge-only: the model server is off site）' }).waitFor();
    await page.close();
  });

  it('proposes a plan from a nurse’s own words, each step with why, and lists it for approval', async () => {
    await ask(nursePage, REQUEST);
    await nursePage.locator('#ask .ask-message', { hasText: 'Plan proposed' }).waitFor();
    const plan = nursePage.locator('#ask .plan[data-status="awaiting_approval"]');
    await plan.waitFor();
    askedPlan = (await plan.getAttribute('data-plan-id')) ?? '';
    expect(askedPlan).toMatch(/^plan-/);
    await expect(plan.locator('.plan-text').textContent()).resolves.toBe(REQUEST);
    await expect(plan.locator('.plan-planner').textContent()).resolves.toBe('Planned by the rules (no model)');
    const steps = plan.locator('.plan-step');
    await expect(steps.count()).resolves.toBe(2);
    const delivery = await steps.nth(0).locator('.plan-step-line').textContent();
    expect(delivery).toMatch(/^Medication delivery · Bed 1 · Wang Fang · orders: MR-1001 \(insulin .*\) · medication asked for: insulin · not before 13:00$/);
    await expect(steps.nth(0).locator('.plan-why').textContent()).resolves.toMatch(/^Why: asked ".*insulin.*": carry the active order/);
    await expect(steps.nth(1).locator('.plan-step-line').textContent()).resolves.toMatch(/^Health education · Bed 1 · Wang Fang · topics: insulin_use · not before 13:00$/);
    await expect(steps.nth(1).locator('.plan-why').textContent()).resolves.toMatch(/^Why: asked .*teach/);
    await expect(plan.locator('.plan-reasons li').allTextContents()).resolves.toEqual(['was planned from free text by the rules', 'touches medication']);

    // The inbox lists it (at once, then fetched), with the same steps and the buttons.
    const card = nursePage.locator(`#approvals .plan-card[data-plan-id="${askedPlan}"]`);
    await card.locator('.plan-step').nth(1).waitFor();
    await card.locator('button.plan-approve:enabled', { hasText: 'Approve' }).waitFor();
    await expect(nursePage.locator('#approvals-count').textContent()).resolves.toBe('1');
    await plan.scrollIntoViewIfNeeded();
    await rig.screenshot(nursePage, 'dashboard-plans-proposed');
  });

  it('shows why a request is refused, each reason with its step, and keeps it out of the inbox', async () => {
    await ask(nursePage, 'bring the morphine to bed 1');
    await nursePage.locator('#ask .ask-message.error', { hasText: 'Not planned' }).waitFor();
    const refused = nursePage.locator('#ask .plan[data-status="refused"]');
    await refused.waitFor();
    const reason = refused.locator('.plan-problems li').first();
    await expect(reason.locator('.plan-problem-where').textContent()).resolves.toBe('Step 1 · Medication delivery');
    await expect(reason.locator('.plan-problem-text').textContent()).resolves.toMatch(/"morphine" is not on an active order in this delivery/);
    expect(await refused.locator('.plan-reasons').count()).toBe(0);
    const id = await refused.getAttribute('data-plan-id');
    expect(brain.plans.get(id!)?.status).toBe('refused');

    await ask(nursePage, 'please make coffee');
    const notUnderstood = nursePage.locator('#ask .plan[data-status="refused"] .plan-problems li[data-code="not_understood"]');
    await notUnderstood.waitFor();
    await expect(notUnderstood.locator('.plan-problem-where').textContent()).resolves.toBe('The request');
    await expect(notUnderstood.locator('.plan-problem-text').textContent()).resolves.toMatch(/^The rules could not tell what to do/);
    await nursePage.locator('#ask').scrollIntoViewIfNeeded();
    await rig.screenshot(nursePage, 'dashboard-plans-refused');
    expect(await nursePage.locator('#approvals .plan-card').count()).toBe(1);
  });

  it('sends a pharmacist’s delivery from the task form for a nurse’s approval, which the pharmacist may not give', async () => {
    await signInAs(pharmPage, PHARMACIST);
    await pharmPage.selectOption('#category', 'medication_delivery');
    const box = pharmPage.locator(`#delivery-orders input[name="orders"][value="${ORDER}"]`);
    await box.waitFor();
    await box.check();
    await pharmPage.locator('form.task-form button[type="submit"]').click();
    const sent = pharmPage.locator('form.task-form .form-message:not(.error)', { hasText: 'Sent for a nurse’s approval' });
    await sent.waitFor();
    formPlan = /\(plan (\S+)\)/.exec((await sent.textContent()) ?? '')?.[1] ?? '';
    expect(brain.plans.get(formPlan)?.status).toBe('awaiting_approval');

    const card = pharmPage.locator(`#approvals .plan-card[data-plan-id="${formPlan}"]`);
    await card.waitFor();
    await expect(card.locator('.plan-text').textContent()).resolves.toBe('Sent from the task form');
    await expect(card.locator('.plan-step-line').textContent()).resolves.toMatch(/^Medication delivery · orders: MR-1003 \(Amlodipine 5 MG Oral Tablet\)$/);
    const approve = card.locator('button.plan-approve');
    expect(await approve.isDisabled()).toBe(true);
    expect(await approve.getAttribute('title')).toBe('Only a nurse may approve a plan.');
    await card.locator('.plan-permission', { hasText: 'Only a nurse may approve a plan.' }).waitFor();
    // Whoever asked may still withdraw it.
    expect(await card.locator('button.plan-decline').isEnabled()).toBe(true);
    // The pharmacist sees the nurse's plan too, and may neither approve nor decline it.
    const other = pharmPage.locator(`#approvals .plan-card[data-plan-id="${askedPlan}"]`);
    await other.waitFor();
    expect(await other.locator('button.plan-decline').isDisabled()).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await rig.screenshot(pharmPage, 'dashboard-plans-pharmacist');

    // The nurse's inbox picks it up by itself (the brain's live plan_changed event).
    await nursePage.locator(`#approvals .plan-card[data-plan-id="${formPlan}"]`).waitFor({ timeout: 15_000 });
  });

  it('lets the nurse approve the plan from the inbox; it shows as dispatched with the tasks it became, on the task board', async () => {
    const card = nursePage.locator(`#approvals .plan-card[data-plan-id="${askedPlan}"]`);
    // By keyboard: the note, then Tab to Approve and Enter.
    await card.locator('input.plan-note').fill('Checked with Wang Fang');
    await card.locator('input.plan-note').focus();
    await nursePage.keyboard.press('Tab');
    expect(await card.locator('button.plan-approve').evaluate((b) => b === document.activeElement)).toBe(true);
    await nursePage.keyboard.press('Enter');
    const decided = nursePage.locator(`#approvals .approvals-decided .plan-card[data-plan-id="${askedPlan}"]`);
    await decided.locator('.plan[data-status="dispatched"] .badge', { hasText: 'Dispatched' }).waitFor();
    // The focus goes to the decided plan, not back to the top of the page.
    expect(await decided.locator('.plan-view').evaluate((v) => v === document.activeElement)).toBe(true);
    await expect(decided.locator('.plan-decision').textContent()).resolves.toMatch(/^Dispatched by nurse\.li at .* · note: Checked with Wang Fang$/);
    const links = decided.locator('.plan-tasks a.plan-task');
    await expect(links.count()).resolves.toBe(2);
    const taskIds = await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-task-id') ?? ''));
    expect(brain.plans.get(askedPlan)?.taskIds).toEqual(taskIds);
    for (const id of taskIds) await nursePage.locator(`#tasks .task[data-task-id="${id}"]`).waitFor();
    await expect(nursePage.locator(`#tasks .task[data-task-id="${taskIds[0]}"]`).getAttribute('data-category')).resolves.toBe('medication_delivery');
    await expect(nursePage.locator(`#tasks .task[data-task-id="${taskIds[1]}"]`).getAttribute('data-category')).resolves.toBe('health_education');
    // The link goes to the task's row.
    await links.first().click();
    await nursePage.locator(`#tasks .task[data-task-id="${taskIds[0]}"]:target`).waitFor();
    expect(await nursePage.locator(`#approvals .approvals-list .plan-card[data-plan-id="${askedPlan}"]`).count()).toBe(0);
    await decided.scrollIntoViewIfNeeded();
    await rig.screenshot(nursePage, 'dashboard-plans-approved');
  });

  it('asks for a note before declining; the declined plan leaves every inbox', async () => {
    const card = nursePage.locator(`#approvals .plan-card[data-plan-id="${formPlan}"]`);
    await card.locator('button.plan-decline').click();
    await card.locator('.plan-message', { hasText: 'Say in the note why you decline the plan.' }).waitFor();
    expect(await card.locator('input.plan-note').evaluate((n) => n === document.activeElement && n.getAttribute('aria-invalid'))).toBe('true');
    expect(brain.plans.get(formPlan)?.status).toBe('awaiting_approval');
    await card.locator('input.plan-note').fill('Bed 2 had it on the morning round');
    await card.locator('button.plan-decline').click();
    await nursePage.locator(`#approvals .approvals-decided .plan-card[data-plan-id="${formPlan}"] .plan[data-status="declined"]`).waitFor();
    expect(brain.plans.get(formPlan)?.status).toBe('declined');
    await nursePage.locator('#approvals .approvals-status', { hasText: 'No plans wait for approval.' }).waitFor();
    await pharmPage.locator(`#approvals .approvals-list .plan-card[data-plan-id="${formPlan}"]`).waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('speaks Chinese in the new panels when the language is switched', async () => {
    await nursePage.selectOption('#lang', 'zh-CN');
    await nursePage.locator('#planner', { hasText: '规划器：规则（无模型）' }).waitFor();
    await expect(nursePage.locator('#ask-title').textContent()).resolves.toBe('用自己的话提出请求');
    await expect(nursePage.locator('#approvals-title [data-i18n]').textContent()).resolves.toBe('审批');
    await expect(nursePage.locator('label[for="ask-text"]').textContent()).resolves.toBe('要机器人做什么？');
    // The refused request's reason in Chinese, as the brain wrote it.
    await nursePage.locator('#ask .plan-problems li .plan-problem-text', { hasText: '规则无法理解该请求' }).waitFor();
    await nursePage.locator('#ask .plan-problem-where', { hasText: '该请求' }).waitFor();
    const decided = nursePage.locator(`#approvals .approvals-decided .plan-card[data-plan-id="${askedPlan}"]`);
    await decided.locator('.badge', { hasText: '已派发' }).waitFor();
    await expect(decided.locator('.plan-step-line').first().textContent()).resolves.toMatch(/^送药 · 1号床 · Wang Fang · 医嘱：MR-1001/);
    await expect(decided.locator('.plan-why-label').first().textContent()).resolves.toBe('原因：');
    await expect(nursePage.locator('#approvals .approvals-status').textContent()).resolves.toBe('没有待审批的计划。');
    await nursePage.locator('#approvals').scrollIntoViewIfNeeded();
    await rig.screenshot(nursePage, 'dashboard-plans-zh');
    await nursePage.selectOption('#lang', 'en');
    await nursePage.locator('#planner', { hasText: 'Planner: rules (no model)' }).waitFor();
  });

  it('logged no errors in either browser console', () => {
    expect(problems).toEqual([]);
  });
});
