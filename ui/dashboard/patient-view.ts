// One patient at a time, for clinical staff: pick from the ward's patients, then see their pain over
// time (a chart and every round's answers in a table), how their health education is going per topic
// (sessions, teach-back results, a repeat due) and the deliveries of their medication with the custody
// chain. Engineers see patients only as tokens, so the brain refuses them this view and so does the page.
import { fetchPatientHistory } from './api.js';
import type { HistoryDelivery, HistoryTopic, HistoryVisit, PatientHistory, WardPatient } from './api-types.js';
import { toCustody } from './api-wire.js';
import { painChart, painColor, PAIN_ALERT_AT, whenLabel } from './charts.js';
import { CustodyView } from './custody-view.js';
import { el } from './dom.js';
import { isMessageKey, lang, t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { hasRole } from './session.js';
import { topicText } from './task-text.js';
import type { WardRecordsCache } from './ward-records.js';

export const PATIENT_VIEW_ROLES = ['nurse', 'pharmacist', 'ward_manager'];
const QUESTIONS = ['pain', 'sleep', 'nausea', 'breathing', 'mobility', 'anything_else'] as const;

function wordFor(key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}
/** A section's title from the library in the page's language; its id in words where the library has none. */
const sectionText = (topic: HistoryTopic, section: string): string => topic.section_titles[section]?.[lang()] ?? section.replace(/_/g, ' ');

/** One answer in a table cell: the score, the choice in words, yes or no, or what was said. */
function answerCell(visit: HistoryVisit, question: string): HTMLTableCellElement {
  const a = visit.answers.find((x) => x.question === question);
  if (!a) return el('td', { class: 'muted' }, '—');
  const said: Record<string, string> = a.text ? { title: `${t('patient.said')}: ${a.text}` } : {};
  if (a.unclear) return el('td', { class: 'unclear', ...said }, t('answer.unclear'));
  const v = a.value;
  if (question === 'pain' && typeof v === 'number') {
    return el('td', { class: `pain-cell${v >= PAIN_ALERT_AT ? ' pain-high' : ''}`, ...said },
      el('span', { class: 'pain-dot', style: `background:${painColor(v)}`, 'aria-hidden': 'true' }), `${v}/10`);
  }
  if (typeof v === 'boolean') return el('td', { class: v && question === 'breathing' ? 'pain-high' : '', ...said }, t(v ? 'answer.yes' : 'answer.no'));
  if (typeof v === 'string') return el('td', { ...said }, wordFor(`answer.${question}.${v}`, v));
  return el('td', { class: 'muted' }, '—');
}

export class PatientView {
  private selected: string | null = null;
  private state: 'idle' | 'loading' | PatientHistory | { failed: string } = 'idle';
  private listProblem: string | null = null;
  private readonly list = el('ul', { class: 'patient-list' });
  private readonly detail = el('div', { class: 'patient-history', 'aria-live': 'polite' });
  private readonly listTitle = el('h3', { id: 'patient-list-title' });
  /** Custody views by task, kept across renders so an opened chain stays open. */
  private custody = new Map<string, CustodyView>();

  constructor(private readonly root: HTMLElement, private readonly places: PlaceIndex, private readonly records: WardRecordsCache) {
    this.render();
  }

  private allowed(): boolean {
    return hasRole(...PATIENT_VIEW_ROLES);
  }

  /** The tab was opened: the list of the ward's patients, fresh. */
  async load(): Promise<void> {
    if (!this.allowed()) {
      this.render();
      return;
    }
    await this.records.refreshPatients();
    this.listProblem = this.records.patientsProblem;
    this.render();
    if (this.selected) await this.show(this.selected);
  }

  clear(): void {
    this.selected = null;
    this.state = 'idle';
    this.custody.clear();
    this.render();
  }

  async show(recordNumber: string): Promise<void> {
    if (this.selected !== recordNumber) this.custody.clear();
    this.selected = recordNumber;
    this.state = 'loading';
    this.render();
    try {
      const history = await fetchPatientHistory(recordNumber);
      if (this.selected !== recordNumber) return;
      this.state = history;
    } catch (err) {
      if (this.selected !== recordNumber) return;
      this.state = { failed: (err as Error).message };
    }
    this.render();
  }

  private sortedPatients(): WardPatient[] {
    const bedNo = (p: WardPatient) => (p.bed ? Number(/\d+/.exec(p.bed)?.[0] ?? Infinity) : Infinity);
    return [...this.records.patients].sort((a, b) => bedNo(a) - bedNo(b) || (a.bed ?? '').localeCompare(b.bed ?? '') || a.name.localeCompare(b.name));
  }

  render(): void {
    if (!this.allowed()) {
      this.root.replaceChildren(el('p', { class: 'muted patient-not-allowed' }, t('patient.onlyClinical')));
      return;
    }
    if (!this.root.contains(this.list)) {
      this.root.replaceChildren(el('div', { class: 'patient-view' },
        el('nav', { class: 'patient-picker', 'aria-labelledby': 'patient-list-title' }, this.listTitle, this.list), this.detail));
    }
    this.listTitle.textContent = t('patient.list');
    const patients = this.sortedPatients();
    this.list.replaceChildren(...(this.listProblem
      ? [el('li', { class: 'error' }, t('edu.patientsFailed', { detail: this.listProblem }))]
      : patients.map((p) => {
        const button = el('button', { type: 'button', class: 'patient-pick', 'data-mrn': p.record_number, 'aria-pressed': String(p.record_number === this.selected) },
          el('span', { class: 'patient-bed' }, p.bed ? this.places.label(p.bed) : t('edu.noBed')), ' ', el('span', { class: 'patient-name' }, p.name));
        button.addEventListener('click', () => void this.show(p.record_number));
        return el('li', {}, button);
      })));
    this.renderDetail();
  }

  private renderDetail(): void {
    const state = this.state;
    if (state === 'idle') {
      this.detail.replaceChildren(el('p', { class: 'muted' }, t('patient.pick')));
    } else if (state === 'loading') {
      this.detail.replaceChildren(el('p', { class: 'muted' }, t('patient.loading')));
    } else if ('failed' in state) {
      this.detail.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('patient.failed', { detail: state.failed })));
    } else {
      this.detail.replaceChildren(this.header(state), this.rounds(state), this.education(state), this.deliveries(state));
    }
  }

  private header(h: PatientHistory): HTMLDivElement {
    const p = h.patient;
    const others = p.other_names.length ? ` (${p.other_names.join(', ')})` : '';
    const facts = [
      p.bed ? this.places.label(p.bed) : t('edu.noBed'),
      t('patient.record', { mrn: p.record_number }),
      p.birth_date ? t('patient.born', { date: p.birth_date }) : null,
      p.conditions.length ? t('patient.conditions', { list: p.conditions.map(topicText).join(t('plan.separator')) }) : null,
    ].filter((s) => s !== null);
    return el('div', { class: 'patient-head', 'data-mrn': p.record_number },
      el('h3', {}, `${p.name}${others}`),
      el('p', { class: 'patient-facts' }, facts.join(' · ')),
      p.allergies.length ? el('p', { class: 'patient-allergies' }, el('strong', {}, t('patient.allergies')), ' ', p.allergies.join(t('plan.separator'))) : null);
  }

  private rounds(h: PatientHistory): HTMLElement {
    if (!h.rounds.available) {
      return el('section', { class: 'patient-section patient-rounds', 'aria-labelledby': 'patient-rounds-title' },
        el('h4', { id: 'patient-rounds-title' }, t('patient.rounds')), el('p', { class: 'muted' }, t('patient.roundsNursesOnly')));
    }
    const visits = [...h.rounds.visits].sort((a, b) => b.time_ms - a.time_ms);
    const chart = painChart(h.rounds.pain.map((p) => ({ time_ms: p.time_ms, value: p.value })), { name: 'patient-pain', caption: t('patient.painChart'), connect: true });
    const head = el('tr', {}, el('th', { scope: 'col' }, t('pain.col.when')), el('th', { scope: 'col' }, t('patient.visit')),
      ...QUESTIONS.map((q) => el('th', { scope: 'col' }, t(`question.${q}`))), el('th', { scope: 'col' }, t('round.flags')));
    const rows = visits.map((v) => el('tr', { 'data-task-id': v.task_id, class: `visit-${v.status}` },
      el('th', { scope: 'row' }, el('time', { datetime: new Date(v.time_ms).toISOString() }, whenLabel(v.time_ms))),
      el('td', {}, wordFor(`round.visit.${v.status}`, v.status)),
      ...QUESTIONS.map((q) => answerCell(v, q)),
      el('td', {}, v.alerts.length
        ? el('ul', { class: 'flags' }, ...v.alerts.map((a) => el('li', { class: `severity-${a.severity}` }, a.text[lang()] || a.text.en)))
        : el('span', { class: 'muted' }, '—'))));
    return el('section', { class: 'patient-section patient-rounds', 'aria-labelledby': 'patient-rounds-title' },
      el('h4', { id: 'patient-rounds-title' }, t('patient.rounds')),
      chart,
      visits.length
        ? el('div', { class: 'table-scroll' }, el('table', { class: 'round-table answers-table' }, el('thead', {}, head), el('tbody', {}, ...rows)))
        : el('p', { class: 'muted' }, t('patient.noRounds')));
  }

  private education(h: PatientHistory): HTMLElement {
    const body = !h.education.available
      ? [el('p', { class: 'muted' }, t('patient.noEducationRecords'))]
      : h.education.topics.length === 0
        ? [el('p', { class: 'muted' }, t('patient.noEducation'))]
        : [el('ul', { class: 'edu-topics' }, ...h.education.topics.map((topic) => this.topic(topic)))];
    return el('section', { class: 'patient-section patient-education', 'aria-labelledby': 'patient-edu-title' },
      el('h4', { id: 'patient-edu-title' }, t('patient.education')), ...body);
  }

  private topic(topic: HistoryTopic): HTMLLIElement {
    const last = topic.sessions[topic.sessions.length - 1];
    // One mark per session: how much of its teach-back was understood.
    const marks = el('ol', { class: 'edu-sessions', 'aria-label': t('patient.sessions', { n: topic.sessions.length }) }, ...topic.sessions.map((s) => {
      const share = s.total ? s.understood / s.total : 0;
      const tone = s.total === 0 ? 'none' : share === 1 ? 'all' : share === 0 ? 'nothing' : 'some';
      return el('li', { class: `edu-session tb-${tone}`, title: whenLabel(s.time_ms) },
        el('span', { class: 'edu-meter', 'aria-hidden': 'true' }, el('span', { style: `width:${Math.round(share * 100)}%` })),
        el('span', { class: 'edu-session-text' }, `${whenLabel(s.time_ms)} · ${s.total ? t('patient.teachBack', { understood: s.understood, total: s.total }) : t('patient.noChecks')}`));
    }));
    const repeat = topic.repeat;
    const repeatText = !repeat ? null
      : repeat.status === 'completed' ? t('patient.repeatDone')
        : repeat.status === 'queued' || repeat.status === 'underway'
          ? t('patient.repeatDue', { when: repeat.due_ms !== null ? whenLabel(repeat.due_ms) : '—', status: wordFor(`tstatus.${repeat.status}`, repeat.status) })
          : t('patient.repeatOther', { status: repeat.status ? wordFor(`tstatus.${repeat.status}`, repeat.status) : '—' });
    return el('li', { class: 'edu-topic', 'data-topic': topic.topic },
      el('h5', {}, topicText(topic.topic)),
      el('p', { class: 'edu-summary' }, t('patient.sessions', { n: topic.sessions.length }), last ? ` · ${t('patient.lastSession', { when: whenLabel(last.time_ms) })}` : ''),
      marks,
      topic.not_understood.length
        ? el('p', { class: 'edu-gaps' }, el('strong', {}, t('patient.toRepeat')), ' ', topic.not_understood.map((s) => sectionText(topic, s)).join(t('plan.separator')))
        : el('p', { class: 'edu-ok' }, t('patient.allUnderstood')),
      repeatText ? el('p', { class: `edu-repeat${repeat?.status === 'queued' ? ' due' : ''}` }, repeatText) : null);
  }

  private deliveries(h: PatientHistory): HTMLElement {
    const orders = h.deliveries.orders;
    const orderTable = orders.length
      ? el('table', { class: 'custody-table orders-table' },
        el('thead', {}, el('tr', {}, ...(['custody.order', 'patient.medication', 'patient.dosage', 'custody.status'] as const).map((k) => el('th', { scope: 'col' }, t(k))))),
        el('tbody', {}, ...orders.map((o) => el('tr', { 'data-order': o.id },
          el('td', {}, o.id), el('td', {}, o.medication, o.controlled ? el('span', { class: 'badge controlled' }, t('delivery.controlled')) : null),
          el('td', {}, o.dosage), el('td', {}, wordFor(`order.${o.status}`, o.status))))))
      : el('p', { class: 'muted' }, t('patient.noOrders'));
    const tasks = h.deliveries.tasks.map((d, i) => this.delivery(d, i === 0));
    return el('section', { class: 'patient-section patient-deliveries', 'aria-labelledby': 'patient-deliveries-title' },
      el('h4', { id: 'patient-deliveries-title' }, t('patient.deliveries')),
      orderTable,
      tasks.length ? el('ul', { class: 'delivery-list' }, ...tasks) : el('p', { class: 'muted' }, t('patient.noDeliveries')));
  }

  private delivery(d: HistoryDelivery, newest: boolean): HTMLLIElement {
    let view = this.custody.get(d.task_id);
    if (!view) {
      const chain = toCustody({ task_id: d.task_id, custody: d.custody, dispenses: d.dispenses });
      view = new CustodyView(d.task_id, async () => chain);
      this.custody.set(d.task_id, view);
      // The latest delivery's chain is open from the start.
      if (newest) view.element.open = true;
    }
    view.render();
    const when = d.requested_ms !== null ? whenLabel(d.requested_ms) : '—';
    return el('li', { class: 'delivery', 'data-task-id': d.task_id },
      el('p', { class: 'delivery-head' },
        d.status ? el('span', { class: `badge status-${d.status}` }, wordFor(`tstatus.${d.status}`, d.status)) : null, ' ',
        t('patient.delivery', { when, orders: d.orders.join(', ') || '—', robot: d.robot ?? '—' })),
      view.element);
  }
}
