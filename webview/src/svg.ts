// Small SVG helpers (created in the SVG namespace; no innerHTML anywhere: CSP and XSS safe).
export const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}, parent?: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

export function svgText(text: string, attrs: Record<string, string | number>, parent: Element): SVGTextElement {
  const el = svgEl('text', attrs, parent);
  el.textContent = text;
  return el;
}

export function htmlEl<K extends keyof HTMLElementTagNameMap>(name: K, attrs: Record<string, string> = {}, parent?: Element, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  parent?.appendChild(el);
  return el;
}

/** The shape of a badge or status mark: the letter and the outline both carry the meaning. */
export function markShape(kind: 'circle' | 'triangle' | 'square' | 'diamond', size: number, parent: Element, cls: string): SVGElement {
  const h = size / 2;
  switch (kind) {
    case 'circle': return svgEl('circle', { r: h, class: cls }, parent);
    case 'square': return svgEl('rect', { x: -h, y: -h, width: size, height: size, rx: 1.5, class: cls }, parent);
    case 'diamond': return svgEl('path', { d: `M0,${-h - 1}L${h + 1},0L0,${h + 1}L${-h - 1},0Z`, class: cls }, parent);
    case 'triangle': return svgEl('path', { d: `M0,${-h - 1}L${h + 1},${h}L${-h - 1},${h}Z`, class: cls }, parent);
  }
}
