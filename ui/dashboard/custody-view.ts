// The custody chain of a medication delivery, folded away under its task: who authorised and loaded
// each drawer, how the patient was identified, who received it or why it went back, and the FHIR
// MedicationDispense records. Fetched when first opened; fetched again while open whenever the
// task's log moves (each custody step is also a log line). Refusals and failures stand out.
import { fetchCustody } from './api.js';
import type { Custody, CustodyEntry, CustodyKind, DispenseRow } from './api-types.js';
import { el } from './dom.js';
import { clock, isMessageKey, t } from './i18n.js';

/** Roles the brain shows a custody chain to. */
export const CUSTODY_ROLES = ['nurse', 'pharmacist', 'ward_manager'];

/** Steps that mean something went wrong: highlighted in the table. */
const PROBLEM_KINDS: ReadonlySet<string> = new Set<CustodyKind>(['identity_failed', 'staff_refused', 'not_delivered', 'returned']);

/** What happened, in words; a kind this dashboard does not know yet is shown as the server spells it. */
export function custodyKindText(kind: string): string {
  const key = `custody.kind.${kind}`;
  return isMessageKey(key) ? t(key) : kind;
}

/** `robot:robot_1` → "Robot robot_1", `system` → "System", a username as is. */
export function actorText(actor: string): string {
  if (actor.startsWith('robot:')) return t('tasks.robot', { robot: actor.slice('robot:'.length) });
  if (actor === 'system') return t('custody.system');
  return actor;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The detail a step carries worth reading: the witness, why it was refused or not delivered. */
function noteOf(entry: CustodyEntry): string {
  const d = entry.data as Record<string, unknown>;
  const parts: string[] = [];
  const witness = text(d['witness']);
  if (witness) parts.push(t('custody.witnessed', { who: witness }));
  if (entry.kind === 'identity_failed') {
    const check = text(d['check']);
    const key = `custody.check.${check ?? ''}`;
    if (check) parts.push(isMessageKey(key) ? t(key) : check);
  }
  const reason = text(d['detail']) ?? text(d['reason']);
  if (reason && entry.kind !== 'load_authorized') parts.push(reason);
  if (d['purpose'] === 'unload') parts.push(t('custody.forUnload'));
  return parts.join(' · ');
}

function dispenseStatusText(status: string): string {
  const key = `custody.dispense.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export class CustodyView {
  readonly element: HTMLDetailsElement;
  private readonly summary = el('summary');
  private readonly body = el('div', { class: 'custody-body' });
  private state: 'closed' | 'loading' | Custody | { failed: string } = 'closed';
  /** A refetch asked for while one is in flight runs once more after it. */
  private inFlight: Promise<void> | null = null;
  private again = false;

  /** `load` gives the chain; the task's own from the brain by default, or one already at hand (the patient view's). */
  constructor(private readonly taskId: string, private readonly fetchChain: (taskId: string) => Promise<Custody> = fetchCustody) {
    this.element = el('details', { class: 'custody', 'data-custody-task': taskId }, this.summary, this.body);
    this.element.addEventListener('toggle', () => {
      if (this.element.open && (this.state === 'closed' || (typeof this.state === 'object' && 'failed' in this.state))) void this.load();
    });
    this.render();
  }

  /** The task's log moved: a custody step may have been added. Refetched only if already shown. */
  changed(): void {
    if (this.state === 'closed' || !this.element.open) {
      // Opened later: fetched fresh then.
      if (this.state !== 'loading') this.state = 'closed';
      return;
    }
    void this.load();
  }

  private load(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    if (this.state === 'closed' || (typeof this.state === 'object' && 'failed' in this.state)) {
      this.state = 'loading';
      this.render();
    }
    this.inFlight = (async () => {
      try {
        this.state = await this.fetchChain(this.taskId);
      } catch (err) {
        this.state = { failed: (err as Error).message };
      }
      this.inFlight = null;
      this.render();
      if (this.again) {
        this.again = false;
        await this.load();
      }
    })();
    return this.inFlight;
  }

  render(): void {
    this.summary.textContent = t('custody.title');
    const state = this.state;
    if (state === 'closed') return;
    if (state === 'loading') {
      this.body.replaceChildren(el('p', { class: 'muted' }, t('custody.loading')));
    } else if ('failed' in state) {
      this.body.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('custody.failed', { detail: state.failed })));
    } else {
      this.body.replaceChildren(
        state.custody.length ? this.chain(state.custody) : el('p', { class: 'muted custody-empty' }, t('custody.none')),
        el('h4', {}, t('custody.dispenses')),
        state.dispenses.length ? this.dispenses(state.dispenses) : el('p', { class: 'muted dispense-empty' }, t('custody.noDispenses')));
    }
  }

  private chain(entries: CustodyEntry[]): HTMLTableElement {
    const head = el('tr', {}, ...(['custody.time', 'custody.what', 'custody.who', 'custody.drawer', 'custody.order'] as const)
      .map((key) => el('th', { scope: 'col' }, t(key))));
    const rows = entries.map((e) => {
      const note = noteOf(e);
      const problem = PROBLEM_KINDS.has(e.kind);
      return el('tr', { class: `custody-${e.kind}${problem ? ' custody-problem' : ''}`, 'data-kind': e.kind, 'data-seq': String(e.seq) },
        el('td', {}, el('time', { datetime: new Date(e.time_ms).toISOString() }, clock(e.time_ms))),
        el('td', {}, el('span', { class: 'custody-what' }, custodyKindText(e.kind)), note ? el('div', { class: 'custody-note' }, note) : null),
        el('td', {}, actorText(e.actor)),
        el('td', {}, e.drawer === null ? '—' : String(e.drawer)),
        el('td', {}, e.order_id ?? '—'));
    });
    return el('table', { class: 'custody-table' }, el('thead', {}, head), el('tbody', {}, ...rows));
  }

  private dispenses(list: DispenseRow[]): HTMLTableElement {
    const head = el('tr', {}, ...(['custody.order', 'custody.status', 'custody.receiver', 'custody.when'] as const)
      .map((key) => el('th', { scope: 'col' }, t(key))));
    const rows = list.map((d) => el('tr', { class: `dispense-${d.status}`, 'data-dispense': d.id, title: d.medication },
      el('td', {}, d.order || '—'),
      el('td', {}, dispenseStatusText(d.status), d.reason ? el('div', { class: 'custody-note' }, d.reason) : null),
      el('td', {}, d.receiver || '—'),
      el('td', {}, d.when_ms === null ? '—' : el('time', { datetime: new Date(d.when_ms).toISOString() }, clock(d.when_ms)))));
    return el('table', { class: 'custody-table dispense-table' }, el('thead', {}, head), el('tbody', {}, ...rows));
  }
}
