// The staff dashboard: wires the live store, the map and the panels together.
import './style.css';
import { fetchMap, fetchRobots, fetchTasks } from './api.js';
import type { BuildingMap, Lang } from './api-types.js';
import { batched, el } from './dom.js';
import { LANGS, lang, onLangChange, setLang, t, translateStatic } from './i18n.js';
import { connectLive } from './live.js';
import { AlertsPanel } from './alerts-panel.js';
import { ApprovalsPanel } from './approvals-panel.js';
import { AskPanel } from './ask-panel.js';
import { AuditPanel } from './audit-panel.js';
import { renderLegend } from './map-legend.js';
import { MapView } from './map-view.js';
import { PlaceIndex } from './places.js';
import { PatientView } from './patient-view.js';
import { PlannerBadge } from './planner-badge.js';
import { RecordsTabs } from './records-tabs.js';
import { ReportsPanel } from './reports-panel.js';
import { RobotsPanel } from './robots-panel.js';
import { SchedulesPanel } from './schedules-panel.js';
import { hasRole, onSessionChange, session } from './session.js';
import { renderUserBar, SignInPanel } from './sign-in.js';
import { DashboardStore } from './store.js';
import { TaskForm } from './task-form.js';
import { TaskList } from './task-list.js';
import { WardRecordsCache } from './ward-records.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html has no #${id}`);
  return node as T;
};

const store = new DashboardStore();
const places = new PlaceIndex();
const records = new WardRecordsCache();
let building: BuildingMap | null = null;
let levelName = '';
let map: MapView | null = null;
const APPROVALS_POLL_MS = 30_000;

const signIn = new SignInPanel($('sign-in'));
const approvals = new ApprovalsPanel($('approvals'), $('approvals-count'), places, records, (plan) => ask.planChanged(plan), (taskId) => tasks.focusStaff(taskId));
const form = new TaskForm($('task-form'), places, store, records, (name) => map?.selectPlace(name), (plan) => approvals.put(plan));
const ask: AskPanel = new AskPanel($('ask'), places, records, (plan) => approvals.put(plan));
const planner = new PlannerBadge($('planner'));
const alerts = new AlertsPanel($('alerts'), $('alerts-count'), places, (open) => map?.setAlerts(open));
const tasks: TaskList = new TaskList($('tasks'), store, places, records, (waiting) => approvals.setHandOffs(waiting));
const robots = new RobotsPanel($('robots'), store, places);
const schedules = new SchedulesPanel($('schedules'), places, records);
const recordPanels = { patient: el('div'), reports: el('div'), audit: el('div') };
const patientView = new PatientView(recordPanels.patient, places, records);
const reports = new ReportsPanel(recordPanels.reports, places);
const audit = new AuditPanel(recordPanels.audit);
const recordTabs = new RecordsTabs($('records'), [
  { id: 'patient', label: 'records.patient', panel: recordPanels.patient, show: () => void patientView.load() },
  { id: 'reports', label: 'records.reports', panel: recordPanels.reports, show: () => void reports.load() },
  { id: 'audit', label: 'records.audit', panel: recordPanels.audit, show: () => void audit.load() },
], 'records.title');
map = createMap();

function createMap(): MapView | null {
  const host = $('map');
  if (MapView.supported()) {
    try {
      return new MapView(host, (place) => form.choose(place), { onAlertPick: (id) => alerts.focusAlert(id), placeLabel: (name) => places.label(name) });
    } catch (err) {
      // A GPU blocklisted after the check: the rest of the dashboard still serves.
      console.warn('map disabled:', err);
    }
  }
  host.append(el('p', { class: 'notice' }, t('map.noWebgl')));
  for (const id of ['zoom-in', 'zoom-out', 'fit']) $<HTMLButtonElement>(id).disabled = true;
  return null;
}

function renderConnection(): void {
  const node = $('connection');
  node.textContent = t(store.connection === 'up' ? 'conn.up' : store.connection === 'down' ? 'conn.down' : 'conn.connecting');
  node.className = `connection ${store.connection}`;
}

function showLevel(name: string): void {
  levelName = name;
  if (building) map?.showLevel(building, name);
  renderLevels();
}

function renderLevels(): void {
  if (!building) return;
  $('levels').replaceChildren(...building.levels.map((level) => {
    const button = el('button', { type: 'button', 'aria-pressed': String(level.name === levelName) }, `${t('map.level')} ${level.name}`);
    button.addEventListener('click', () => showLevel(level.name));
    return button;
  }));
}

