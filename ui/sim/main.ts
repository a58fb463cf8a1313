// The simulator view for engineers (/sim/): the ward in 3D with its robots, and the simulator's own
// controls (time scale, pause, scenarios, faults) over the simulator's rosbridge server. The page
// finds that server from ?rosbridge=ws://…, else from the brain's own link, else ws://<this host>:9090.
// The floor plan comes from the brain that serves the page (GET /api/map).
import './style.css';
import type { MapView, PlaceView } from '../../brain/index.js';
import type { SimFaultMsg, SimStateMsg } from '../../sim/control/protocol.js';
import { FAULT_KIND } from '../../sim/control/protocol.js';
import { RosbridgeClient, resolveRosbridgeUrl, type LinkState } from '../shared/rosbridge-client.js';
import { SimClient } from './client.js';
import { faultText } from './fault-text.js';
import { levelLanes, laneName, type Lane } from './lanes.js';
import {
  byId, fillFaultPickers, fillLanguages, fillTimeScales, FaultList, percentText, RobotList, scaleValue, scenarioName, scenarioText,
  setOptions, timeScaleText, type RobotRow,
} from './panels.js';
import { WardScene, type RobotView } from './scene.js';
import { i18n, t } from './words.js';

type Outcome = { success: boolean; message: string };
type AlertKind = 'link' | 'map' | 'sim';
/** Connected, but no /sim/state this long after: not a simulator. */
const NO_SIM_AFTER_MS = 4000;

class SimView {
  private map: MapView | null = null;
  private scene: WardScene | null = null;
  private readonly lanesByLevel = new Map<string, Lane[]>();
  private level = '';
  private shownScale: string | null = null;
  private shownScenario: string | null = null;
  private renderQueued = false;
  private linkState: LinkState = 'connecting';
  private everUp = false;
  /** What the alert bar says (the link's trouble, the map's), each asked again after a language switch. */
  private readonly alertWords: Partial<Record<AlertKind, () => string>> = {};
  private readonly robotList: RobotList;
  private readonly faultList: FaultList;

  constructor(private readonly sim: SimClient, private readonly url: string) {
    this.robotList = new RobotList(byId('robots'), (robot) => this.showRobot(robot));
    this.faultList = new FaultList(byId('faults'), byId('faults-none'), byId('faults-clear-all'), (id) => void this.clearFault(id));
    this.bindControls();
    sim.onChange(() => {
      if (sim.state && this.alertWords.sim) this.alert('sim', null);
      this.queueRender();
    });
    i18n.onChange(() => this.relabel());
  }

