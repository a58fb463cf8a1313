// Recurring tasks: every signed-in member of staff sees each schedule's name, its recurrence in words,
// what it sends and its next occurrences. Ward managers also get a small form to set one up (a ward
// round of the whole ward or a patient's health education) and buttons to pause, resume or delete one.
// The brain's refusals name their field ("recurrence.times[0]: ..."); they are shown under that field.
import { createSchedule, deleteSchedule, errorText, fetchSchedules, fetchUpcoming, setScheduleEnabled } from './api.js';
import type { ApiError, Schedule, ScheduleInput, ScheduleWhen } from './api-types.js';
import { el } from './dom.js';
import { errorSlotFor } from './form-fields.js';
import { lang, t } from './i18n.js';
import type { PlaceIndex } from './places.js';
import { occurrenceText, parseTimes, recurrenceText } from './schedule-text.js';
import { hasRole } from './session.js';
import { categoryText } from './task-text.js';
import type { WardRecordsCache } from './ward-records.js';

/** Roles the brain lets create, change and delete schedules. */
export const SCHEDULE_EDITOR_ROLES = ['ward_manager'];
const SCHEDULE_CATEGORIES = ['ward_round', 'health_education'] as const;
const UPCOMING = 3;

type Field = 'name' | 'category' | 'patient' | 'times' | 'every' | 'start';

