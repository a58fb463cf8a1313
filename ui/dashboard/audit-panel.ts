// The audit log, searchable, with its chain check: whether every entry still carries the hash of the
// one before (nothing changed, removed or reordered), said in words at the top; then a search by words,
// kind of action and dates, newest first, with older entries a page at a time. Ward managers and
// engineers only (the brain says so too); engineers see patients as tokens.
import { fetchAudit, verifyAudit } from './api.js';
import type { AuditEntry, AuditSearch, AuditVerify } from './api-types.js';
import { el } from './dom.js';
import { clock, t, type MessageKey } from './i18n.js';
import { hasRole } from './session.js';

export const AUDIT_ROLES = ['ward_manager', 'engineer'];
const PAGE = 50;
/** The kinds of action offered in the search; each a prefix of the brain's action names. */
const ACTION_GROUPS: { value: string; key: MessageKey }[] = [
  { value: '', key: 'audit.action.all' },
  { value: 'task.*', key: 'audit.action.task' },
  { value: 'custody.*', key: 'audit.action.custody' },
  { value: 'alert.*', key: 'audit.action.alert' },
  { value: 'plan.*', key: 'audit.action.plan' },
  { value: 'schedule.*', key: 'audit.action.schedule' },
  { value: 'session.*', key: 'audit.action.session' },
  { value: 'account.*', key: 'audit.action.account' },
  { value: 'dialogue.*', key: 'audit.action.dialogue' },
];

/** Local midnight of a date input's value ('2026-11-23'), or at its end. */
function dayBound(value: string, end: boolean): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(`${value}T00:00:00`);
  return Number.isFinite(ms) ? ms + (end ? 86_400_000 - 1 : 0) : undefined;
}

export class AuditPanel {
  private readonly chain = el('div', { class: 'audit-chain', role: 'status', 'aria-live': 'polite' });
  private readonly recheck = el('button', { type: 'button', class: 'audit-verify' });
  private readonly words = el('input', { id: 'audit-q', type: 'search', maxlength: '200', autocomplete: 'off' });
  private readonly action = el('select', { id: 'audit-action' });
  private readonly from = el('input', { id: 'audit-from', type: 'date' });
  private readonly to = el('input', { id: 'audit-to', type: 'date' });
  private readonly submit = el('button', { type: 'submit' });
  private readonly form: HTMLFormElement;
  private readonly status = el('p', { class: 'audit-status', role: 'status', 'aria-live': 'polite' });
  private readonly results = el('div', { class: 'audit-results' });
  private readonly older = el('button', { type: 'button', class: 'audit-older' });
  private verify: 'idle' | 'checking' | AuditVerify | { failed: string } = 'idle';
  private entries: AuditEntry[] = [];
  private search: Omit<AuditSearch, 'limit' | 'before_seq'> = {};
  private searching = false;
  private problem: string | null = null;
  private more = false;

