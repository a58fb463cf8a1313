// Robots at a glance: status in words, battery as a bar with its number, the task it is on.
import type { RobotState } from './api-types.js';
import { css, robotColour } from './colours.js';
import { el } from './dom.js';
import { t } from './i18n.js';

export class RobotsPanel {
  private readonly robots = new Map<string, RobotState>();

  constructor(private readonly root: HTMLElement) {}

  replaceAll(robots: RobotState[]): void {
    this.robots.clear();
    for (const r of robots) this.robots.set(r.name, r);
    this.render();
  }

  upsert(robot: RobotState): void {
    this.robots.set(robot.name, robot);
    this.render();
  }

  render(): void {
    const list = [...this.robots.values()].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    if (!list.length) {
      this.root.replaceChildren(el('p', { class: 'empty' }, t('robots.none')));
      return;
    }
    this.root.replaceChildren(el('ul', { class: 'robot-list' }, ...list.map((r) => {
      const pct = Math.round(r.battery.percentage);
      const bar = el('div', { class: `battery${pct < 20 ? ' low' : ''}`, role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(pct), 'aria-label': t('robots.battery', { pct }) });
      bar.append(el('span', { style: `width:${pct}%` }));
      return el('li', { class: `robot status-${r.status}`, 'data-robot': r.name },
        el('span', { class: 'swatch', style: `background:${css(robotColour(r.name))}` }),
        el('strong', {}, r.name),
        el('span', { class: `badge rstatus-${r.status}` }, t(`rstatus.${r.status}`)),
        bar,
        el('span', { class: 'battery-text' }, `${t('robots.battery', { pct })}${r.battery.charging ? ` · ${t('robots.charging')}` : ''}`),
        el('span', { class: 'robot-task' }, r.task_id ? t('robots.task', { id: r.task_id }) : t('robots.noTask')));
    })));
  }
}
