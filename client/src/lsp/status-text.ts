// Texts of the language-status item (vscode-free; the format is part of ext-interfaces.md).
import type { AnalysisStatusParams } from '../../../server/src/protocol';
import type { ServerState } from './language-server';

export interface StatusView {
  text: string;
  detail: string;
  severity: 'information' | 'warning' | 'error';
  busy: boolean;
}

/** Latest analysis per folder -> the item: "Streamwise: 3 findings", detail "running · last analysis 10:42:05 (120 ms)". */
export function languageStatus(state: ServerState, analyses: readonly AnalysisStatusParams[], lastError?: string): StatusView {
  if (state === 'failed') return { text: 'Streamwise: failed', detail: lastError ?? 'the language server did not start', severity: 'error', busy: false };
  if (state === 'not started') return { text: 'Streamwise: idle', detail: 'no Streamwise code found in this workspace yet', severity: 'information', busy: false };
  if (state === 'starting') return { text: 'Streamwise: starting', detail: 'starting the language server', severity: 'information', busy: true };
  if (state === 'stopped') return { text: 'Streamwise: stopped', detail: 'the language server stopped', severity: 'warning', busy: false };
  if (analyses.length === 0) return { text: 'Streamwise: analysing', detail: 'running · first analysis in progress', severity: 'information', busy: true };
  const errors = sum(analyses, 'error');
  const total = errors + sum(analyses, 'warning') + sum(analyses, 'info');
  const last = analyses.reduce((a, b) => (b.time > a.time ? b : a));
  const text = `Streamwise: ${total} finding${total === 1 ? '' : 's'}`;
  const detail = `running · last analysis ${clock(last.time)} (${Math.round(last.durationMs)} ms)`;
  return { text, detail, severity: errors > 0 ? 'error' : total > 0 ? 'warning' : 'information', busy: false };
}

function sum(analyses: readonly AnalysisStatusParams[], key: keyof AnalysisStatusParams['findings']): number {
  return analyses.reduce((n, a) => n + (a.findings[key] ?? 0), 0);
}

/** HH:MM:SS local time. */
export function clock(time: number): string {
  const d = new Date(time);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
