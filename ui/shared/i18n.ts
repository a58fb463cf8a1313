// One language switch for a browser app, from two dictionaries with the same keys (the TypeScript
// type of the English one is the key list, so a missing Chinese text fails the type check). The
// choice is kept under the same storage key as the dashboard's, so it carries from app to app.
export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
/** Each language names itself in the switch. */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };
const STORAGE_KEY = 'ward.lang';

export type Vars = Record<string, string | number>;

export interface I18n<K extends string> {
  lang(): Lang;
  setLang(next: Lang): void;
  /** Calls `fn` after every switch; returns the undo. */
  onChange(fn: () => void): () => void;
  has(key: string): key is K;
  t(key: K, vars?: Vars): string;
  /**
   * Elements with data-i18n="key" get their text from the dictionary, data-i18n-aria-label="key" their
   * accessible name and data-i18n-title="key" their tooltip.
   */
  translateStatic(root: ParentNode): void;
}

// Locked-down ward PCs may refuse storage (it throws there); the switch then lasts for the page only.
function stored(): string | null {
  try { return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null; } catch { return null; }
}
function store(value: Lang): void {
  try { globalThis.localStorage?.setItem(STORAGE_KEY, value); } catch { /* see stored() */ }
}

/** The saved choice, else the browser's language. */
export function initialLang(): Lang {
  const saved = stored();
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** `initial`: the language to start in; by default the saved choice or the browser's language. */
export function createI18n<K extends string>(dictionaries: Record<Lang, Record<K, string>>, initial: Lang = initialLang()): I18n<K> {
  let current = initial;
  const listeners = new Set<() => void>();
  if (typeof document !== 'undefined') document.documentElement.lang = current;
  const has = (key: string): key is K => Object.hasOwn(dictionaries.en, key);
  const t = (key: K, vars: Vars = {}): string =>
    dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
  return {
    lang: () => current,
    setLang: (next) => {
      if (next === current) return;
      current = next;
      store(next);
      document.documentElement.lang = next;
      for (const fn of [...listeners]) fn();
    },
    onChange: (fn) => {
      listeners.add(fn);
      return () => { listeners.delete(fn); };
    },
    has,
    t,
    translateStatic: (root) => {
      const each = (attr: string, apply: (el: HTMLElement, text: string) => void) => {
        for (const el of root.querySelectorAll<HTMLElement>(`[${attr}]`)) {
          const key = el.getAttribute(attr) ?? '';
          if (has(key)) apply(el, t(key));
        }
      };
      each('data-i18n', (el, text) => { el.textContent = text; });
      each('data-i18n-aria-label', (el, text) => el.setAttribute('aria-label', text));
      each('data-i18n-title', (el, text) => el.setAttribute('title', text));
    },
  };
}
