// The control panel beside the 3D view: time, scenario, the robots, the fault forms and the faults in
// force. Lists are updated in place, keyed by robot or fault, so that keyboard focus stays where it was.
import type { PlaceView } from '../../brain/index.js';
import type { SimFaultMsg, SimStateMsg } from '../../sim/control/protocol.js';
import { robotColor, OFFLINE_COLOR } from '../dashboard/map-style.js';
import { LANG_NAMES, LANGS, type Lang } from '../shared/i18n.js';
import { laneOption, type Lane } from './lanes.js';
import { batteryColor } from './scene.js';
import { i18n, t, type WordKey } from './words.js';

export const TIME_SCALES = ['0.5', '1', '2', '5', '10', '20', '60', '120', '600', 'max'] as const;
export const LINK_DURATIONS_S = [0, 30, 60, 300, 600] as const;

/** One robot as the panel and the view show it. */
export interface RobotRow {
  name: string;
  /** 0..1 or null. */
  battery: number | null;
  charging: boolean;
  mode: number;
  linkUp: boolean;
  /** The level it is on, shown when the ward has more than one. */
  level: string | null;
}

export function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`sim view: #${id} is missing from index.html`);
  return el as T;
}

/** Sets a select's options, rebuilding only when they changed; keeps the chosen value while it is offered. */
export function setOptions(select: HTMLSelectElement, options: readonly { value: string; label: string }[], empty?: string): void {
  const shown = options.length ? options : [{ value: '', label: empty ?? '' }];
  const same = select.options.length === shown.length
    && shown.every((o, i) => select.options[i]!.value === o.value && select.options[i]!.text === o.label);
  select.disabled = options.length === 0;
  if (same) return;
  const keep = select.value;
  select.replaceChildren(...shown.map((o) => new Option(o.label, o.value)));
  if (shown.some((o) => o.value === keep)) select.value = keep;
}

export const percentText = (fraction: number | null): string => (fraction === null ? '–' : `${Math.round(fraction * 100)}`);

export function modeText(mode: number): string {
  const key = `mode.${mode}`;
  return i18n.has(key) ? t(key) : String(mode);
}

export function scenarioName(name: string): string {
  const key = `scenario.${name}`;
  return i18n.has(key) ? t(key) : name;
}

export function scenarioText(name: string): string {
  const key = `scenario.${name}.text`;
  return i18n.has(key) ? t(key) : '';
}

export function timeScaleText(value: string): string {
  return value === 'max' ? t('time.flatOut') : t('time.option', { scale: value });
}

/** The time-scale value of a state: 'max' or the number as the select spells it. */
export function scaleValue(state: SimStateMsg): string {
  return state.flat_out ? 'max' : String(state.time_scale);
}

export function fillLanguages(select: HTMLSelectElement): void {
  setOptions(select, LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] })));
  select.value = i18n.lang();
  select.addEventListener('change', () => i18n.setLang(select.value as Lang));
}

export class RobotList {
  private readonly items = new Map<string, { li: HTMLLIElement; swatch: HTMLSpanElement; button: HTMLButtonElement; mode: HTMLSpanElement; meter: HTMLMeterElement; battery: HTMLSpanElement; link: HTMLSpanElement }>();

  constructor(private readonly list: HTMLUListElement, private readonly onShow: (robot: string) => void) {}

  render(rows: readonly RobotRow[]): void {
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.name);
      const item = this.items.get(row.name) ?? this.create(row.name);
      item.swatch.style.background = row.linkUp ? robotColor(row.name) : OFFLINE_COLOR;
      item.button.textContent = row.name;
      item.button.setAttribute('aria-label', t('robots.show', { robot: row.name }));
      const mode = row.charging && row.mode !== 2 ? `${modeText(row.mode)}, ${t('robots.charging')}` : modeText(row.mode);
      item.mode.textContent = row.level ? `${mode} · ${row.level}` : mode;
      item.meter.value = row.battery === null ? 0 : Math.round(row.battery * 100);
      item.meter.style.setProperty('--battery', batteryColor(row.battery ?? 0));
      item.battery.textContent = t('robots.battery', { percent: percentText(row.battery) });
      item.link.hidden = row.linkUp;
      item.link.textContent = t('robots.linkDown');
      item.li.dataset['link'] = row.linkUp ? 'up' : 'down';
      item.li.dataset['battery'] = percentText(row.battery);
    }
    for (const [name, item] of this.items) {
      if (seen.has(name)) continue;
      item.li.remove();
      this.items.delete(name);
    }
  }

  private create(name: string) {
    const li = document.createElement('li');
    li.className = 'robot';
    li.dataset['robot'] = name;
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'robot-name link-button';
    button.addEventListener('click', () => this.onShow(name));
    const mode = document.createElement('span');
    mode.className = 'robot-mode';
    const meter = document.createElement('meter');
    Object.assign(meter, { min: 0, max: 100, low: 20, high: 50, optimum: 100 });
    meter.className = 'robot-meter';
    meter.setAttribute('aria-hidden', 'true');
    const battery = document.createElement('span');
    battery.className = 'robot-battery';
    const link = document.createElement('span');
    link.className = 'badge badge--down robot-link';
    li.append(swatch, button, mode, meter, battery, link);
    this.list.append(li);
    const item = { li, swatch, button, mode, meter, battery, link };
    this.items.set(name, item);
    return item;
  }
}

