// Robots at a glance: status in words, battery as a bar with its number, where it is, the task it is
// on, and (for signed-in staff) what its camera sees and its patient screen's pairing. Rows are updated in place as robots report
// (several times a second), so an opened camera or a focused button stays as it is.
import type { RobotState } from './api-types.js';
import { el } from './dom.js';
import { clock, t } from './i18n.js';
import { OFFLINE_COLOR, robotColor } from './map-style.js';
import type { PlaceIndex } from './places.js';
import { RobotCamera } from './robot-camera.js';
import { RobotScreen } from './robot-screen.js';
import { session } from './session.js';
import type { DashboardStore } from './store.js';
import { taskPlace } from './task-text.js';

const LOW_BATTERY_PCT = 20;

class RobotRow {
  readonly element: HTMLLIElement;
  readonly camera: RobotCamera;
  readonly screen: RobotScreen;
  private readonly info = el('div', { class: 'robot-info' });

  constructor(readonly name: string) {
    this.camera = new RobotCamera(name);
    this.screen = new RobotScreen(name);
    this.element = el('li', { class: 'robot', 'data-robot': name }, this.info, this.camera.element, this.screen.element);
  }

  update(robot: RobotState, taskText: string, signedIn: boolean): void {
    const pct = Math.round(robot.battery.percentage);
    const batteryText = `${t('robots.battery', { pct })}${robot.battery.charging ? ` · ${t('robots.charging')}` : ''}`;
    const bar = el('div', {
      class: `battery${pct < LOW_BATTERY_PCT ? ' low' : ''}`, role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(pct), 'aria-valuetext': batteryText, 'aria-label': robot.name,
    }, el('span', { style: `width:${Math.min(100, Math.max(0, pct))}%` }));
    const where = [robot.level ? t('robots.level', { level: robot.level }) : null,
      robot.status === 'offline' && robot.last_seen_ms > 0 ? t('robots.lastSeen', { time: clock(robot.last_seen_ms) }) : null]
      .filter((part) => part !== null).join(' · ');
    this.element.className = `robot status-${robot.status}`;
    this.info.replaceChildren(
      el('span', { class: 'swatch', style: `background:${robot.status === 'offline' ? OFFLINE_COLOR : robotColor(robot.name)}` }),
      el('strong', {}, robot.name),
      el('span', { class: `badge rstatus-${robot.status}` }, t(`rstatus.${robot.status}`)),
      bar,
      el('span', { class: 'battery-text' }, batteryText),
      where ? el('span', { class: 'robot-where' }, where) : '',
      el('span', { class: 'robot-task' }, taskText));
    if (!signedIn && this.camera.element.open) this.camera.reset();
    this.camera.element.hidden = !signedIn;
    this.camera.render();
    if (!signedIn && this.screen.element.open) this.screen.reset();
    this.screen.element.hidden = !signedIn;
    this.screen.relabel();
  }
}

export class RobotsPanel {
  private readonly rows = new Map<string, RobotRow>();
  private readonly list = el('ul', { class: 'robot-list' });
  private readonly empty = el('p', { class: 'empty' });

  constructor(private readonly root: HTMLElement, private readonly store: DashboardStore, private readonly places: PlaceIndex) {
    root.replaceChildren(this.empty, this.list);
  }

  render(): void {
    const list = [...this.store.robots.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    this.empty.textContent = t('robots.none');
    this.empty.hidden = list.length > 0;
    const names = new Set(list.map((r) => r.name));
    for (const [name, row] of this.rows) {
      if (names.has(name)) continue;
      row.element.remove();
      this.rows.delete(name);
    }
    const signedIn = session() !== null;
    list.forEach((robot, index) => {
      let row = this.rows.get(robot.name);
      if (!row) {
        row = new RobotRow(robot.name);
        this.rows.set(robot.name, row);
      }
      row.update(robot, this.taskText(robot.task_id), signedIn);
      const atIndex = this.list.children[index];
      if (atIndex !== row.element) this.list.insertBefore(row.element, atIndex ?? null);
    });
  }

  private taskText(taskId: string | null): string {
    if (!taskId) return t('robots.noTask');
    const task = this.store.tasks.get(taskId);
    const place = task ? taskPlace(task) : null;
    return place ? t('tasks.to', { place: this.places.label(place) }) : t('robots.task', { id: taskId });
  }
}