function renderLangSwitch(): void {
  const select = $<HTMLSelectElement>('lang');
  select.replaceChildren(...LANGS.map((l) => el('option', { value: l, lang: l }, l === 'zh-CN' ? '中文' : 'English')));
  select.value = lang();
  select.addEventListener('change', () => setLang(select.value as Lang));
}

const renderTasks = batched(() => {
  tasks.render();
  // A robot's line names its task's place, so it follows task changes too.
  robots.render();
});
const renderRobots = batched(() => robots.render());

function renderAll(): void {
  document.title = t('app.title');
  document.documentElement.lang = lang();
  $<HTMLSelectElement>('lang').value = lang();
  translateStatic(document);
  renderConnection();
  renderLevels();
  if (building) renderLegend($('legend'), new Set(building.places.map((p) => p.kind)));
  renderUserBar($('user'));
  signIn.render();
  form.render();
  alerts.render();
  planner.render();
  ask.render();
  approvals.render(true);
  schedules.render();
  tasks.render(true);
  robots.render();
  recordTabs.render();
  patientView.render();
  reports.render();
  audit.render();
  map?.relabel();
}

async function loadMap(): Promise<void> {
  const notice = $('map-notice');
  try {
    building = await fetchMap();
    notice.hidden = true;
    places.set(building.places);
    showLevel(building.levels.some((l) => l.name === levelName) ? levelName : building.levels[0]?.name ?? '');
    renderAll();
  } catch (err) {
    notice.textContent = t('map.loadFailed', { error: (err as Error).message });
    notice.hidden = false;
  }
}

/** Fills the board before the socket's snapshot arrives; the snapshot wins if it is first. */
async function loadState(): Promise<void> {
  try {
    const [robotList, taskList] = await Promise.all([fetchRobots(), fetchTasks()]);
    store.applyFetched(robotList, taskList);
  } catch (err) {
    console.warn('initial robots/tasks not loaded; waiting for the live snapshot:', err);
  }
}

store.on('robots', () => {
  map?.setRobots([...store.robots.values()]);
  renderRobots();
});
store.on('tasks', renderTasks);
store.on('connection', renderConnection);
onLangChange(renderAll);

/** Signed out: only the sign-in panel; signed in: the form and the alerts, freshly fetched. */
function showSession(): void {
  const signedIn = session() !== null;
  $('sign-in-section').hidden = signedIn;
  $('form-section').hidden = !signedIn;
  $('alerts-section').hidden = !signedIn;
  $('approvals-section').hidden = !signedIn;
  $('ask-section').hidden = !signedIn;
  $('schedules-section').hidden = !signedIn;
  $('records-section').hidden = !signedIn;
  renderUserBar($('user'));
  signIn.render();
  tasks.render(true);
  robots.render();
  if (signedIn) {
    void alerts.load();
    void form.refresh();
    void schedules.load();
    void planner.load();
    void approvals.load();
    // Clinical staff start at a patient; others (engineers) at the ward's reports.
    recordTabs.select(hasRole('nurse', 'pharmacist', 'ward_manager') ? 'patient' : 'reports', true);
  } else {
    alerts.clear();
    schedules.clear();
    planner.clear();
    ask.clear();
    approvals.clear();
    patientView.clear();
    reports.clear();
    audit.clear();
    signIn.focus();
  }
}
onSessionChange(showSession);
// Next occurrences move on as time passes (and schedules may be changed at another desk).
setInterval(() => { if (session()) void schedules.load(); }, 60_000);
// Plans arrive live (plan_changed); the inbox also asks now and then in case the socket missed one.
setInterval(() => { if (session() && document.visibilityState === 'visible') void approvals.load(); }, APPROVALS_POLL_MS);

$('fit').addEventListener('click', () => map?.fit());
$('zoom-in').addEventListener('click', () => map?.zoom(1.4));
$('zoom-out').addEventListener('click', () => map?.zoom(1 / 1.4));
renderLangSwitch();
renderAll();
showSession();
void loadMap();
void loadState();
connectLive(store, {
  onConnect: () => {
    // A map that failed to load (brain still starting, network blip) is fetched again once the brain is back,
    // and alerts raised while the socket was down are fetched.
    if (!building) void loadMap();
    if (session()) {
      void alerts.load();
      void schedules.load();
      void planner.load();
      void approvals.load();
    }
  },
  onAlertRaised: (alert) => alerts.put(alert),
  onAlertAcknowledged: (id) => alerts.acknowledged(id),
  onPlanChanged: () => { if (session()) void approvals.load(); },
});
