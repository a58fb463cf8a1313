// The simulator view (/sim/) in Chromium against the real simulator and brain: the ward in 3D with its
// robots, and the simulator's controls over its own rosbridge server: time scale and pause (by
// keyboard), a drained battery (on the robot, and in the brain's fleet), a patient away, a blocked
// corridor and a dropped link (applied in the simulator, listed, the brain seeing the robot go offline),
// clearing faults, a scenario, the language switch, a clear message when the simulator cannot be
// reached, and no console errors. Screenshots land in artifacts/screenshots/sim-view-*.png.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import type { RobotState } from '../brain/index.js';
import { startRosbridge } from '../sim/index.js';
import { until } from '../test/until.js';
import { startBrowserRig, type BrowserRig } from './browser-rig.js';

const wallMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pixels of the 3D canvas that are not the clear colour, and a fingerprint of the picture. */
function canvasPixels(page: Page): Promise<{ drawn: number; total: number; hash: number }> {
  return page.evaluate(() => {
    const source = document.querySelector<HTMLCanvasElement>('#scene canvas');
    if (!source) return { drawn: 0, total: 0, hash: 0 };
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(source, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    let drawn = 0;
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      // The clear colour is #f8fafc.
      if (Math.abs(data[i]! - 248) + Math.abs(data[i + 1]! - 250) + Math.abs(data[i + 2]! - 252) > 24) drawn++;
      hash = (hash * 31 + data[i]! + data[i + 1]! * 7 + data[i + 2]! * 13) >>> 0;
    }
    return { drawn, total: data.length / 4, hash };
  });
}

