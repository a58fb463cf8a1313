// The dashboard's charts, drawn as plain SVG: tasks per day by category, how long tasks took, why they
// failed, and pain scores over time. Each is a <figure> with a caption, an SVG with role="img" and an
// aria-label that says what it shows, and the same numbers as a table under "Show the numbers".
import type { ReportSummary } from './api-types.js';
import { durationTicks, linear, niceTicks, stack, timeTicks } from './chart-math.js';
import { el } from './dom.js';
import { duration, lang, t, time24 } from './i18n.js';
import { svg, title } from './svg.js';
import { categoryText, reasonText } from './task-text.js';

/** One colour per task category wherever a chart shows it (contrast ≥ 4.5:1 on white for the legend's words). */
const CATEGORY_COLOR: Record<string, string> = {
  ward_round: '#1f618d', health_education: '#117a65', medication_delivery: '#7d3c98', medication_return: '#a04000', go_to_place: '#566573',
};
const OTHER_COLORS = ['#9a7d0a', '#922b21', '#1a5276', '#4d5656'];
export function categoryColor(category: string, index = 0): string {
  return CATEGORY_COLOR[category] ?? OTHER_COLORS[index % OTHER_COLORS.length]!;
}

export const PAIN_ALERT_AT = 7;
export function painColor(value: number): string {
  return value >= PAIN_ALERT_AT ? '#c0392b' : value >= 4 ? '#b9770e' : '#1e8449';
}

interface Table { head: string[]; rows: (string | number)[][] }

const W = 480;

/** A chart's frame: caption, the picture (or a sentence when there is nothing to draw), its legend and its table. */
function figure(o: { name: string; caption: string; label: string; picture: SVGSVGElement | null; empty: string; legend?: HTMLElement | null; hint?: string; table: Table }): HTMLElement {
  const picture = o.picture;
  if (picture) {
    picture.setAttribute('role', 'img');
    picture.setAttribute('aria-label', o.label);
    picture.setAttribute('class', `chart chart-${o.name}`);
    picture.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  }
  const table = el('table', { class: 'chart-table' },
    el('thead', {}, el('tr', {}, ...o.table.head.map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...o.table.rows.map((row) => el('tr', {}, ...row.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, String(cell)) : el('td', {}, String(cell))))))));
  return el('figure', { class: `chart-figure chart-figure-${o.name}`, 'data-chart': o.name },
    el('figcaption', {}, o.caption),
    picture ?? el('p', { class: 'muted chart-empty' }, o.empty),
    o.legend ?? null,
    o.hint && picture ? el('p', { class: 'chart-hint' }, o.hint) : null,
    picture ? el('details', { class: 'chart-numbers' }, el('summary', {}, t('chart.table')), table) : null);
}

function legend(items: { label: string; color: string }[]): HTMLElement {
  return el('ul', { class: 'chart-legend' }, ...items.map((i) => el('li', {}, el('span', { class: 'chart-swatch', style: `background:${i.color}` }), i.label)));
}

