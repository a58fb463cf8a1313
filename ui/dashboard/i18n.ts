// One switch for the language of every text on the page; the choice is remembered in this browser.
import type { Lang } from './api-types.js';
import { en, type MessageKey } from './i18n/en.js';
import { zhCN } from './i18n/zh-CN.js';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'ward.lang';

let current: Lang = initialLang();
const listeners = new Set<() => void>();

function initialLang(): Lang {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-CN') return stored;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function lang(): Lang { return current; }

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const fn of listeners) fn();
}

export function onLangChange(fn: () => void): void { listeners.add(fn); }

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return DICTIONARIES[current][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function duration(seconds: number): string {
  return seconds < 90 ? t('time.seconds', { n: Math.round(seconds) }) : t('time.minutes', { n: Math.round(seconds / 60) });
}

export function clock(unixMs: number): string {
  return new Date(unixMs).toLocaleTimeString(current, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Elements with data-i18n="key" get their text from the dictionary, now and on every switch. */
export function translateStatic(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
}
