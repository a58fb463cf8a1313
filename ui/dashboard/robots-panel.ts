// Robots at a glance: status in words, battery as a bar with its number, where it is, the task it is on.
import type { RobotState } from './api-types.js';
import { el } from './dom.js';
import { clock, t } from './i18n.js';
import { OFFLINE_COLOR, robotColor } from './map-style.js';
import type { PlaceIndex } from './places.js';
import type { DashboardStore } from './store.js';
import { taskPlace } from './task-text.js';

const LOW_BATTERY_PCT = 20;

export class RobotsPanel {
  constructor(private readonly root: HTMLElement, private readonly store: DashboardStore, private readonly places: PlaceIndex) {}

  render(): void {
    const list = [...this.store.robots.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    if (!list.length) {
      this.root.replaceChildren(el('p', { class: 'empty' }, t('robots.none')));
      return;
    }
    this.root.replaceChildren(el('ul', { class: 'robot-list' }, ...list.map((robot) => this.item(robot))));
  }

  private item(robot: RobotState): HTMLLIElement {
    const pct = Math.round(robot.battery.percentage);
    const batteryText = `${t('robots.battery', { pct })}${robot.battery.charging ? ` · ${t('robots.charging')}` : ''}`;
    const bar = el('div', {
      class: `battery${pct < LOW_BATTERY_PCT ? ' low' : ''}`, role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(pct), 'aria-valuetext': batteryText, 'aria-label': robot.name,
    }, el('span', { style: `width:${Math.min(100, Math.max(0, pct))}%` }));
    const where = [robot.level ? t('robots.level', { level: robot.level }) : null,
      robot.status === 'offline' && robot.last_seen_ms > 0 ? t('robots.lastSeen', { time: clock(robot.last_seen_ms) }) : null]
      .filter((part) => part !== null).join(' · ');
    return el('li', { class: `robot status-${robot.status}`, 'data-robot': robot.name },
      el('span', { class: 'swatch', style: `background:${robot.status === 'offline' ? OFFLINE_COLOR : robotColor(robot.name)}` }),
      el('strong', {}, robot.name),
      el('span', { class: `badge rstatus-${robot.status}` }, t(`rstatus.${robot.status}`)),
      bar,
      el('span', { class: 'battery-text' }, batteryText),
      where ? el('span', { class: 'robot-where' }, where) : null,
      el('span', { class: 'robot-task' }, this.taskText(robot.task_id)));
  }

  private taskText(taskId: string | null): string {
    if (!taskId) return t('robots.noTask');
    const task = this.store.tasks.get(taskId);
    const place = task ? taskPlace(task) : null;
    return place ? t('tasks.to', { place: this.places.label(place) }) : t('robots.task', { id: taskId });
  }
}
