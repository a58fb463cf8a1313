// One switch for the language of every text on the page; the choice is remembered in this browser.
import type { Lang } from './api-types.js';
import { en, type MessageKey } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';

export type { MessageKey };

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'ward.lang';

// Locked-down ward PCs may refuse storage (it throws there); the switch then lasts for the page only.
function stored(): string | null {
  try { return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null; } catch { return null; }
}

function store(value: Lang): void {
  try { globalThis.localStorage?.setItem(STORAGE_KEY, value); } catch { /* see stored() */ }
}

function initialLang(): Lang {
  const saved = stored();
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();

export function lang(): Lang { return current; }

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  store(next);
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

export function onLangChange(fn: () => void): void { listeners.add(fn); }

export function isMessageKey(key: string): key is MessageKey { return key in en; }

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function duration(seconds: number): string {
  return seconds < 90 ? t('time.seconds', { n: Math.round(seconds) }) : t('time.minutes', { n: Math.round(seconds / 60) });
}

/** "14:05" (with seconds "14:05:09"): 24-hour, for timelines and charts where a wide "02:05:09 PM" does not fit. */
export function time24(unixMs: number, seconds = false): string {
  return new Date(unixMs).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hourCycle: 'h23' });
}

export function clock(unixMs: number): string {
  return new Date(unixMs).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * Elements with data-i18n="key" get their text from the dictionary, and data-i18n-aria-label="key"
 * their accessible name, now and on every switch.
 */
export function translateStatic(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset['i18n'] ?? '';
    if (isMessageKey(key)) el.textContent = t(key);
  }
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    const key = el.dataset['i18nAriaLabel'] ?? '';
    if (isMessageKey(key)) el.setAttribute('aria-label', t(key));
  }
}
