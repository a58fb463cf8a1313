// The patient screen in Chromium against the real brain and simulator: a nurse pairs a tablet with
// the robot from the dashboard, a ward round for one bed starts, and the silent (simulated) patient answers every round
// question by touch on the screen: the pain question's 0–10 buttons (7, by keyboard), choices, yes/no,
// and typed free text. The brain records those answers as the patient's; "Call a nurse" raises an
// alert; the screen shows nothing about any other patient; a bad token is "not paired", and so is a
// revoked one; no console errors; screenshots in artifacts/screenshots/patient-*.png.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Page } from 'playwright-core';
import { demoPassword, type Brain } from '../brain/index.js';
import { until } from '../test/until.js';
import { signIn, startBrowserRig, type BrowserRig } from './browser-rig.js';

const ROBOT = 'robot_1';
const BED = 'bed_2';
const NURSE = 'nurse.li';
/** Waits in the browser: a robot's spoken question lasts several seconds of simulated time. */
const STEP_MS = 45_000;

type Json = Record<string, unknown>;

describe('patient screen in Chromium', () => {
  let rig: BrowserRig;
  let brain: Brain;
  let page: Page;
  /** A nurse's dashboard, where the tablet is paired and unpaired. */
  let dash: Page;
  let problems: string[];
  let nurseToken = '';
  let screenToken = '';
  let taskId = '';
  let patient: { recordNumber: string; name: string; otherNames: string[]; birthDate: string };

  const api = async (path: string, init: { method?: string; token?: string; auth?: string; body?: unknown } = {}): Promise<{ status: number; body: Json }> => {
    const headers: Record<string, string> = {};
    if (init.auth ?? init.token) headers.authorization = init.auth ?? `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${brain.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? null : JSON.stringify(init.body) });
    return { status: res.status, body: (await res.json()) as Json };
  };
  /** Every text the screen has shown, collected in the page as it changes. */
  const shownTexts = () => page.evaluate(() => (window as unknown as { __shown: string[] }).__shown);
  /** Touches an answer and waits until the screen took it: buttons disabled, or the question already answered and gone. */
  const answerTo = async (kind: string, answer: string) => {
    const button = page.locator(`#answers[data-kind="${kind}"]:not([hidden]) button[data-answer="${answer}"]:not([disabled])`);
    await button.waitFor({ timeout: STEP_MS });
    // This button, not the locator: the next question's button of the same name may take its place at once.
    const touched = await button.elementHandle();
    await touched!.click();
    await page.waitForFunction((b) => !(b as HTMLButtonElement).isConnected || (b as HTMLButtonElement).disabled, touched);
  };

  beforeAll(async () => {
    // One robot; questions wait long enough (simulated seconds, at 10×) for a browser to answer.
    rig = await startBrowserRig({ robots: 1, timeScale: 10, tmpPrefix: 'patient-', brain: { timing: { answerS: 600 } } });
    brain = rig.brain;
    const p = brain.ward.people.patients.find((x) => x.bed === BED);
    if (!p) throw new Error(`no patient in ${BED} on the built-in ward`);
    patient = p;
    // The simulated patient is there but says nothing: every answer below comes from the screen.
    rig.sim.people.script(p.recordNumber, { silent: true });
    const login = await api('/api/auth/login', { method: 'POST', body: { username: NURSE, password: demoPassword(NURSE) } });
    nurseToken = login.body.token as string;
    await until(`${ROBOT} in the fleet`, () => brain.fleet.get(ROBOT) !== undefined, 20_000);
    ({ page, problems } = await rig.openPage({ height: 800, goto: false, label: 'screen' }));
    await page.addInitScript(() => {
      const w = window as unknown as { __shown: string[] };
      w.__shown = [];
      const note = () => { const t = document.body?.innerText ?? ''; if (t && w.__shown.at(-1) !== t) w.__shown.push(t); };
      new MutationObserver(note).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('pairs the robot\'s tablet from the dashboard as a nurse and shows the idle screen in both languages', async () => {
    ({ page: dash } = await rig.openPage({ label: 'dashboard', problems }));
    await signIn(dash, NURSE);
    const pairing = dash.locator(`details.robot-screen[data-screen="${ROBOT}"]`);
    await pairing.locator('summary').click();
    await pairing.locator('.screen-status', { hasText: 'No tablet is paired' }).waitFor();
    await pairing.locator('button.screen-pair').click();
    const link = pairing.locator('input.screen-link');
    await link.waitFor();
    await pairing.locator('.screen-status', { hasText: 'A tablet is paired (by nurse.li' }).waitFor();
    await rig.screenshot(dash, 'dashboard-screen-pairing');
    const url = new URL(await link.inputValue());
    expect(`${url.origin}${url.pathname}`).toBe(`${brain.url}/patient/`);
    screenToken = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
    expect(url.hash).toBe(`#robot=${ROBOT}&token=${screenToken}`);
    expect((await api(`/api/robots/${ROBOT}/screen-pairing`, { token: nurseToken })).body).toMatchObject({ paired: true, created_by: NURSE });
    await page.goto(url.href);
    await page.locator('#saying-text.idle').waitFor();
    await expect(page.locator('#call-nurse').textContent()).resolves.toBe('呼叫护士Call a nurse');
    await expect(page.locator('#call-nurse .en').getAttribute('lang')).resolves.toBe('en');
    expect(await page.locator('#answers').isHidden()).toBe(true);
    await rig.screenshot(page, 'patient-idle');
  });

  it('shows the robot\'s pain question with 0–10 buttons, and a 7 touched (by keyboard) reaches the brain', async () => {
    const dispatched = await api('/api/tasks', {
      method: 'POST', token: nurseToken, body: { type: 'dispatch_task_request', request: { category: 'ward_round', description: { beds: [BED] } } },
    });
    expect(dispatched.status).toBe(201);
    taskId = ((dispatched.body.state as Json).booking as Json).id as string;

    await page.locator('#answers[data-kind="scale"]').waitFor({ timeout: 90_000 });
    await expect(page.locator('#saying-text').textContent()).resolves.toContain('0到10分');
    await expect(page.locator('#saying-text').getAttribute('lang')).resolves.toBe('zh-CN');
    expect(await page.locator('#answers .answer.scale').allTextContents()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    await rig.screenshot(page, 'patient-pain-question');
    const seven = await page.locator('button[data-answer="7"]').elementHandle();
    await seven!.focus();
    await page.keyboard.press('Enter');
    // Taken: the touched button is pressed and every answer disabled, unless the robot has already moved on.
    await page.waitForFunction((b) => !(b as HTMLButtonElement).isConnected || ((b as HTMLButtonElement).disabled && b.getAttribute('aria-pressed') === 'true'), seven);
    await rig.screenshot(page, 'patient-pain-answered');
  });

  it('takes the other round answers by touch: choices, yes/no, and a call for the nurse at the bedside', async () => {
    await answerTo('choice', '好');
    await page.locator('#answers[data-kind="yes_no"]').waitFor({ timeout: STEP_MS });
    await rig.screenshot(page, 'patient-yes-no');
    await answerTo('yes_no', '否');
    // The breathing question: the same kind again, so wait for fresh buttons.
    await page.locator('#saying-text', { hasText: '气短' }).waitFor({ timeout: STEP_MS });
    await answerTo('yes_no', '否');
    await answerTo('choice', '自己走');

    await page.locator('#answers[data-kind="free_text"]').waitFor({ timeout: STEP_MS });
    await page.locator('#call-nurse').click();
    await page.locator('#nurse-called .zh', { hasText: '已呼叫护士' }).waitFor();
    const alerts = await api('/api/alerts?open=true', { token: nurseToken });
    const call = (alerts.body.alerts as Json[]).find((a) => a.kind === 'nurse_call');
    expect(call).toMatchObject({ bed: BED, robot: ROBOT, patient: patient.recordNumber, task_id: taskId, data: { category: 'call_nurse', source: 'patient_screen' } });
    await rig.screenshot(page, 'patient-free-text-nurse-called');

    await page.locator('#free-text-input').fill('没有了，谢谢');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => {
      const input = document.getElementById('free-text-input') as HTMLInputElement;
      return input.disabled || document.getElementById('answers')!.hidden;
    });
  });

  it('the brain recorded the touched answers as the patient\'s, in the round and in the dialogue', async () => {
    const done = await until(`task ${taskId} to finish`, async () => {
      const t = (await api(`/api/tasks/${taskId}`, { token: nurseToken })).body;
      return ['completed', 'failed', 'canceled'].includes(t.status as string) ? t : null;
    }, 90_000, 100);
    expect(done.status).toBe('completed');
    const round = (await api(`/api/rounds/${taskId}`, { token: nurseToken })).body;
    const bed = (round.beds as Json[]).find((b) => b.bed === BED) as Json;
    expect(bed.status).toBe('visited');
    expect((bed.answers as Json[]).map((a) => [a.question, a.value, a.unclear])).toEqual([
      ['pain', 7, false], ['sleep', 'good', false], ['nausea', false, false], ['breathing', false, false], ['mobility', 'own', false],
      ['anything_else', '没有了，谢谢', false],
    ]);
    // Pain 7 of 10 is high: the round's own rule alerted a nurse.
    expect((bed.alerts as Json[]).map((a) => a.kind)).toContain('pain_high');
    // The dialogue heard the same touches on patient_speech, and left them to the round.
    const turns = (await api(`/api/dialogue/turns?robot=${ROBOT}`, { token: nurseToken })).body.turns as Json[];
    const touched = turns.filter((t) => t.source === 'touch');
    expect(touched.map((t) => t.utterance).reverse()).toEqual(['7', '好', '否', '否', '自己走', '没有了，谢谢']);
    expect(touched.every((t) => t.intent === 'workflow_answer' && t.language === 'zh-CN')).toBe(true);
    await rig.screenshot(page, 'patient-round-done');
  });

  it('never showed anything about another patient, nor any record number', async () => {
    const shown = (await shownTexts()).join('\n');
    expect(shown).toContain('您现在有几分痛');
    expect(shown).not.toMatch(/MRN-|WB-\d|bed_\d/);
    const others = brain.ward.people.patients.filter((p) => p.recordNumber !== patient.recordNumber);
    for (const other of others) {
      for (const name of [other.name, ...other.otherNames]) expect(shown).not.toContain(name);
      expect(shown).not.toContain(other.birthDate);
    }
    expect(shown).not.toContain(patient.birthDate);
    const state = await api('/api/screen', { auth: `Screen ${screenToken}` });
    expect(Object.keys(state.body).sort()).toEqual(['nurse_called', 'question', 'robot', 'saying']);
    expect(JSON.stringify(state.body)).not.toMatch(/MRN-|bed_\d/);
  });

  it('says a tablet with a bad token is not paired (the brain answers 401)', async () => {
    const bad = 'A'.repeat(43);
    expect((await api('/api/screen', { auth: `Screen ${bad}` })).status).toBe(401);
    const { page: other, problems: otherProblems } = await rig.openPage({ height: 800, goto: false, label: 'unpaired', ignoreConsole: /status of 401/ });
    await other.goto(`${brain.url}/patient/#robot=${ROBOT}&token=${bad}`);
    await other.locator('#not-paired', { hasText: 'not paired' }).waitFor();
    expect(await other.locator('#call-nurse').isVisible()).toBe(false);
    expect(await other.locator('#not-paired').textContent()).toContain('尚未与机器人配对');
    await rig.screenshot(other, 'patient-not-paired');
    expect(otherProblems).toEqual([]);
    await other.close();
  });

  it('shows nothing about a microphone the browser cannot open, and logs no error for it', async () => {
    const { page: other, problems: otherProblems } = await rig.openPage({ height: 800, goto: false, label: 'microphone' });
    await other.context().grantPermissions(['microphone'], { origin: brain.url });
    await other.goto(`${brain.url}/patient/#robot=${ROBOT}&token=${screenToken}`);
    await other.locator('#saying-text').waitFor();
    // Headless Chromium has no capture device: the meter never appears and no button offers it.
    await until('the microphone check to settle', async () => (await other.locator('#mic-start').count()) === 0, 5_000);
    await new Promise((r) => setTimeout(r, 500));
    const meter = await other.locator('#mic-level').count();
    if (meter > 0) await rig.screenshot(other, 'patient-microphone-level');
    expect(otherProblems).toEqual([]);
    await other.close();
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });

  it('turns a revoked screen into "not paired" at once', async () => {
    const before = problems.length;
    // Unpaired from the dashboard, where it was paired.
    const pairing = dash.locator(`details.robot-screen[data-screen="${ROBOT}"]`);
    await pairing.locator('button.screen-unpair').click();
    await pairing.locator('.screen-status', { hasText: 'No tablet is paired' }).waitFor();
    expect(await pairing.locator('input.screen-link').count()).toBe(0);
    await page.locator('#not-paired').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('#screen').isHidden()).toBe(true);
    await rig.screenshot(page, 'patient-revoked');
    // The page learnt it from the brain's 401 to its screen token, which the browser logs itself.
    expect(problems.slice(before).filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});