export class FaultList {
  private readonly items = new Map<string, { li: HTMLLIElement; text: HTMLSpanElement; button: HTMLButtonElement }>();

  constructor(
    private readonly list: HTMLUListElement,
    private readonly none: HTMLElement,
    private readonly clearAll: HTMLButtonElement,
    private readonly onClear: (id: string, trigger: HTMLButtonElement) => void,
  ) {}

  render(faults: readonly SimFaultMsg[], text: (f: SimFaultMsg) => string): void {
    const seen = new Set<string>();
    for (const fault of faults) {
      seen.add(fault.id);
      const item = this.items.get(fault.id) ?? this.create(fault);
      const words = text(fault);
      item.text.textContent = words;
      item.button.textContent = t('active.clear');
      item.button.setAttribute('aria-label', t('active.clearLabel', { fault: words }));
    }
    for (const [id, item] of this.items) {
      if (seen.has(id)) continue;
      // Focus on a removed button would fall to the page: keep it in the list.
      const hadFocus = item.li.contains(document.activeElement);
      item.li.remove();
      this.items.delete(id);
      if (hadFocus) (this.list.querySelector('button') ?? this.clearAll).focus();
    }
    this.none.hidden = faults.length > 0;
    this.clearAll.disabled = faults.length === 0;
  }

  private create(fault: SimFaultMsg) {
    const li = document.createElement('li');
    li.className = 'fault';
    li.dataset['faultId'] = fault.id;
    li.dataset['kind'] = String(fault.kind);
    const text = document.createElement('span');
    text.className = 'fault-text';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'fault-clear';
    button.addEventListener('click', () => this.onClear(fault.id, button));
    li.append(text, button);
    this.list.append(li);
    const item = { li, text, button };
    this.items.set(fault.id, item);
    return item;
  }
}

/** The pickers of the fault forms, from the state and the level on show. */
export function fillFaultPickers(state: SimStateMsg | null, lanes: readonly Lane[], places: readonly PlaceView[]): void {
  const none = t('fault.none');
  const robots = (state?.robots ?? []).map((r) => ({ value: r.name, label: r.name }));
  setOptions(byId('link-robot'), robots, none);
  setOptions(byId('battery-robot'), robots, none);
  const label = (bed: string) => places.find((p) => p.name === bed)?.label[i18n.lang()] || bed;
  setOptions(byId('patient-bed'), (state?.occupied_beds ?? []).map((bed) => ({ value: bed, label: label(bed) })), none);
  setOptions(byId('corridor-lane'), lanes.map((lane) => ({ value: String(lane.index), label: laneOption(lane, i18n) })), none);
  setOptions(byId('link-duration'), LINK_DURATIONS_S.map((s) => ({
    value: String(s),
    label: s === 0 ? t('fault.link.forever') : s < 120 ? t('fault.link.seconds', { n: s }) : t('fault.link.minutes', { n: s / 60 }),
  })));
}

export function fillTimeScales(current: string | null): void {
  const values: string[] = [...TIME_SCALES];
  if (current && !values.includes(current)) {
    values.push(current);
    values.sort((a, b) => (a === 'max' ? 1 : b === 'max' ? -1 : Number(a) - Number(b)));
  }
  setOptions(byId('time-scale'), values.map((v) => ({ value: v, label: timeScaleText(v) })));
}

export type { WordKey };
