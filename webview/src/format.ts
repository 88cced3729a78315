// Number and text formatting shared by the graph and the lag view.
export const truncate = (text: string, chars: number): string => (text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`);

// One formatter: toLocaleString() builds a new one per call, too slow for an overlay of 500 nodes.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (Math.abs(n) >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return integer.format(Math.round(n));
}

export function formatRate(n: number): string {
  if (n >= 100) return `${formatCount(n)}/s`;
  return `${n.toFixed(n >= 10 ? 0 : 1)}/s`;
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  if (seconds < 1) return '<1 s';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Status letters: every status has a letter (and a shape in CSS), never colour alone. */
export const STATUS_LETTER: Record<string, string> = { OK: '✓', WARN: '!', STALL: '‖', STOP: '■' };
export const SEVERITY_LETTER: Record<string, string> = { error: 'E', warning: 'W', info: 'i' };
export const KIND_LETTER: Record<string, string> = {
  source: 'S', processor: 'P', branch: 'B', sink: 'K', topic: 'T', repartition: 'R', store: 'D', changelog: 'C',
};
