// Export: the drawing as a standalone SVG file, with the theme's colours resolved into attributes
// (the file has no --vscode-* variables to read).
const PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'text-decoration'];

export function exportSvg(svg: SVGSVGElement, viewport: { width: number; height: number }): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const source = svg.querySelectorAll('*');
  const target = clone.querySelectorAll('*');
  source.forEach((el, i) => {
    const copy = target[i];
    if (copy === undefined) return;
    const style = getComputedStyle(el);
    for (const p of PROPS) {
      const v = style.getPropertyValue(p);
      if (v !== '') copy.setAttribute(p, v);
    }
    copy.removeAttribute('tabindex');
    copy.removeAttribute('class');
  });
  // The text measuring probes are no part of the drawing.
  for (const probe of clone.querySelectorAll('[data-text-probe]')) probe.remove();
  const vp = clone.querySelector('g.viewport');
  vp?.removeAttribute('transform');
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.ceil(viewport.width)));
  clone.setAttribute('height', String(Math.ceil(viewport.height)));
  clone.setAttribute('viewBox', `0 0 ${Math.ceil(viewport.width)} ${Math.ceil(viewport.height)}`);
  const bg = getComputedStyle(document.body).getPropertyValue('background-color');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', bg === '' ? 'white' : bg);
  clone.insertBefore(rect, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}