describe('simulator view in Chromium', () => {
  let rig: BrowserRig;
  let page: Page;
  let problems: string[];
  const robotsOfBrain = async (): Promise<RobotState[]> =>
    ((await (await fetch(`${rig.brain.url}/api/robots`)).json()) as { robots: RobotState[] }).robots;
  const brainRobot = async (name: string) => (await robotsOfBrain()).find((r) => r.name === name);
  const fault = (text: string | RegExp) => page.locator('#faults li', { hasText: text });

  beforeAll(async () => {
    rig = await startBrowserRig({ robots: 2, timeScale: 5, tmpPrefix: 'sim-view-' });
    ({ page, problems } = await rig.openPage({ goto: false, height: 1150 }));
    await page.goto(`${rig.brain.url}/sim/?rosbridge=${encodeURIComponent(rig.sim.url)}`);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('shows the ward in 3D with both robots, their batteries and the connection', async () => {
    await page.locator('#connection.is-up').waitFor();
    await expect(page.locator('#connection').textContent()).resolves.toBe(`Connected to ${rig.sim.url}`);
    await page.locator('#robots li[data-robot="robot_2"]').waitFor();
    expect(await page.locator('#robots li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset['robot']))).toEqual(['robot_1', 'robot_2']);
    await expect(page.locator('#robots li[data-robot="robot_1"] .robot-battery').textContent()).resolves.toBe('Battery 100%');
    await page.locator('.scene-label--robot[data-robot="robot_1"]:not(.is-hidden)').waitFor();
    await until('the 3D view to draw the ward', async () => {
      const px = await canvasPixels(page);
      return px.total > 0 && px.drawn / px.total > 0.2;
    }, 15_000, 200);
    await expect(page.locator('#scene').getAttribute('aria-label')).resolves.toMatch(/^3D view of level L1: 2 robots, 0 faults in force$/);
    await expect(page.locator('#sim-clock').textContent()).resolves.toMatch(/^Sim time .+ · 5× real time$/);
    await rig.screenshot(page, 'sim-view-start');
  });

  it('turns the view from the keyboard', async () => {
    const before = await canvasPixels(page);
    await page.focus('#scene');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('+');
    await until('the picture to change', async () => (await canvasPixels(page)).hash !== before.hash, 5_000, 50);
    await page.keyboard.press('0');
  });

  it('picks the corridor clicked in the view for blocking', async () => {
    // Framed, the view looks at the middle of the floor, where the ward's one corridor runs.
    const box = (await page.locator('#scene canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('#message.is-ok', { hasText: /^Corridor between / }).waitFor();
    const picked = await page.locator('#corridor-lane').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text ?? '');
    expect(picked).toMatch(/^Corridor between .* · [\d.]+, -7\.7 → [\d.]+, -7\.7$/);
  });

  it('sets the simulator\'s time scale, and pauses and resumes it by keyboard', async () => {
    await page.selectOption('#time-scale', '20');
    await until('the simulator at 20×', () => rig.sim.control.timeScale === 20);
    await page.locator('#message.is-ok', { hasText: 'Speed set to 20×.' }).waitFor();

    await page.focus('#time-scale');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pause');
    await page.keyboard.press('Enter');
    await until('the simulator paused', () => rig.sim.control.paused);
    await page.locator('#pause[aria-pressed="true"]', { hasText: 'Resume' }).waitFor();
    await page.locator('#sim-clock.is-paused', { hasText: 'paused' }).waitFor();
    const stopped = rig.sim.world.clock.now();
    await wallMs(300);
    expect(rig.sim.world.clock.now()).toBe(stopped);

    await page.keyboard.press('Enter');
    await until('the simulator running', () => !rig.sim.control.paused);
    await until('sim time moving again', () => rig.sim.world.clock.now() > stopped);
    await page.locator('#pause[aria-pressed="false"]', { hasText: 'Pause' }).waitFor();
    await page.selectOption('#time-scale', '5');
    await until('the simulator at 5×', () => rig.sim.control.timeScale === 5);
  });

  it('drains a battery: the robot shows it, and the brain\'s fleet sees the new percentage', async () => {
    await page.selectOption('#battery-robot', 'robot_2');
    await page.fill('#battery-percent', '5');
    await page.locator('#fault-battery button[type="submit"]').click();
    await page.locator('#message.is-ok', { hasText: "robot_2's battery set to 5%." }).waitFor();
    await page.locator('#robots li[data-robot="robot_2"][data-battery="5"]').waitFor();
    await page.locator('.scene-label--robot[data-robot="robot_2"]', { hasText: 'robot_2 · 5%' }).waitFor();
    expect(rig.sim.world.robot('robot_2')!.battery().percentage).toBeCloseTo(0.05, 2);
    await until('the brain to see robot_2 at 5 %', async () => Math.abs(((await brainRobot('robot_2'))?.battery.percentage ?? 0) - 5) < 0.5, 15_000, 200);

    await page.fill('#battery-percent', '140');
    await page.locator('#fault-battery button[type="submit"]').click();
    await page.locator('#message.is-error', { hasText: 'Enter a charge from 0 to 100.' }).waitFor();
  });

  it('marks a patient absent, blocks a corridor and drops a robot\'s link; each is applied and listed', async () => {
    await page.selectOption('#patient-bed', 'bed_3');
    await page.locator('#fault-patient button[type="submit"]').click();
    await fault('Patient away from Bed 3').waitFor();
    expect(rig.sim.people.occupant('bed_3')?.present).toBe(false);

    // The corridor between beds 4 and 5, picked from the list: the view marks it before it is blocked.
    const lane = await page.locator('#corridor-lane option', { hasText: '12.5, -7.7 → 16.0, -7.7' }).getAttribute('value');
    await page.selectOption('#corridor-lane', lane!);
    await page.locator('#fault-corridor button[type="submit"]').click();
    await fault('Blocked: Corridor between Bed 4 and Bed 5').waitFor();
    expect(rig.sim.world.graph.blocks()).toHaveLength(1);
    expect(rig.sim.world.robot('robot_1')!.goTo({ place: 'bed_2' })).toMatchObject({ ok: false, code: 'NO_ROUTE' });

    await page.selectOption('#link-robot', 'robot_1');
    await page.selectOption('#link-duration', '0');
    await page.locator('#fault-link button[type="submit"]').click();
    await fault('robot_1: link dropped until cleared').waitFor();
    await page.locator('#robots li[data-robot="robot_1"][data-link="down"]', { hasText: 'link dropped' }).waitFor();
    expect(rig.sim.rosbridge.linkCuts.namespaces()).toEqual(['/robot_1']);
    await until('the brain to see robot_1 offline', async () => (await brainRobot('robot_1'))?.status === 'offline', 20_000, 200);
    expect((await brainRobot('robot_2'))?.status).not.toBe('offline');

    await expect(page.locator('#scene').getAttribute('aria-label')).resolves.toBe('3D view of level L1: 2 robots, 3 faults in force');
    await rig.screenshot(page, 'sim-view-faults');
  });

  it('clears one fault with its button, then all of them; the brain sees robot_1 again', async () => {
    await fault('Patient away from Bed 3').locator('button', { hasText: 'Clear' }).click();
    await until('the patient back in bed', () => rig.sim.people.occupant('bed_3')?.present === true);
    // The list follows the simulator's /sim/state, which reaches the page a moment after the change.
    await fault('Patient away from Bed 3').waitFor({ state: 'detached' });

    await page.locator('#faults-clear-all').click();
    await page.locator('#faults-none').waitFor();
    expect(await page.locator('#faults li').count()).toBe(0);
    expect(rig.sim.control.activeFaults()).toEqual([]);
    await until('the brain to see robot_1 online', async () => (await brainRobot('robot_1'))?.status !== 'offline', 20_000, 200);
    expect(await page.locator('#faults-clear-all').isDisabled()).toBe(true);
  });

  it('starts a scenario, which sets the ward up in the simulator', async () => {
    await page.selectOption('#scenario', 'morning_round');
    await expect(page.locator('#scenario-text').textContent()).resolves.toMatch(/the second bed's patient is away/);
    await page.locator('#scenario-start').click();
    await until('the morning round set up', () => rig.sim.control.state().scenario === 'morning_round');
    await fault('Patient away from Bed 2').waitFor();
    await page.locator('#scenario-current', { hasText: 'Last started: Morning round' }).waitFor();
    // The scenario put robot_2's battery back as it started.
    await page.locator('#robots li[data-robot="robot_2"][data-battery="100"]').waitFor();
  });

  it('switches to Chinese, words and all, and keeps it after a reload', async () => {
    await page.selectOption('#lang', 'zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('模拟器');
    await fault('2号床患者不在床上').waitFor();
    await expect(page.locator('#pause').textContent()).resolves.toBe('暂停');
    await expect(page.locator('#scenario-current').textContent()).resolves.toBe('最近开始：晨间查房');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.reload();
    await page.locator('#connection.is-up').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('模拟器');
    await fault('2号床患者不在床上').waitFor();
    await rig.screenshot(page, 'sim-view-zh-CN');
    await page.selectOption('#lang', 'en');
    await expect(page.locator('h1').textContent()).resolves.toBe('Simulator');
  });

  it('logged no errors in the browser console', () => {
    expect(problems).toEqual([]);
  });

  it('says clearly when the simulator cannot be reached, answers nothing, or the address is not a WebSocket one', async () => {
    // The browser itself logs each refused WebSocket; that is what this case is about.
    const { page: away, problems: awayProblems } = await rig.openPage({ goto: false, ignoreConsole: /WebSocket/ });
    await away.goto(`${rig.brain.url}/sim/?rosbridge=${encodeURIComponent('ws://127.0.0.1:1')}`);
    await away.locator('#alert:not([hidden])', { hasText: "Cannot reach the simulator's rosbridge server at ws://127.0.0.1:1" }).waitFor();
    await away.locator('#connection.is-down').waitFor();
    await rig.screenshot(away, 'sim-view-unreachable');
    await away.goto(`${rig.brain.url}/sim/?rosbridge=${encodeURIComponent('http://example.invalid')}`);
    await away.locator('#alert:not([hidden])', { hasText: 'is not a WebSocket address' }).waitFor();
    // A rosbridge server with no simulator behind it (as a real robot's would be).
    const bare = await startRosbridge({ port: 0, logger: pino({ enabled: false }) });
    try {
      await away.goto(`${rig.brain.url}/sim/?rosbridge=${encodeURIComponent(bare.url)}`);
      await away.locator('#connection.is-up').waitFor();
      await away.locator('#alert:not([hidden])', { hasText: 'but no simulator answers there (nothing on /sim/state)' }).waitFor();
    } finally {
      await bare.close();
    }
    expect(awayProblems).toEqual([]);
    await away.close();
  });
});
