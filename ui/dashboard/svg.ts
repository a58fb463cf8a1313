// A small SVG element builder for the charts, like dom.ts's `el`: text goes in as text nodes, never markup.
const NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K, attrs: Record<string, string | number> = {}, ...children: (Node | string | null)[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, typeof v === 'number' ? String(Math.round(v * 100) / 100) : v);
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

/** A tooltip for a chart mark: shown on hover by the browser and read by screen readers that explore the SVG. */
export const title = (text: string): SVGTitleElement => svg('title', {}, text);