/** "23 Nov" / "11月23日" for a day key ('2026-11-23'). */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(lang(), { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** A moment for people: the time today, else the date and time. */
export function whenLabel(ms: number, withDate = true): string {
  const date = new Date(ms).toLocaleDateString(lang(), { day: 'numeric', month: 'short' });
  return withDate ? `${date} ${time24(ms)}` : time24(ms);
}

function yAxis(ticks: number[], y: (v: number) => number, left: number, right: number, format: (v: number) => string = String): SVGGElement {
  return svg('g', { class: 'axis axis-y', 'aria-hidden': 'true' }, ...ticks.map((v) => svg('g', {},
    svg('line', { x1: left, x2: right, y1: y(v), y2: y(v), class: 'grid' }),
    svg('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end' }, format(v)))));
}

export function tasksPerDayChart(s: ReportSummary): HTMLElement {
  const m = { left: 30, right: 8, top: 10, bottom: 34 };
  const H = 220;
  const max = Math.max(0, ...s.tasks_per_day.map((d) => d.total));
  const ticks = niceTicks(max, 4);
  const y = linear([0, ticks[ticks.length - 1]!], [H - m.bottom, m.top]);
  const band = (W - m.left - m.right) / Math.max(1, s.tasks_per_day.length);
  const every = Math.ceil(s.tasks_per_day.length / 10);
  const bars = s.tasks_per_day.map((d, i) => {
    const x = m.left + i * band + band * 0.15;
    const segments = stack(d.counts, s.categories).map((seg) => svg('rect', {
      class: 'bar-seg', 'data-day': d.day, 'data-category': seg.key,
      x, width: band * 0.7, y: y(seg.to), height: Math.max(0.5, y(seg.from) - y(seg.to)), fill: categoryColor(seg.key, s.categories.indexOf(seg.key)),
    }, title(`${dayLabel(d.day)} · ${categoryText(seg.key)}: ${seg.value}`)));
    return svg('g', { class: 'bar' },
      ...segments,
      i % every === 0 ? svg('text', { x: x + band * 0.35, y: H - m.bottom + 14, 'text-anchor': 'middle', class: 'axis-label' }, dayLabel(d.day)) : null,
      d.total > 0 && band > 18 ? svg('text', { x: x + band * 0.35, y: y(d.total) - 3, 'text-anchor': 'middle', class: 'bar-total' }, String(d.total)) : null);
  });
  const busiest = s.tasks_per_day.reduce<{ day: string; total: number } | null>((b, d) => (!b || d.total > b.total ? d : b), null);
  const label = t('report.perDayLabel', {
    from: dayLabel(s.day_keys[0] ?? ''), to: dayLabel(s.day_keys[s.day_keys.length - 1] ?? ''), n: s.totals.tasks,
    day: busiest ? dayLabel(busiest.day) : '—', max: busiest?.total ?? 0,
  });
  return figure({
    name: 'per-day', caption: t('report.perDay'), label, empty: t('chart.empty'),
    picture: max === 0 ? null : svg('svg', { viewBox: `0 0 ${W} ${H}` },
      yAxis(ticks, y, m.left, W - m.right), ...bars,
      svg('line', { x1: m.left, x2: W - m.right, y1: y(0), y2: y(0), class: 'baseline' })),
    legend: max === 0 ? null : legend(s.categories.map((c, i) => ({ label: categoryText(c), color: categoryColor(c, i) }))),
    table: {
      head: [t('report.day'), ...s.categories.map(categoryText), t('report.total')],
      rows: s.tasks_per_day.map((d) => [dayLabel(d.day), ...s.categories.map((c) => d.counts[c] ?? 0), d.total]),
    },
  });
}

export function durationsChart(s: ReportSummary): HTMLElement {
  const rows = s.durations;
  const m = { left: 140, right: 14, top: 8, bottom: 28 };
  const rowH = 34;
  const H = m.top + Math.max(1, rows.length) * rowH + m.bottom;
  const ticks = durationTicks(Math.max(0, ...rows.map((r) => r.max_s)), 5);
  const x = linear([0, ticks[ticks.length - 1]!], [m.left, W - m.right]);
  const boxes = rows.map((r, i) => {
    const color = categoryColor(r.category, s.categories.indexOf(r.category));
    const mid = m.top + i * rowH + rowH / 2;
    const tip = t('report.durationItem', { category: categoryText(r.category), median: duration(r.median_s), p90: duration(r.p90_s), n: r.count });
    return svg('g', { class: 'box', 'data-category': r.category },
      title(tip),
      svg('text', { x: m.left - 8, y: mid + 4, 'text-anchor': 'end', class: 'row-label' }, categoryText(r.category)),
      svg('line', { x1: x(r.min_s), x2: x(r.max_s), y1: mid, y2: mid, stroke: color, 'stroke-width': 1.5 }),
      svg('line', { x1: x(r.min_s), x2: x(r.min_s), y1: mid - 6, y2: mid + 6, stroke: color, 'stroke-width': 1.5 }),
      svg('line', { x1: x(r.max_s), x2: x(r.max_s), y1: mid - 6, y2: mid + 6, stroke: color, 'stroke-width': 1.5 }),
      svg('rect', { x: x(r.q1_s), width: Math.max(2, x(r.q3_s) - x(r.q1_s)), y: mid - 10, height: 20, fill: color, 'fill-opacity': 0.25, stroke: color, 'stroke-width': 1.5, rx: 2 }),
      svg('line', { x1: x(r.median_s), x2: x(r.median_s), y1: mid - 10, y2: mid + 10, stroke: color, 'stroke-width': 3.5, class: 'median' }),
      svg('path', { d: `M${x(r.p90_s)} ${mid - 13} l4 -5 l-8 0 z`, fill: '#17202a', class: 'p90' }));
  });
  const axis = svg('g', { class: 'axis axis-x', 'aria-hidden': 'true' }, ...ticks.map((v) => svg('g', {},
    svg('line', { x1: x(v), x2: x(v), y1: m.top, y2: H - m.bottom, class: 'grid' }),
    svg('text', { x: x(v), y: H - m.bottom + 16, 'text-anchor': 'middle' }, duration(v)))));
  return figure({
    name: 'durations', caption: t('report.durations'), empty: t('report.noDurations'), hint: t('report.durationsHint'),
    label: `${t('report.durations')}: ${rows.map((r) => t('report.durationItem', { category: categoryText(r.category), median: duration(r.median_s), p90: duration(r.p90_s), n: r.count })).join('; ')}.`,
    picture: rows.length === 0 ? null : svg('svg', { viewBox: `0 0 ${W} ${H}` }, axis, ...boxes),
    table: {
      head: (['report.col.category', 'report.col.count', 'report.col.min', 'report.col.q1', 'report.col.median', 'report.col.q3', 'report.col.p90', 'report.col.max'] as const).map((k) => t(k)),
      rows: rows.map((r) => [categoryText(r.category), r.count, duration(r.min_s), duration(r.q1_s), duration(r.median_s), duration(r.q3_s), duration(r.p90_s), duration(r.max_s)]),
    },
  });
}

export function failuresChart(s: ReportSummary): HTMLElement {
  const rows = s.failures;
  const m = { left: 190, right: 30, top: 6, bottom: 6 };
  const rowH = 26;
  const H = m.top + Math.max(1, rows.length) * rowH + m.bottom;
  const x = linear([0, Math.max(1, ...rows.map((r) => r.count))], [m.left, W - m.right]);
  const reason = (code: string) => reasonText({ code, message: code });
  const bars = rows.map((r, i) => {
    const top = m.top + i * rowH;
    return svg('g', { class: 'fail-row', 'data-code': r.code },
      title(t('report.failureItem', { reason: reason(r.code), n: r.count })),
      svg('text', { x: m.left - 8, y: top + rowH / 2 + 4, 'text-anchor': 'end', class: 'row-label' }, reason(r.code)),
      svg('rect', { class: 'fail-bar', x: m.left, y: top + 4, height: rowH - 8, width: Math.max(2, x(r.count) - m.left), fill: '#a93226', rx: 2 }),
      svg('text', { x: x(r.count) + 4, y: top + rowH / 2 + 4, class: 'bar-total' }, String(r.count)));
  });
  return figure({
    name: 'failures', caption: t('report.failures'), empty: t('report.noFailures'),
    label: t('report.failuresLabel', { items: rows.map((r) => t('report.failureItem', { reason: reason(r.code), n: r.count })).join('; ') }),
    picture: rows.length === 0 ? null : svg('svg', { viewBox: `0 0 ${W} ${H}` }, ...bars),
    table: { head: [t('report.col.reason'), t('report.col.failed')], rows: rows.map((r) => [reason(r.code), r.count]) },
  });
}

export interface PainPoint { time_ms: number; value: number; bed?: string }

/**
 * Pain scores 0–10 over time: the band that alerts a nurse shaded, each score a dot coloured by how
 * bad it is, joined by a line for one patient (`connect`) or with the daily median for the ward.
 */
export function painChart(points: readonly PainPoint[], o: {
  name: string; caption: string; connect?: boolean; daily?: { day: string; median: number }[]; fromMs?: number; toMs?: number;
  bedLabel?: (bed: string) => string;
}): HTMLElement {
  const m = { left: 30, right: 12, top: 10, bottom: 30 };
  const H = 200;
  const sorted = [...points].sort((a, b) => a.time_ms - b.time_ms);
  const first = sorted[0]?.time_ms ?? 0;
  const last = sorted[sorted.length - 1]?.time_ms ?? 0;
  const span = timeTicks(o.fromMs ?? first, o.toMs ?? last, 5, -new Date(first || Date.now()).getTimezoneOffset() * 60_000);
  const pad = (span.to - span.from) * 0.03;
  const x = linear([span.from - pad, span.to + pad], [m.left, W - m.right]);
  const y = linear([0, 10], [H - m.bottom, m.top]);
  const dayTicks = span.step >= 86_400_000;
  const axis = svg('g', { class: 'axis axis-x', 'aria-hidden': 'true' }, ...span.ticks.map((v) => svg('text', { x: x(v), y: H - m.bottom + 16, 'text-anchor': 'middle' },
    dayTicks ? new Date(v).toLocaleDateString(lang(), { day: 'numeric', month: 'short' }) : whenLabel(v, new Date(v).getHours() === 0))));
  const band = svg('g', { class: 'pain-band' },
    svg('rect', { x: m.left, width: W - m.left - m.right, y: y(10), height: y(PAIN_ALERT_AT) - y(10), fill: '#fdedec' }),
    svg('text', { x: W - m.right - 4, y: y(10) + 12, 'text-anchor': 'end', class: 'band-label' }, t('pain.alertBand')));
  const line = o.connect && sorted.length > 1
    ? svg('path', { class: 'pain-line', d: sorted.map((p, i) => `${i ? 'L' : 'M'}${x(p.time_ms)} ${y(p.value)}`).join(' '), fill: 'none', stroke: '#5d6d7e', 'stroke-width': 1.5 })
    : null;
  // Each day's median as a dash across that day (a line between days would suggest readings in between).
  const medianLine = o.daily?.length
    ? svg('g', { class: 'pain-median' }, ...o.daily.map((d) => {
      const from = Math.max(span.from, Date.parse(`${d.day}T00:00:00`));
      const to = Math.min(span.to, Date.parse(`${d.day}T00:00:00`) + 86_400_000);
      return svg('line', { x1: x(from), x2: x(Math.max(from, to)), y1: y(d.median), y2: y(d.median), stroke: '#1f618d', 'stroke-width': 2.5, 'stroke-dasharray': '6 3' },
        title(`${dayLabel(d.day)}: ${t('pain.median')} ${d.median}`));
    }))
    : null;
  const where = (p: PainPoint) => (p.bed && o.bedLabel ? ` · ${o.bedLabel(p.bed)}` : '');
  const dots = sorted.map((p) => svg('circle', {
    class: 'pain-point', cx: x(p.time_ms), cy: y(p.value), r: 4.5, fill: painColor(p.value), stroke: '#fff', 'stroke-width': 1.5, 'data-value': p.value,
  }, title(`${whenLabel(p.time_ms)}${where(p)}: ${p.value}/10`)));
  const latest = sorted[sorted.length - 1];
  const label = latest
    ? t('pain.label', { n: sorted.length, max: Math.max(...sorted.map((p) => p.value)), latest: latest.value, time: whenLabel(latest.time_ms) })
    : t('pain.none');
  const withBeds = sorted.some((p) => p.bed);
  return figure({
    name: o.name, caption: o.caption, label, empty: t('pain.none'),
    picture: sorted.length === 0 ? null : svg('svg', { viewBox: `0 0 ${W} ${H}` },
      band, yAxis([0, 2, 4, 6, 8, 10], y, m.left, W - m.right), axis, medianLine, line, ...dots),
    legend: medianLine ? legend([{ label: t('pain.median'), color: '#1f618d' }]) : null,
    table: {
      head: [t('pain.col.when'), ...(withBeds ? [t('pain.col.bed')] : []), t('pain.col.score')],
      rows: sorted.map((p) => [whenLabel(p.time_ms), ...(withBeds ? [p.bed && o.bedLabel ? o.bedLabel(p.bed) : p.bed ?? ''] : []), p.value]),
    },
  });
}
