// Small DOM helpers: text from the server is always set as text, never read as HTML.
import { WORDS, type Words, type WordKey } from './words.js';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/** Chinese and English side by side, each marked with its language. */
export function bilingual(words: Words): HTMLSpanElement {
  return el('span', { class: 'bi' }, el('span', { class: 'zh', lang: 'zh-CN' }, words['zh-CN']), el('span', { class: 'en', lang: 'en' }, words.en));
}

/** Fills every element marked data-words="key" with that text in both languages. */
export function fillWords(root: ParentNode): void {
  for (const node of root.querySelectorAll<HTMLElement>('[data-words]')) {
    const key = node.dataset['words'] as WordKey | undefined;
    if (key && key in WORDS) node.replaceChildren(bilingual(WORDS[key]));
  }
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`patient screen: #${id} is missing from index.html`);
  return node as T;
}
