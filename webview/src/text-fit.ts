// Measures node texts in the fonts they are drawn in (canvas measureText; the font read from a
// hidden probe element styled exactly as the drawn texts) and fits each text to its box: the host
// sizes boxes from these metrics, and a text that still does not fit (a very long user-given
// name, metrics of another font) is ellipsized here, never drawn past the box edge.
import { ASCII_COUNT, FIRST_CHAR, TEXT_FONTS, textWidth, type FontAdvances, type TextFont, type TextMetrics } from '../../client/src/graph/text-metrics';
import { svgEl } from './svg';

/** Wide characters outside ASCII: any of them is sized as the widest (a box is never short). */
const WIDE_SAMPLES = ['W', 'Ｗ', '漢', '한', 'Ж', 'Ш', '😀'];
const ELLIPSIS = '…';

export class TextFit {
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly probes: Record<TextFont, SVGTextElement>;
  private fonts: Record<TextFont, string> = { label: '', sub: '', outlet: '' };
  private readonly cache = new Map<string, number>();
  private currentFont = '';
  /** Per font, the advance of each ASCII char: a quick upper bound of a text's width. */
  private tables: Partial<Record<TextFont, FontAdvances>> = {};

  /** `defs`: where the probes live (styled as node texts, never drawn). */
  constructor(defs: SVGElement) {
    this.ctx = document.createElement('canvas').getContext('2d');
    const node = svgEl('g', { class: 'node', 'data-text-probe': '', 'aria-hidden': 'true' }, defs);
    const outlet = svgEl('g', { class: 'outlet' }, node);
    this.probes = {
      label: svgEl('text', { class: 'label' }, node),
      sub: svgEl('text', { class: 'sub' }, node),
      outlet: svgEl('text', { class: 'outlet-text' }, outlet),
    };
    this.readFonts();
  }

  /** Reads the fonts again (the theme or the editor font changed); true when any changed. `remeasure`: forget all widths anyway. */
  readFonts(remeasure = false): boolean {
    const next = { ...this.fonts };
    for (const name of TEXT_FONTS) {
      const s = getComputedStyle(this.probes[name]);
      next[name] = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    }
    const changed = TEXT_FONTS.some((f) => next[f] !== this.fonts[f]);
    if (changed || remeasure) {
      this.fonts = next;
      this.cache.clear();
      this.tables = {};
      this.currentFont = '';
    }
    return changed;
  }

  width(font: TextFont, text: string): number {
    const key = `${font}\u0000${text}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const ctx = this.ctx;
    if (ctx === null) return text.length * 8;
    // Setting a canvas font parses it: only when it changes.
    if (this.currentFont !== this.fonts[font]) {
      ctx.font = this.fonts[font];
      this.currentFont = this.fonts[font];
    }
    const w = ctx.measureText(text).width;
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(key, w);
    return w;
  }

  /** `text` if it fits in `max` px, else its longest start that fits with an ellipsis. */
  fit(font: TextFont, text: string, max: number): string {
    // The sum of the glyph advances (what the host sized the box by) with a margin for kerning
    // says "fits" without measuring: most texts, so drawing a big graph measures almost nothing.
    if (this.estimate(font, text) * 1.02 + 1 <= max || this.width(font, text) <= max) return text;
    const chars = [...text];
    let lo = 0;
    let hi = chars.length - 1;
    // The longest prefix whose text plus ellipsis fits (binary search: widths grow with length).
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.width(font, chars.slice(0, mid).join('') + ELLIPSIS) <= max) lo = mid;
      else hi = mid - 1;
    }
    return chars.slice(0, Math.max(lo, 1)).join('') + ELLIPSIS;
  }

  private estimate(font: TextFont, text: string): number {
    return textWidth({ fonts: { label: this.table('label'), sub: this.table('sub'), outlet: this.table('outlet') } }, font, text);
  }

  private table(font: TextFont): FontAdvances {
    const known = this.tables[font];
    if (known !== undefined) return known;
    const made = {
      ascii: Array.from({ length: ASCII_COUNT }, (_, i) => round(this.width(font, String.fromCharCode(FIRST_CHAR + i)))),
      other: Math.max(...WIDE_SAMPLES.map((c) => round(this.width(font, c)))),
    };
    this.tables[font] = made;
    return made;
  }

  /** Advances of every printable ASCII char, and a width for any other, in each font (sent to the host). */
  metrics(): TextMetrics {
    return { fonts: { label: this.table('label'), sub: this.table('sub'), outlet: this.table('outlet') } };
  }
}

/** Up to 1/100 px, rounded up (a sum of them is never short of the real width). */
const round = (n: number): number => Math.ceil(n * 100) / 100;
