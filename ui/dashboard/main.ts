// The staff dashboard: wires the map, the panels and the live connection together.
import { io, type Socket } from 'socket.io-client';
import './style.css';
import { fetchMap, fetchRobots, fetchTasks } from './api.js';
import type { BuildingMap, Lang, ServerEvents } from './api-types.js';
import { css, KIND_COLOURS } from './colours.js';
import { el } from './dom.js';
import { LANGS, lang, onLangChange, setLang, t, translateStatic } from './i18n.js';
import type { MessageKey } from './i18n/en.js';
import { MapView } from './map-view.js';
import { PlaceIndex } from './places.js';
import { RobotsPanel } from './robots-panel.js';
import { TaskForm } from './task-form.js';
import { TaskList } from './task-list.js';

const $ = (id: string) => document.getElementById(id)!;

const places = new PlaceIndex();
const tasks = new TaskList($('tasks'), places);
const robots = new RobotsPanel($('robots'));
const form = new TaskForm($('task-form'), places);
const map = MapView.supported() ? new MapView($('map'), (p) => form.choose(p)) : null;
if (!map) $('map').append(el('p', { class: 'notice' }, t('map.noWebgl')));

let building: BuildingMap | null = null;
let levelName = '';
let connection: 'connecting' | 'up' | 'down' = 'connecting';

function renderConnection(): void {
  const node = $('connection');
  node.textContent = t(connection === 'up' ? 'conn.up' : connection === 'down' ? 'conn.down' : 'conn.connecting');
  node.className = `connection ${connection}`;
}

function renderLevels(): void {
  if (!building) return;
  $('levels').replaceChildren(...building.levels.map((l) => {
    const b = el('button', { type: 'button', 'aria-pressed': String(l.name === levelName) }, `${t('map.level')} ${l.name}`);
    b.addEventListener('click', () => { levelName = l.name; map?.showLevel(building!, levelName); renderLevels(); });
    return b;
  }));
}

function renderLegend(): void {
  const kinds = ['bed', 'pharmacy', 'nurse_station', 'charger', 'parking'] as const;
  $('legend').replaceChildren(...kinds.map((k) => el('li', {}, el('span', { class: `swatch kind-${k}`, style: `background:${css(KIND_COLOURS[k])}` }), t(`kind.${k}` as MessageKey))),
    el('li', {}, el('span', { class: 'swatch robot' }), t('kind.robot')));
}

function renderLangSwitch(): void {
  const select = $('lang') as HTMLSelectElement;
  select.replaceChildren(...LANGS.map((l) => el('option', { value: l }, l === 'zh-CN' ? '中文' : 'English')));
  select.value = lang();
}

function renderAll(): void {
  document.title = t('app.title');
  translateStatic(document);
  renderConnection();
  renderLevels();
  renderLegend();
  form.render();
  tasks.render();
  robots.render();
  map?.relabel();
}

($('lang') as HTMLSelectElement).addEventListener('change', (e) => setLang((e.target as HTMLSelectElement).value as Lang));
$('fit').addEventListener('click', () => map?.fit());
onLangChange(renderAll);
document.documentElement.lang = lang();
renderLangSwitch();
renderAll();

async function load(): Promise<void> {
  try {
    building = await fetchMap();
    places.set(building.places);
    levelName = building.levels[0]?.name ?? '';
    map?.showLevel(building, levelName);
    const [r, tk] = await Promise.all([fetchRobots(), fetchTasks()]);
    robots.replaceAll(r);
    for (const robot of r) map?.updateRobot(robot);
    tasks.replaceAll(tk);
    renderAll();
  } catch (err) {
    $('map').append(el('p', { class: 'notice error', role: 'alert' }, t('map.loadFailed', { error: (err as Error).message })));
  }
}

const socket: Socket<ServerEvents> = io({ transports: ['websocket', 'polling'] });
socket.on('connect', () => { connection = 'up'; renderConnection(); });
socket.on('disconnect', () => { connection = 'down'; renderConnection(); });
socket.io.on('reconnect_attempt', () => { connection = 'down'; renderConnection(); });
socket.on('snapshot', (s) => {
  robots.replaceAll(s.robots);
  for (const r of s.robots) map?.updateRobot(r);
  tasks.replaceAll(s.tasks);
});
socket.on('robot_state', (r) => { robots.upsert(r); map?.updateRobot(r); });
socket.on('task_state', (task) => tasks.upsert(task));

void load();