  constructor(private readonly root: HTMLElement) {
    this.form = el('form', { class: 'audit-search', role: 'search' },
      el('label', { for: 'audit-q', 'data-i18n': 'audit.words' }), this.words,
      el('label', { for: 'audit-action', 'data-i18n': 'audit.actionLabel' }), this.action,
      el('label', { for: 'audit-from', 'data-i18n': 'audit.from' }), this.from,
      el('label', { for: 'audit-to', 'data-i18n': 'audit.to' }), this.to,
      this.submit);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.find();
    });
    this.recheck.addEventListener('click', () => void this.check());
    this.older.addEventListener('click', () => void this.page());
    this.render();
  }

  private allowed(): boolean {
    return hasRole(...AUDIT_ROLES);
  }

  /** The tab was opened: check the chain and show the latest entries. */
  async load(): Promise<void> {
    if (!this.allowed()) {
      this.render();
      return;
    }
    await Promise.all([this.check(), this.find()]);
  }

  clear(): void {
    this.verify = 'idle';
    this.entries = [];
    this.problem = null;
    this.render();
  }

  private async check(): Promise<void> {
    this.verify = 'checking';
    this.render();
    try {
      this.verify = await verifyAudit();
    } catch (err) {
      this.verify = { failed: (err as Error).message };
    }
    this.render();
  }

  private readSearch(): Omit<AuditSearch, 'limit' | 'before_seq'> {
    const q = this.words.value.trim();
    const from = dayBound(this.from.value, false);
    const to = dayBound(this.to.value, true);
    return { ...(q ? { q } : {}), ...(this.action.value ? { action: this.action.value } : {}), ...(from !== undefined ? { from_ms: from } : {}), ...(to !== undefined ? { to_ms: to } : {}) };
  }

  private async find(): Promise<void> {
    this.search = this.readSearch();
    this.entries = [];
    await this.fetchPage(undefined);
  }

  private async page(): Promise<void> {
    await this.fetchPage(this.entries[this.entries.length - 1]?.seq);
  }

  private async fetchPage(beforeSeq: number | undefined): Promise<void> {
    this.searching = true;
    this.problem = null;
    this.render();
    try {
      const found = await fetchAudit({ ...this.search, ...(beforeSeq !== undefined ? { before_seq: beforeSeq } : {}), limit: PAGE });
      // Newest first on screen.
      this.entries.push(...found.reverse());
      this.more = found.length === PAGE;
    } catch (err) {
      this.problem = (err as Error).message;
    }
    this.searching = false;
    this.render();
  }

  render(): void {
    if (!this.allowed()) {
      this.root.replaceChildren(el('p', { class: 'muted audit-not-allowed' }, t('audit.onlyManagers')));
      return;
    }
    if (!this.root.contains(this.form)) this.root.replaceChildren(el('div', { class: 'audit-chain-row' }, this.chain, this.recheck), this.form, this.status, this.results, this.older);
    for (const node of this.form.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset['i18n'] as MessageKey);
    const chosen = this.action.value;
    this.action.replaceChildren(...ACTION_GROUPS.map((g) => el('option', { value: g.value }, t(g.key))));
    this.action.value = chosen;
    this.words.placeholder = t('audit.wordsHint');
    this.submit.textContent = this.searching ? t('audit.searching') : t('audit.search');
    this.submit.disabled = this.searching;
    this.recheck.textContent = t('audit.recheck');
    this.recheck.disabled = this.verify === 'checking';
    this.renderChain();
    this.status.textContent = this.problem ? '' : this.searching && this.entries.length === 0 ? t('audit.searching') : t('audit.shown', { n: this.entries.length });
    this.results.replaceChildren(this.problem
      ? el('p', { class: 'error', role: 'alert' }, t('audit.failed', { detail: this.problem }))
      : this.entries.length === 0 ? el('p', { class: 'muted' }, this.searching ? '' : t('audit.none')) : this.table());
    this.older.textContent = t('audit.older');
    this.older.hidden = !this.more || this.problem !== null;
    this.older.disabled = this.searching;
  }

  private renderChain(): void {
    const v = this.verify;
    this.chain.className = 'audit-chain';
    if (v === 'idle' || v === 'checking') {
      this.chain.replaceChildren(el('span', { class: 'muted' }, t('audit.checking')));
    } else if ('failed' in v) {
      this.chain.replaceChildren(el('span', { class: 'error' }, t('audit.verifyFailed', { detail: v.failed })));
    } else if (v.ok) {
      this.chain.classList.add('chain-ok');
      this.chain.replaceChildren(el('span', { class: 'chain-icon', 'aria-hidden': 'true' }, '✓'), el('strong', {}, t('audit.chainOk')), ' ', t('audit.chainOkDetail', { n: v.entries }));
    } else {
      this.chain.classList.add('chain-broken');
      this.chain.replaceChildren(el('span', { class: 'chain-icon', 'aria-hidden': 'true' }, '✕'), el('strong', {}, t('audit.chainBroken', { seq: v.first_broken?.seq ?? '?' })), ' ',
        t('audit.chainBrokenDetail', { reason: v.first_broken?.reason ?? '', n: v.entries }));
    }
  }

  private table(): HTMLTableElement {
    const head = el('tr', {}, ...(['audit.col.seq', 'audit.col.time', 'audit.col.actor', 'audit.col.action', 'audit.col.subject', 'audit.col.detail'] as const)
      .map((key) => el('th', { scope: 'col' }, t(key))));
    const rows = this.entries.map((e) => {
      const data = e.data && Object.keys(e.data).length ? el('details', { class: 'audit-data' }, el('summary', {}, t('audit.data')), el('pre', {}, JSON.stringify(e.data, null, 1))) : null;
      return el('tr', { 'data-seq': String(e.seq), 'data-action': e.action },
        el('td', { class: 'audit-seq' }, String(e.seq)),
        el('td', {}, el('time', { datetime: new Date(e.time_ms).toISOString() }, `${new Date(e.time_ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${clock(e.time_ms)}`)),
        el('td', {}, el('span', { class: `actor actor-${e.actor.kind}` }, t(`audit.actor.${e.actor.kind}`)), ' ', e.actor.id),
        el('td', {}, el('code', {}, e.action)),
        el('td', {}, `${e.subject.type} `, el('span', { class: 'audit-subject-id' }, e.subject.id)),
        el('td', {}, e.reason ?? '', data));
    });
    return el('table', { class: 'audit-table' }, el('thead', {}, head), el('tbody', {}, ...rows));
  }
}
