// Status bar texts for runs and the dev cluster (vscode-free; formats listed in ext-interfaces.md).
import type { DevClusterState } from './dev-cluster';
import type { RunInfo } from './run-manager';

export function formatRate(perSec: number): string {
  if (perSec >= 1000) return `${(perSec / 1000).toFixed(1)}k rec/s`;
  return `${perSec >= 10 || perSec === 0 ? Math.round(perSec) : perSec.toFixed(1)} rec/s`;
}

/** "$(play) gateway.ts #1: RUNNING 12 rec/s" and friends. */
export function runStatusText(run: RunInfo): string {
  switch (run.status) {
    case 'starting':
      return `$(sync~spin) ${run.name}: ${run.live.state ?? 'STARTING'}`;
    case 'running':
      return `$(play) ${run.name}: ${run.live.state ?? 'RUNNING'} ${formatRate(run.live.recordsPerSec)}`;
    case 'stopping':
      return `$(sync~spin) ${run.name}: STOPPING`;
    case 'stopped':
      return `$(debug-stop) ${run.name}: STOPPED`;
    case 'failed':
      return `$(error) ${run.name}: FAILED`;
  }
}

export function runTooltip(run: RunInfo): string {
  const lines = [`Streamwise run ${run.name} (${run.status})`, run.spec.file, `brokers: ${run.spec.brokers.join(',') || 'embedded'}`];
  if (run.live.applicationId !== undefined) lines.push(`application: ${run.live.applicationId}, instances: ${Object.keys(run.live.instances).length}`);
  lines.push(`records in ${run.live.totals.recordsIn}, out ${run.live.totals.recordsOut}, errors ${run.live.totals.errors}`);
  if (run.lastError !== undefined) lines.push(`last error: ${run.lastError}`);
  lines.push('Click to show its output.');
  return lines.join('\n');
}

/** "$(server-process) dev cluster :PORT"; undefined when it should not show. */
export function devClusterText(state: DevClusterState, port: number | undefined): string | undefined {
  switch (state) {
    case 'running':
      return `$(server-process) dev cluster :${String(port ?? '?')}`;
    case 'starting':
      return '$(sync~spin) dev cluster starting';
    case 'stopping':
      return '$(sync~spin) dev cluster stopping';
    case 'failed':
      return '$(error) dev cluster failed';
    case 'stopped':
      return undefined;
  }
}
