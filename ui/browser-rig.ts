// The shared setup of the dashboard's browser tests: the simulator on the built-in ward, a brain with the
// demo staff, Debian's Chromium through playwright-core, pages that collect console and page errors, the
// screenshots folder, signing in through the sign-in panel, and the teardown.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSimulation, type Simulation, type SimulationOptions, BUILTIN_WARD_FILE } from '../sim/index.js';
import { demoPassword, demoStaffSecrets, startBrain, type Brain, type BrainOptions } from '../brain/index.js';
import { loadWard } from '../robot/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--enable-unsafe-swiftshader'];
const STAFF = loadWard(BUILTIN_WARD_FILE).people.staff;

export interface BrowserRigOptions {
  robots: number;
  timeScale: number;
  /** Prefix of the temporary folder that holds the brain's database; default 'dash-'. */
  tmpPrefix?: string;
  /** More options for startSimulation (the ward, robots, time scale, port and logger are set here). */
  sim?: Partial<SimulationOptions>;
  /** More options for startBrain (port, database, ward, rosbridge URL, logger and staff are set here). */
  brain?: Partial<BrainOptions>;
}

export interface OpenPageOptions {
  /** Viewport height; the width is always 1400. Default 1100. */
  height?: number;
  /** Go to the dashboard once the page is open; default true. */
  goto?: boolean;
  /** Console errors the test expects (e.g. a refused sign-in's 401); they are not collected. */
  ignoreConsole?: RegExp;
  /** Written before `console:` / `page:` in each problem, to tell several pages apart. */
  label?: string;
  /** Collect the problems into this array (shared by several pages) instead of a new one. */
  problems?: string[];
}

export interface BrowserRig {
  sim: Simulation;
  brain: Brain;
  browser: Browser;
  /** A new page in its own browser context (its own sessionStorage), with en-GB locale. */
  openPage(opts?: OpenPageOptions): Promise<{ page: Page; problems: string[] }>;
  /** Saves a screenshot of the page as artifacts/screenshots/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserRig(opts: BrowserRigOptions): Promise<BrowserRig> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), opts.tmpPrefix ?? 'dash-'));
  let sim: Simulation | undefined;
  let brain: Brain | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await brain?.close();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    sim = await startSimulation({
      wardFile: BUILTIN_WARD_FILE, robots: opts.robots, timeScale: opts.timeScale, rosbridgePort: 0, logger: pino({ enabled: false }),
      ...opts.sim,
    });
    brain = await startBrain({
      port: 0, dbFile: join(dir, 'w.db'), wardFile: BUILTIN_WARD_FILE, rosbridgeUrl: sim.url, logger: false,
      staffSecrets: demoStaffSecrets(STAFF), ...opts.brain,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (err) {
    await close();
    throw err;
  }
  const started = { sim, brain, browser };

  async function openPage(o: OpenPageOptions = {}): Promise<{ page: Page; problems: string[] }> {
    const problems = o.problems ?? [];
    const prefix = o.label ? `${o.label} ` : '';
    const page = await started.browser.newPage({ viewport: { width: 1400, height: o.height ?? 1100 }, locale: 'en-GB' });
    page.on('console', (m) => {
      if (m.type() === 'error' && !o.ignoreConsole?.test(m.text())) problems.push(`${prefix}console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`${prefix}page: ${e.message}`));
    if (o.goto ?? true) await page.goto(`${started.brain.url}/`);
    return { page, problems };
  }

  return {
    ...started,
    openPage,
    screenshot: async (page, name) => { await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) }); },
    close,
  };
}

/** Signs a demo staff member in through the dashboard's sign-in panel and waits for their name. */
export async function signIn(page: Page, username: string): Promise<void> {
  const member = STAFF.find((s) => s.username === username);
  if (!member) throw new Error(`${username} is not on the built-in ward's staff`);
  await page.fill('#sign-in-username', username);
  await page.fill('#sign-in-password', demoPassword(username));
  await page.locator('.sign-in-form button[type="submit"]').click();
  await page.locator('#user .user-name', { hasText: member.name }).waitFor();
}
