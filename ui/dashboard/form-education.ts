// health_education: one patient from the ward records (by bed), and optionally which topics to teach;
// with none named the brain plans the session from the patient's conditions.
import type { TaskDescriptions } from './api-types.js';
import { el } from './dom.js';
import { lang, t } from './i18n.js';
import { errorSlotFor, type CategoryFields, type Collected } from './form-fields.js';
import type { PlaceIndex } from './places.js';
import type { WardRecordsCache } from './ward-records.js';

export class EducationFields implements CategoryFields<TaskDescriptions['health_education']> {
  readonly element: HTMLElement;
  private readonly patient = el('select', { id: 'edu-patient', name: 'patient', 'aria-describedby': 'patient-error' });
  private readonly topics = el('input', { id: 'edu-topics', name: 'topics', 'aria-describedby': 'topics-hint topics-error', autocomplete: 'off' });
  private readonly patientError = errorSlotFor('patient');
  private readonly topicsError = errorSlotFor('topics');
  private readonly topicsHint = el('p', { id: 'topics-hint', class: 'hint' });

  constructor(private readonly places: PlaceIndex, private readonly records: WardRecordsCache) {
    this.element = el('div', { class: 'category-fields' },
      el('label', { for: 'edu-patient', 'data-i18n': 'edu.patient' }), this.patient, this.patientError,
      el('label', { for: 'edu-topics', 'data-i18n': 'edu.topics' }), this.topics, this.topicsHint, this.topicsError);
    this.render();
  }

  render(): void {
    const chosen = this.patient.value;
    const collator = new Intl.Collator(lang(), { numeric: true });
    const bedOf = (bed: string | null) => (bed ? this.places.label(bed) : t('edu.noBed'));
    const patients = [...this.records.patients].sort((a, b) => collator.compare(bedOf(a.bed), bedOf(b.bed)));
    const first = this.records.patientsProblem
      ? t('edu.patientsFailed', { detail: this.records.patientsProblem })
      : t('edu.choosePatient');
    this.patient.replaceChildren(el('option', { value: '' }, first), ...patients.map((p) =>
      el('option', { value: p.record_number }, `${bedOf(p.bed)} · ${p.name} (${p.record_number})`)));
    this.patient.value = patients.some((p) => p.record_number === chosen) ? chosen : '';
    this.topicsHint.textContent = t('edu.topicsHint');
  }

  refresh(): Promise<void> { return this.records.refreshPatients().then(() => this.render()); }

  collect(): Collected<TaskDescriptions['health_education']> {
    const patient = this.patient.value;
    if (!patient) {
      this.patient.focus();
      return { ok: false, field: 'patient', message: t('edu.pickPatient') };
    }
    const topics = this.topics.value.split(/[,，\s]+/).map((s) => s.trim()).filter((s) => s !== '');
    return { ok: true, description: topics.length ? { patient, topics: [...new Set(topics)] } : { patient } };
  }

  errorSlot(field: string): HTMLElement | null {
    if (field === 'patient') return this.patientError;
    if (field === 'topics') return this.topicsError;
    return null;
  }
}