  /** The floor plan, from the brain that serves this page. */
  async loadMap(): Promise<void> {
    try {
      const response = await fetch('/api/map', { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.map = (await response.json()) as MapView;
    } catch (err) {
      const error = (err as Error).message;
      this.alert('map', () => t('map.failed', { error }));
      return;
    }
    for (const level of this.map.levels) this.lanesByLevel.set(level.name, levelLanes(level, this.map.places));
    const host = byId('scene');
    if (WardScene.supported()) {
      this.scene = new WardScene(host, (lane) => this.pickLane(lane));
      this.scene.setMap(this.map);
    } else {
      host.classList.add('is-unsupported');
      host.textContent = t('webgl.missing');
    }
    setOptions(byId('level'), this.map.levels.map((l) => ({ value: l.name, label: l.name })));
    this.showLevel(this.map.levels[0]?.name ?? '');
  }

  onLink(state: LinkState): void {
    this.linkState = state;
    if (state === 'up') {
      this.everUp = true;
      // A rosbridge server that is not the simulator's (a real robot's) has no /sim/state to send.
      setTimeout(() => {
        if (this.linkState === 'up' && !this.sim.state) this.alert('sim', () => t('offline.noSim', { url: this.url }));
      }, NO_SIM_AFTER_MS);
    }
    this.renderConnection();
  }

  private get places(): readonly PlaceView[] { return this.map?.places ?? []; }
  private lanes(level = this.level): readonly Lane[] { return this.lanesByLevel.get(level) ?? []; }

  private showLevel(name: string): void {
    this.level = name;
    byId<HTMLSelectElement>('level').value = name;
    this.scene?.showLevel(name);
    this.scene?.setLanes(this.lanes());
    this.scene?.relabelPlaces((p) => this.placeLabel(p.name));
    this.queueRender();
  }

  private placeLabel(name: string): string {
    return this.places.find((p) => p.name === name)?.label[i18n.lang()] || name;
  }

  // ---- rendering ----

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  private rows(state: SimStateMsg | null): RobotRow[] {
    return (state?.robots ?? []).map((r) => {
      const own = this.sim.topics.get(r.name);
      // What the robot itself says while its link is up; what the simulator knows while it is cut off.
      const battery = r.link_up && own?.battery !== null && own?.battery !== undefined ? own.battery : r.battery;
      const level = (this.map?.levels.length ?? 0) > 1 ? (r.link_up ? own?.pose?.level : undefined) ?? r.level : null;
      return { name: r.name, battery, charging: r.charging, mode: r.mode, linkUp: r.link_up, level };
    });
  }

  private render(): void {
    const state = this.sim.state;
    const rows = this.rows(state);
    this.robotList.render(rows);
    byId('robots-none').hidden = rows.length > 0;
    const live = state !== null && this.linkState === 'up';
    for (const button of document.querySelectorAll<HTMLButtonElement>('.fault-form button[type="submit"]')) button.disabled = !live;
    this.faultList.render(state?.faults ?? [], (f) => this.faultWords(f));
    fillFaultPickers(state, this.lanes(), this.places);
    this.renderTime(state);
    this.renderScenario(state);
    this.renderClock(state);
    if (this.scene && state) {
      const views: RobotView[] = state.robots.map((r, i) => {
        const own = this.sim.topics.get(r.name)?.pose;
        const pose = r.link_up && own ? own : { level: r.level, x: r.x, y: r.y, yaw: r.yaw };
        const row = rows[i]!;
        const label = `${r.name} · ${percentText(row.battery)}%${r.link_up ? '' : ` · ${t('robots.linkDown')}`}`;
        return { name: r.name, level: pose.level, pose, battery: row.battery, linkUp: r.link_up, label };
      });
      this.scene.setRobots(views);
      this.scene.setPatientsInBed(new Set(state.patients_in_bed));
      this.scene.setBlocks(state.faults.filter((f) => f.kind === FAULT_KIND.BLOCKED_CORRIDOR));
      byId('scene').setAttribute('aria-label', t('view.label', {
        level: this.level, robots: views.filter((v) => v.level === this.level).length, faults: state.faults.length,
      }));
    }
  }

  private renderTime(state: SimStateMsg | null): void {
    const select = byId<HTMLSelectElement>('time-scale');
    const pause = byId<HTMLButtonElement>('pause');
    const current = state ? scaleValue(state) : null;
    fillTimeScales(current);
    if (current !== null && current !== this.shownScale) {
      select.value = current;
      this.shownScale = current;
    }
    const paused = state?.paused ?? false;
    pause.textContent = paused ? t('time.resume') : t('time.pause');
    pause.setAttribute('aria-pressed', String(paused));
    for (const el of [select, pause]) el.disabled = !state || this.linkState !== 'up';
  }

  private renderScenario(state: SimStateMsg | null): void {
    const select = byId<HTMLSelectElement>('scenario');
    setOptions(select, (state?.scenarios ?? []).map((s) => ({ value: s, label: scenarioName(s) })));
    // The list shows the scenario last started, until someone picks another.
    if (state?.scenario && state.scenario !== this.shownScenario) {
      select.value = state.scenario;
      this.shownScenario = state.scenario;
    }
    byId('scenario-text').textContent = scenarioText(select.value);
    byId('scenario-current').textContent = state?.scenario ? t('scenario.current', { name: scenarioName(state.scenario) }) : t('scenario.none');
    byId<HTMLButtonElement>('scenario-start').disabled = !state || this.linkState !== 'up';
  }

  private renderClock(state: SimStateMsg | null): void {
    const el = byId('sim-clock');
    const ms = this.sim.clockMs ?? (state ? state.stamp.sec * 1000 + Math.floor(state.stamp.nanosec / 1e6) : null);
    if (ms === null) {
      el.textContent = '';
      return;
    }
    const speed = !state ? '' : state.paused ? t('clock.paused') : state.flat_out ? t('clock.flatOut') : t('clock.scale', { scale: state.time_scale });
    el.textContent = `${t('clock.label')} ${this.clock(ms)}${speed ? ` · ${speed}` : ''}`;
    el.classList.toggle('is-paused', state?.paused ?? false);
  }

  private renderConnection(): void {
    const el = byId('connection');
    el.className = `connection is-${this.linkState}`;
    el.textContent = t(this.linkState === 'up' ? 'conn.up' : this.linkState === 'down' ? 'conn.down' : 'conn.connecting', { url: this.url });
    if (this.linkState === 'down' && !this.everUp) this.alert('link', () => t('offline.unreachable', { url: this.url }));
    else if (this.linkState === 'up') this.alert('link', null);
    this.queueRender();
  }

  private clock(epochMs: number): string {
    return new Date(epochMs).toLocaleString(i18n.lang(), { dateStyle: 'medium', timeStyle: 'medium' });
  }

  private faultWords(f: SimFaultMsg): string {
    return faultText(f, { places: this.places, lanesOf: (level) => this.lanes(level), clock: (ms) => this.clock(ms) }, i18n);
  }

  private relabel(): void {
    document.title = `${t('title')} — ward robot`;
    this.scene?.relabelPlaces((p) => this.placeLabel(p.name));
    // Lists rebuild their options when the words change, keeping what was chosen.
    this.showAlerts();
    this.renderConnection();
    this.render();
  }

  /** Sets (or with null clears) one of the alert bar's messages. */
  private alert(which: AlertKind, words: (() => string) | null): void {
    if (words) this.alertWords[which] = words;
    else delete this.alertWords[which];
    this.showAlerts();
  }

  private showAlerts(): void {
    const texts = Object.values(this.alertWords).map((w) => w());
    const el = byId('alert');
    el.hidden = texts.length === 0;
    el.textContent = texts.join(' ');
  }

  // ---- controls ----

  private bindControls(): void {
    byId<HTMLSelectElement>('level').addEventListener('change', (e) => this.showLevel((e.target as HTMLSelectElement).value));
    byId('view-reset').addEventListener('click', () => this.scene?.resetView());
    byId<HTMLSelectElement>('time-scale').addEventListener('change', (e) => void this.setTimeScale((e.target as HTMLSelectElement).value));
    byId('pause').addEventListener('click', () => void this.togglePause());
    byId<HTMLSelectElement>('scenario').addEventListener('change', (e) => {
      byId('scenario-text').textContent = scenarioText((e.target as HTMLSelectElement).value);
    });
    byId('scenario-start').addEventListener('click', () => void this.startScenario());
    byId<HTMLSelectElement>('corridor-lane').addEventListener('change', () => this.scene?.selectLane(this.chosenLane()));
    byId<HTMLSelectElement>('corridor-lane').addEventListener('focus', () => this.scene?.selectLane(this.chosenLane()));
    this.onSubmit('fault-corridor', () => this.blockCorridor());
    this.onSubmit('fault-patient', () => this.patientAbsent());
    this.onSubmit('fault-link', () => this.dropLink());
    this.onSubmit('fault-battery', () => this.setBattery());
    byId('faults-clear-all').addEventListener('click', () => void this.run(this.sim.call('clearFault', { all: true }), () => t('done.clearedAll')));
  }

  private onSubmit(id: string, action: () => Promise<void> | void): void {
    byId<HTMLFormElement>(id).addEventListener('submit', (e) => {
      e.preventDefault();
      void action();
    });
  }

  /** Shows the outcome of a call: what was done, the simulator's refusal, or why the call failed. */
  private async run<R extends Outcome>(call: Promise<R>, done: (r: R) => string): Promise<R | null> {
    try {
      const r = await call;
      this.say(r.success ? done(r) : t('refused', { reason: r.message }), r.success ? 'ok' : 'error');
      return r;
    } catch (err) {
      this.say(t('failed', { reason: (err as Error).message }), 'error');
      return null;
    }
  }

  private say(text: string, kind: 'ok' | 'error'): void {
    const el = byId('message');
    el.textContent = text;
    el.className = `message is-${kind}`;
  }

  private async setTimeScale(value: string): Promise<void> {
    const request = value === 'max' ? { flat_out: true } : { time_scale: Number(value), flat_out: false };
    const r = await this.run(this.sim.call('setTimeScale', request), () => (value === 'max' ? t('done.flatOut') : t('done.timeScale', { scale: timeScaleText(value) })));
    // Refused or failed: the list goes back to the speed the simulator runs at.
    if (!r?.success && this.sim.state) byId<HTMLSelectElement>('time-scale').value = scaleValue(this.sim.state);
  }

  private async togglePause(): Promise<void> {
    const paused = !(this.sim.state?.paused ?? false);
    await this.run(this.sim.call('setPaused', { paused }), () => t(paused ? 'done.paused' : 'done.resumed'));
  }

  private async startScenario(): Promise<void> {
    const name = byId<HTMLSelectElement>('scenario').value;
    if (name) await this.run(this.sim.call('startScenario', { name }), () => t('done.scenario', { name: scenarioName(name) }));
  }

  private chosenLane(): Lane | null {
    const index = byId<HTMLSelectElement>('corridor-lane').value;
    return this.lanes().find((l) => String(l.index) === index) ?? null;
  }

  private pickLane(lane: Lane): void {
    const select = byId<HTMLSelectElement>('corridor-lane');
    select.value = String(lane.index);
    this.scene?.selectLane(lane);
    this.say(laneName(lane, i18n), 'ok');
  }

  private async blockCorridor(): Promise<void> {
    const lane = this.chosenLane();
    if (!lane) return;
    // The lane's middle: the simulator blocks the lane nearest it, which is this one.
    const request = { level: this.level, x: (lane.x1 + lane.x2) / 2, y: (lane.y1 + lane.y2) / 2, radius: 0, from_vertex: -1, to_vertex: -1 };
    const r = await this.run(this.sim.call('blockCorridor', request), (res) => t('done.corridor', { id: res.fault_id }));
    if (r?.success) this.scene?.selectLane(null);
  }

  private async patientAbsent(): Promise<void> {
    const bed = byId<HTMLSelectElement>('patient-bed').value;
    if (bed) await this.run(this.sim.call('setPatientAbsent', { bed }), (r) => t('done.patient', { bed: this.placeLabel(bed), id: r.fault_id }));
  }

  private async dropLink(): Promise<void> {
    const robot = byId<HTMLSelectElement>('link-robot').value;
    const duration = Number(byId<HTMLSelectElement>('link-duration').value || 0);
    if (robot) await this.run(this.sim.call('dropLink', { robot, duration }), (r) => t('done.link', { robot, id: r.fault_id }));
  }

  private async setBattery(): Promise<void> {
    const robot = byId<HTMLSelectElement>('battery-robot').value;
    const input = byId<HTMLInputElement>('battery-percent');
    const percent = input.valueAsNumber;
    const valid = percent >= 0 && percent <= 100;
    input.setAttribute('aria-invalid', String(!valid));
    if (!valid) {
      this.say(t('fault.battery.range'), 'error');
      input.focus();
      return;
    }
    if (robot) await this.run(this.sim.call('setBattery', { robot, percent }), () => t('done.battery', { robot, percent }));
  }

  private async clearFault(id: string): Promise<void> {
    await this.run(this.sim.call('clearFault', { fault_id: id, all: false }), () => t('done.cleared', { id }));
  }

  private showRobot(robot: string): void {
    const r = this.sim.state?.robots.find((x) => x.name === robot);
    const level = this.sim.topics.get(robot)?.pose?.level ?? r?.level;
    if (level && level !== this.level) this.showLevel(level);
    this.scene?.lookAt(robot);
  }
}

async function brainLink(): Promise<{ kind: string; url: string } | null> {
  try {
    const response = await fetch('/api/health', { headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { link?: { kind?: unknown; url?: unknown } };
    const { kind, url } = body.link ?? {};
    return typeof kind === 'string' && typeof url === 'string' ? { kind, url } : null;
  } catch {
    return null;
  }
}

async function start(): Promise<void> {
  i18n.translateStatic(document);
  i18n.onChange(() => i18n.translateStatic(document));
  document.title = `${t('title')} — ward robot`;
  fillLanguages(byId('lang'));
  const given = new URLSearchParams(location.search).has('rosbridge');
  const where = resolveRosbridgeUrl(location, given ? null : await brainLink());
  if (!where.ok) {
    byId('alert').hidden = false;
    byId('alert').textContent = t('offline.badUrl', { given: where.given });
    i18n.onChange(() => { byId('alert').textContent = t('offline.badUrl', { given: where.given }); });
    return;
  }
  const ros = new RosbridgeClient(where.url);
  const sim = new SimClient(ros);
  const view = new SimView(sim, where.url);
  ros.onState((state) => view.onLink(state));
  view.onLink(ros.state);
  await view.loadMap();
  sim.start();
}

void start();
