// Text widths for sizing graph nodes. Only the webview knows the fonts the texts are drawn in, and
// the layout runs in the host (a worker thread), so the webview measures its fonts (canvas
// measureText, the font of each kind of text) and sends the advance of every printable ASCII
// character; the host sums them to size each box before layout. Pure: shared by both sides.

/** The kinds of text a node box must fit: its name, its subtitle, a branch outlet's predicate. */
export type TextFont = 'label' | 'sub' | 'outlet';
export const TEXT_FONTS: readonly TextFont[] = ['label', 'sub', 'outlet'];

/** Characters with a measured advance: ' ' (32) to '~' (126). */
export const FIRST_CHAR = 32;
export const ASCII_COUNT = 95;

export interface FontAdvances {
  /** Advance in px of each char from FIRST_CHAR on (ASCII_COUNT of them), or none: every char is `other`. */
  ascii: number[];
  /** Used for any other character: the widest of a few wide ones (CJK, emoji), so a box is never short. */
  other: number;
}

export interface TextMetrics {
  fonts: Record<TextFont, FontAdvances>;
}

/**
 * Until the webview has measured (a background layout before any panel opened): generous uniform
 * widths for 12 px bold, 11 px and 11 px monospace text. The webview still fits every text to its box.
 */
export const ESTIMATED_METRICS: TextMetrics = {
  fonts: { label: { ascii: [], other: 8.6 }, sub: { ascii: [], other: 7 }, outlet: { ascii: [], other: 6.8 } },
};

export function textWidth(metrics: TextMetrics, font: TextFont, text: string): number {
  const f = metrics.fonts[font];
  let width = 0;
  for (const ch of text) {
    const i = (ch.codePointAt(0) ?? 0) - FIRST_CHAR;
    width += i >= 0 && i < f.ascii.length ? f.ascii[i] ?? f.other : f.other;
  }
  return width;
}

const isAdvance = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 200;

/** Metrics as sent by the webview (untrusted): every font, every advance a sane number, or undefined. */
export function parseTextMetrics(raw: unknown): TextMetrics | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const fonts = (raw as { fonts?: unknown }).fonts;
  if (typeof fonts !== 'object' || fonts === null) return undefined;
  const out: Partial<Record<TextFont, FontAdvances>> = {};
  for (const name of TEXT_FONTS) {
    const f = (fonts as Record<string, unknown>)[name];
    if (typeof f !== 'object' || f === null) return undefined;
    const { ascii, other } = f as { ascii?: unknown; other?: unknown };
    if (!Array.isArray(ascii) || (ascii.length !== 0 && ascii.length !== ASCII_COUNT) || !ascii.every(isAdvance) || !isAdvance(other) || other === 0) return undefined;
    out[name] = { ascii: ascii.slice(), other };
  }
  const { label, sub, outlet } = out;
  return label === undefined || sub === undefined || outlet === undefined ? undefined : { fonts: { label, sub, outlet } };
}

export const sameMetrics = (a: TextMetrics | undefined, b: TextMetrics | undefined): boolean =>
  a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b);
