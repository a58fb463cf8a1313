// The records under the map: one tab each for a patient, the ward's reports and the audit log. Tabs
// follow the WAI-ARIA pattern: arrow keys, Home and End move between them; a panel loads when shown.
import { el } from './dom.js';
import { t, type MessageKey } from './i18n.js';

export interface RecordsTab {
  id: string;
  label: MessageKey;
  panel: HTMLElement;
  /** Called each time the tab is shown (and when asked to refresh while shown). */
  show(): void;
}

export class RecordsTabs {
  private readonly list = el('div', { class: 'records-tablist', role: 'tablist' });
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private current: string;

  constructor(private readonly root: HTMLElement, private readonly tabs: RecordsTab[], labelKey: MessageKey) {
    this.current = tabs[0]?.id ?? '';
    this.list.dataset['label'] = labelKey;
    for (const tab of tabs) {
      const button = el('button', {
        type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `tabpanel-${tab.id}`, class: 'records-tab', 'data-tab': tab.id,
      });
      button.addEventListener('click', () => this.select(tab.id, true));
      button.addEventListener('keydown', (event) => this.key(event, tab.id));
      this.buttons.set(tab.id, button);
      this.list.append(button);
      tab.panel.id = `tabpanel-${tab.id}`;
      tab.panel.setAttribute('role', 'tabpanel');
      tab.panel.setAttribute('aria-labelledby', `tab-${tab.id}`);
      tab.panel.tabIndex = 0;
      tab.panel.classList.add('records-tabpanel');
    }
    root.replaceChildren(this.list, ...tabs.map((tab) => tab.panel));
    this.render();
  }

  get selected(): string {
    return this.current;
  }

  /** Shows a tab; `load` asks its panel to fetch (on a click, not on a re-render). */
  select(id: string, load: boolean): void {
    if (!this.buttons.has(id)) return;
    this.current = id;
    this.render();
    if (load) this.tabs.find((tab) => tab.id === id)?.show();
  }

  /** The shown tab again: after signing in, or when its data may have moved on. */
  refresh(): void {
    this.tabs.find((tab) => tab.id === this.current)?.show();
  }

  render(): void {
    this.list.setAttribute('aria-label', t(this.list.dataset['label'] as MessageKey));
    for (const tab of this.tabs) {
      const button = this.buttons.get(tab.id)!;
      const on = tab.id === this.current;
      button.textContent = t(tab.label);
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      tab.panel.hidden = !on;
    }
  }

  private key(event: KeyboardEvent, id: string): void {
    const ids = this.tabs.map((tab) => tab.id);
    const at = ids.indexOf(id);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: ids.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = ids[(to + ids.length) % ids.length]!;
    this.select(next, true);
    this.buttons.get(next)?.focus();
  }
}