/** Which form field a refusal of the brain is about, by the path it starts with. */
export function scheduleField(detail: string): Field | null {
  const path = /^([\w.[\]]+):/.exec(detail)?.[1] ?? '';
  if (path === 'name') return 'name';
  if (path.startsWith('recurrence.times')) return 'times';
  if (path.startsWith('recurrence.every_days')) return 'every';
  if (path.startsWith('recurrence.start_date') || path.startsWith('recurrence.end_date')) return 'start';
  if (path.startsWith('task_request.description.patient') || (path.startsWith('task_request') && /\bpatient\b/.test(detail))) return 'patient';
  if (path.startsWith('task_request')) return 'category';
  return null;
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export class SchedulesPanel {
  private schedules: Schedule[] = [];
  private readonly upcoming = new Map<string, ScheduleWhen[]>();
  private problem: string | null = null;
  private loaded = false;
  /** Per schedule: a button in flight, a delete waiting for its confirming click, a refusal. */
  private readonly pending = new Map<string, { busy: boolean; confirmDelete: boolean; refusal: string | null }>();

  private readonly list = el('ol', { class: 'schedule-list' });
  private readonly status = el('p', { class: 'muted schedules-status' });
  private readonly formHolder = el('div', { class: 'schedule-form-holder' });
  private readonly readOnly = el('p', { class: 'muted schedules-read-only' });

  private readonly name = el('input', { id: 'sched-name', name: 'name', maxlength: '200', autocomplete: 'off', 'aria-describedby': 'sched-name-error' });
  private readonly category = el('select', { id: 'sched-category', name: 'category', 'aria-describedby': 'sched-category-error' });
  private readonly patient = el('select', { id: 'sched-patient', name: 'patient', 'aria-describedby': 'sched-patient-error' });
  private readonly patientRow = el('div', { class: 'schedule-patient' });
  private readonly times = el('input', { id: 'sched-times', name: 'times', autocomplete: 'off', placeholder: '08:00, 16:00', 'aria-describedby': 'sched-times-hint sched-times-error' });
  private readonly every = el('input', { id: 'sched-every', name: 'every_days', type: 'number', min: '1', max: '366', step: '1', value: '1', 'aria-describedby': 'sched-every-error' });
  private readonly start = el('input', { id: 'sched-start', name: 'start_date', type: 'date', 'aria-describedby': 'sched-start-error' });
  private readonly submit = el('button', { type: 'submit' });
  private readonly message = el('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });
  private readonly errors: Record<Field, HTMLParagraphElement> = {
    name: errorSlotFor('sched-name'), category: errorSlotFor('sched-category'), patient: errorSlotFor('sched-patient'),
    times: errorSlotFor('sched-times'), every: errorSlotFor('sched-every'), start: errorSlotFor('sched-start'),
  };
  private readonly labels: Record<Field, HTMLLabelElement> = {
    name: el('label', { for: 'sched-name' }), category: el('label', { for: 'sched-category' }), patient: el('label', { for: 'sched-patient' }),
    times: el('label', { for: 'sched-times' }), every: el('label', { for: 'sched-every' }), start: el('label', { for: 'sched-start' }),
  };
  private readonly timesHint = el('p', { id: 'sched-times-hint', class: 'hint' });
  private readonly formTitle = el('h3', {});
  private sending = false;

  constructor(root: HTMLElement, private readonly places: PlaceIndex, private readonly records: WardRecordsCache) {
    this.start.value = today();
    this.patientRow.append(this.labels.patient, this.patient, this.errors.patient);
    const form = el('form', { class: 'schedule-form', novalidate: '' },
      this.formTitle,
      this.labels.name, this.name, this.errors.name,
      this.labels.category, this.category, this.errors.category,
      this.patientRow,
      this.labels.times, this.times, this.timesHint, this.errors.times,
      el('div', { class: 'schedule-row' },
        el('div', {}, this.labels.every, this.every, this.errors.every),
        el('div', {}, this.labels.start, this.start, this.errors.start)),
      this.submit, this.message);
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.send(); });
    this.category.addEventListener('change', () => this.showPatient());
    this.formHolder.append(form);
    root.replaceChildren(this.status, this.list, this.readOnly, this.formHolder);
    this.render();
  }

  /** Signed in: fetch the list (and, for ward managers, the patients the form chooses from). */
  async load(): Promise<void> {
    if (hasRole(...SCHEDULE_EDITOR_ROLES)) void this.records.refreshPatients().then(() => this.renderPatients());
    try {
      const schedules = await fetchSchedules();
      const upcoming = await Promise.all(schedules.map((s) =>
        s.enabled ? fetchUpcoming(s.id, UPCOMING).catch(() => (s.next ? [s.next] : [])) : Promise.resolve([])));
      this.schedules = schedules;
      this.upcoming.clear();
      schedules.forEach((s, i) => this.upcoming.set(s.id, upcoming[i] ?? []));
      this.problem = null;
    } catch (err) {
      this.problem = t('sched.loadFailed', { detail: (err as Error).message });
    }
    this.loaded = true;
    this.render();
  }

  clear(): void {
    this.schedules = [];
    this.upcoming.clear();
    this.pending.clear();
    this.loaded = false;
    this.render();
  }

  render(): void {
    const editor = hasRole(...SCHEDULE_EDITOR_ROLES);
    this.formHolder.hidden = !editor;
    this.readOnly.hidden = editor;
    this.readOnly.textContent = t('sched.readOnly');
    this.status.textContent = this.problem ?? (!this.loaded ? t('sched.loading') : this.schedules.length === 0 ? t('sched.none') : '');
    this.status.className = this.problem ? 'error schedules-status' : 'muted schedules-status';
    this.status.hidden = this.status.textContent === '';
    this.list.replaceChildren(...this.schedules.map((s) => this.item(s, editor)));
    this.renderForm();
  }

  private item(s: Schedule, editor: boolean): HTMLLIElement {
    const state = this.pending.get(s.id) ?? { busy: false, confirmDelete: false, refusal: null };
    const next = this.upcoming.get(s.id) ?? (s.next ? [s.next] : []);
    const actions = editor ? el('div', { class: 'schedule-actions' }, ...this.buttons(s, state)) : null;
    return el('li', { class: `schedule${s.enabled ? '' : ' is-disabled'}`, 'data-schedule-id': s.id },
      el('div', { class: 'schedule-head' },
        el('strong', { class: 'schedule-name' }, s.name),
        el('span', { class: `badge ${s.enabled ? 'sched-on' : 'sched-off'}` }, t(s.enabled ? 'sched.enabled' : 'sched.disabled'))),
      el('div', { class: 'schedule-recurrence' }, recurrenceText(s.recurrence)),
      el('div', { class: 'schedule-category muted' }, this.whatText(s)),
      s.enabled && next.length
        ? el('div', { class: 'schedule-next' }, el('span', {}, t('sched.next')), ' ',
          el('ol', { class: 'schedule-occurrences' }, ...next.map((w) =>
            el('li', {}, el('time', { datetime: new Date(w.unix_millis).toISOString(), title: w.local }, occurrenceText(w.unix_millis, s.time_zone))))))
        : el('div', { class: 'schedule-next muted' }, t(s.enabled ? 'sched.noNext' : 'sched.paused')),
      actions,
      state.refusal ? el('p', { class: 'error', role: 'alert' }, state.refusal) : null);
  }

  /** "Ward round · whole ward", "Health education · Bed 3 · Wang Fang". */
  private whatText(s: Schedule): string {
    const parts = [categoryText(s.task_request.category)];
    const d = s.task_request.description;
    if (s.task_request.category === 'ward_round') {
      const beds = Array.isArray(d['beds']) ? d['beds'].filter((b): b is string => typeof b === 'string') : [];
      parts.push(beds.length ? beds.map((b) => this.places.label(b)).join(', ') : t('sched.wholeWard'));
    }
    if (typeof d['patient'] === 'string') {
      const p = this.records.patient(d['patient']);
      parts.push(p ? `${p.bed ? `${this.places.label(p.bed)} · ` : ''}${p.name}` : d['patient']);
    }
    return parts.join(' · ');
  }

  private buttons(s: Schedule, state: { busy: boolean; confirmDelete: boolean }): HTMLButtonElement[] {
    const toggle = el('button', { type: 'button', class: s.enabled ? 'schedule-disable' : 'schedule-enable' }, t(s.enabled ? 'sched.disable' : 'sched.enable'));
    toggle.setAttribute('aria-label', t(s.enabled ? 'sched.disableLabel' : 'sched.enableLabel', { name: s.name }));
    toggle.addEventListener('click', () => void this.act(s.id, () => setScheduleEnabled(s.id, !s.enabled)));
    const del = el('button', { type: 'button', class: `schedule-delete${state.confirmDelete ? ' confirm' : ''}` },
      t(state.confirmDelete ? 'sched.deleteConfirm' : 'sched.delete'));
    del.setAttribute('aria-label', t(state.confirmDelete ? 'sched.deleteConfirm' : 'sched.deleteLabel', { name: s.name }));
    del.addEventListener('click', () => {
      if (!state.confirmDelete) {
        this.pending.set(s.id, { busy: false, confirmDelete: true, refusal: null });
        this.render();
        return;
      }
      void this.act(s.id, () => deleteSchedule(s.id));
    });
    for (const b of [toggle, del]) b.disabled = state.busy;
    return [toggle, del];
  }

  private async act(id: string, run: () => Promise<{ success: true } | { success: false; errors: ApiError[] }>): Promise<void> {
    this.pending.set(id, { busy: true, confirmDelete: false, refusal: null });
    this.render();
    const result = await run();
    if (result.success) this.pending.delete(id);
    else this.pending.set(id, { busy: false, confirmDelete: false, refusal: t('sched.refused', { detail: errorText(result.errors) }) });
    await this.load();
  }

  // The form (ward managers)

  private renderForm(): void {
    this.formTitle.textContent = t('sched.newTitle');
    this.labels.name.textContent = t('sched.name');
    this.labels.category.textContent = t('sched.category');
    this.labels.patient.textContent = t('edu.patient');
    this.labels.times.textContent = t('sched.times');
    this.labels.every.textContent = t('sched.every');
    this.labels.start.textContent = t('sched.start');
    this.timesHint.textContent = t('sched.timesHint');
    this.submit.textContent = this.sending ? t('sched.creating') : t('sched.create');
    this.submit.disabled = this.sending;
    const chosen = this.category.value || 'ward_round';
    this.category.replaceChildren(...SCHEDULE_CATEGORIES.map((c) => el('option', { value: c }, c === 'ward_round' ? t('sched.wardRoundWhole') : categoryText(c))));
    this.category.value = chosen;
    this.renderPatients();
    this.showPatient();
  }

  private renderPatients(): void {
    const chosen = this.patient.value;
    const collator = new Intl.Collator(lang(), { numeric: true });
    const bedOf = (bed: string | null) => (bed ? this.places.label(bed) : t('edu.noBed'));
    const patients = [...this.records.patients].sort((a, b) => collator.compare(bedOf(a.bed), bedOf(b.bed)));
    this.patient.replaceChildren(el('option', { value: '' }, this.records.patientsProblem
      ? t('edu.patientsFailed', { detail: this.records.patientsProblem }) : t('edu.choosePatient')),
    ...patients.map((p) => el('option', { value: p.record_number }, `${bedOf(p.bed)} · ${p.name} (${p.record_number})`)));
    this.patient.value = patients.some((p) => p.record_number === chosen) ? chosen : '';
  }

  private showPatient(): void {
    this.patientRow.hidden = this.category.value !== 'health_education';
  }

  private clearErrors(): void {
    for (const slot of Object.values(this.errors)) {
      slot.textContent = '';
      slot.hidden = true;
    }
    this.message.textContent = '';
    this.message.className = 'form-message';
  }

  private showError(field: Field | null, text: string): void {
    if (field === null || (field === 'patient' && this.patientRow.hidden)) {
      this.message.textContent = this.message.textContent ? `${this.message.textContent}; ${text}` : text;
      this.message.className = 'form-message error';
      return;
    }
    const slot = this.errors[field];
    slot.textContent = slot.textContent ? `${slot.textContent}; ${text}` : text;
    slot.hidden = false;
  }

  /** What the form says, or the first field that is not filled in right (named in words). */
  private collect(): { ok: true; input: ScheduleInput } | { ok: false; field: Field; text: string } {
    const name = this.name.value.trim();
    if (!name) return { ok: false, field: 'name', text: t('sched.needName') };
    const category = this.category.value;
    const patient = this.patient.value;
    if (category === 'health_education' && !patient) return { ok: false, field: 'patient', text: t('edu.pickPatient') };
    const times = parseTimes(this.times.value);
    if (!times.ok) return { ok: false, field: 'times', text: times.bad ? t('sched.badTime', { time: times.bad }) : t('sched.needTimes') };
    const every = Number(this.every.value || '1');
    if (!Number.isInteger(every) || every < 1 || every > 366) return { ok: false, field: 'every', text: t('sched.badEvery') };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(this.start.value)) return { ok: false, field: 'start', text: t('sched.needStart') };
    return {
      ok: true,
      input: {
        name,
        recurrence: { times: times.times, every_days: every, start_date: this.start.value },
        task_request: { category, description: category === 'health_education' ? { patient } : {} },
      },
    };
  }

  private async send(): Promise<void> {
    this.clearErrors();
    const collected = this.collect();
    if (!collected.ok) {
      this.showError(collected.field, collected.text);
      document.getElementById(`sched-${collected.field}`)?.focus();
      return;
    }
    this.sending = true;
    this.renderForm();
    const result = await createSchedule(collected.input);
    this.sending = false;
    this.renderForm();
    if (!result.success) {
      for (const e of result.errors) this.showError(scheduleField(e.detail), t('sched.refused', { detail: e.detail }));
      return;
    }
    this.message.textContent = t('sched.created', { name: result.schedule?.name ?? collected.input.name });
    this.name.value = '';
    this.times.value = '';
    await this.load();
  }
}
