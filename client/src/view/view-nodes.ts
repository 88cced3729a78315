// The Streamwise view's items as plain data (vscode-free, tested in node): what each node shows,
// its contextValue (menus and e2e tests key on them; listed in ext-interfaces.md) and its icon.
import type { GroupLagReport } from 'streamwise/model';
import { Commands } from '../../../server/src/protocol';
import type { RunInfo } from '../runs/run-manager';
import { formatRate } from '../runs/status-text';
import type { GroupInfo, RecordRow, TopicInfo } from './cluster-browser';

export type NodeKind = 'cluster' | 'topic' | 'partition' | 'records' | 'record' | 'runs' | 'run' | 'app' | 'instance' | 'groups' | 'group' | 'groupPartition' | 'message';

export interface ViewNode {
  /** Stable across refreshes (expansion state follows it). */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue: string;
  /** Codicon id. */
  icon?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  command?: { command: string; title: string; arguments?: unknown[] };
  /** What the children are computed from. */
  topic?: string;
  runId?: string;
  groupId?: string;
  appId?: string;
}

export const CONTEXT = {
  cluster: 'streamwise.cluster',
  clusterStopped: 'streamwise.cluster.stopped',
  topic: 'streamwise.topic',
  partition: 'streamwise.partition',
  records: 'streamwise.records',
  record: 'streamwise.record',
  runs: 'streamwise.runs',
  runActive: 'streamwise.run.active',
  runFinished: 'streamwise.run.finished',
  app: 'streamwise.app',
  instance: 'streamwise.instance',
  groups: 'streamwise.groups',
  group: 'streamwise.group',
  groupPartition: 'streamwise.groupPartition',
  message: 'streamwise.message',
} as const;

export interface ClusterTarget {
  /** 'configured': streamwise.brokers; 'dev': the window's dev cluster. */
  source: 'configured' | 'dev';
  brokers: string[];
  /** Dev cluster state when source is 'dev'. */
  devState?: string;
}

export function clusterRoot(target: ClusterTarget): ViewNode {
  if (target.source === 'dev' && target.brokers.length === 0) {
    return {
      id: 'cluster', kind: 'cluster', label: 'Dev cluster', description: target.devState === 'starting' ? 'starting…' : 'not running',
      tooltip: 'The window\'s dev cluster starts with the first run, or with Start Dev Cluster. Set streamwise.brokers to browse another cluster.',
      contextValue: CONTEXT.clusterStopped, icon: 'server-process', collapsible: 'expanded',
    };
  }
  return {
    id: 'cluster', kind: 'cluster', label: target.source === 'dev' ? 'Dev cluster' : 'Cluster', description: target.brokers.join(','),
    tooltip: `${target.source === 'dev' ? 'The window\'s dev cluster' : 'streamwise.brokers'}: ${target.brokers.join(',')}`,
    contextValue: CONTEXT.cluster, icon: 'server-process', collapsible: 'expanded',
  };
}

export function message(id: string, label: string, options: { tooltip?: string; command?: ViewNode['command']; icon?: string } = {}): ViewNode {
  const node: ViewNode = { id, kind: 'message', label, contextValue: CONTEXT.message, collapsible: 'none', icon: options.icon ?? 'info' };
  if (options.tooltip !== undefined) node.tooltip = options.tooltip;
  if (options.command !== undefined) node.command = options.command;
  return node;
}

export function startClusterMessage(): ViewNode {
  return message('cluster/start', 'Start Dev Cluster', { icon: 'play', command: { command: Commands.startDevCluster, title: 'Start Dev Cluster' } });
}

export function topicNode(topic: TopicInfo): ViewNode {
  const n = topic.partitions.length;
  return {
    id: `topic/${topic.name}`, kind: 'topic', label: topic.name,
    description: `${n} partition${n === 1 ? '' : 's'} · ${topic.records} record${topic.records === 1 ? '' : 's'}`,
    tooltip: topic.partitions.map((p) => `partition ${p.partition}: offsets ${p.low}..${p.high}`).join('\n'),
    contextValue: CONTEXT.topic, icon: topic.internal ? 'lock' : 'symbol-event', collapsible: 'collapsed', topic: topic.name,
  };
}

export function topicChildren(topic: TopicInfo, recordCount: number): ViewNode[] {
  const partitions = topic.partitions.map((p): ViewNode => ({
    id: `topic/${topic.name}/p${p.partition}`, kind: 'partition', label: `partition ${p.partition}`,
    description: `end offset ${p.high} · ${Math.max(0, p.high - p.low)} records`, tooltip: `log start offset ${p.low}, end offset ${p.high}`,
    contextValue: CONTEXT.partition, icon: 'list-ordered', collapsible: 'none', topic: topic.name,
  }));
  const records: ViewNode = {
    id: `topic/${topic.name}/records`, kind: 'records', label: `Last ${recordCount} records`, contextValue: CONTEXT.records,
    icon: 'history', collapsible: topic.records > 0 ? 'collapsed' : 'none', topic: topic.name,
  };
  if (topic.records === 0) records.description = 'empty';
  return [...partitions, records];
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function recordNode(row: RecordRow): ViewNode {
  const time = new Date(row.timestamp).toISOString();
  const headers = Object.entries(row.headers);
  const tooltip = [
    `partition ${row.partition}, offset ${row.offset}`,
    `timestamp ${time} (${row.timestamp})`,
    `key: ${row.key ?? 'null'}`,
    `value: ${row.value ?? 'null'}`,
    headers.length === 0 ? 'headers: none' : `headers:\n${headers.map(([k, v]) => `  ${k}: ${v}`).join('\n')}`,
  ].join('\n');
  return {
    id: `record/${row.topic}/${row.partition}/${row.offset}`, kind: 'record', label: `${clip(row.key ?? 'null', 40)} → ${clip(row.value ?? 'null', 80)}`,
    description: `p${row.partition}@${row.offset} · ${time.slice(11, 23)}${headers.length > 0 ? ` · ${headers.length} header${headers.length === 1 ? '' : 's'}` : ''}`,
    tooltip, contextValue: CONTEXT.record, icon: 'symbol-field', collapsible: 'none', topic: row.topic,
  };
}

export function runsRoot(runs: readonly RunInfo[]): ViewNode {
  const active = runs.filter((r) => r.status === 'starting' || r.status === 'running' || r.status === 'stopping').length;
  return { id: 'runs', kind: 'runs', label: 'Runs', description: runs.length === 0 ? 'none' : `${active} active`, contextValue: CONTEXT.runs, icon: 'play-circle', collapsible: 'expanded' };
}

export function runNode(run: RunInfo): ViewNode {
  const active = run.status === 'starting' || run.status === 'running' || run.status === 'stopping';
  const state = run.status === 'running' ? `${run.live.state ?? 'RUNNING'} · ${formatRate(run.live.recordsPerSec)}` : run.status === 'failed' ? `FAILED: ${run.lastError ?? ''}` : run.status.toUpperCase();
  return {
    id: `run/${run.id}`, kind: 'run', label: run.name, description: state,
    tooltip: [run.spec.file, `brokers: ${run.spec.brokers.join(',')}`, `records in ${run.live.totals.recordsIn}, out ${run.live.totals.recordsOut}, errors ${run.live.totals.errors}`, ...(run.lastError === undefined ? [] : [`last error: ${run.lastError}`])].join('\n'),
    contextValue: active ? CONTEXT.runActive : CONTEXT.runFinished,
    icon: run.status === 'failed' ? 'error' : active ? 'play' : 'debug-stop',
    collapsible: Object.keys(run.live.instances).length > 0 ? 'expanded' : 'none', runId: run.id,
    command: { command: Commands.showRunOutput, title: 'Show Run Output', arguments: [run.id] },
  };
}

/** A run's application (one per run) -> its instances with state and tasks. */
export function runChildren(run: RunInfo): ViewNode[] {
  const appId = run.live.applicationId;
  if (appId === undefined) return [];
  return [{
    id: `run/${run.id}/app`, kind: 'app', label: appId, description: run.live.state ?? '', contextValue: CONTEXT.app, icon: 'package',
    tooltip: `application.id ${appId}: ${Object.keys(run.live.instances).length} instance(s)`, collapsible: 'expanded', runId: run.id, appId,
  }];
}

export function instanceNodes(run: RunInfo): ViewNode[] {
  return Object.values(run.live.instances).sort((a, b) => a.instance.localeCompare(b.instance)).map((inst) => {
    const threads = Object.values(inst.threads);
    const tasks = threads.flatMap((t) => t.tasks);
    const rate = Object.values(inst.rates.topicsIn).reduce((a, b) => a + b, 0);
    return {
      id: `run/${run.id}/instance/${inst.instance}`, kind: 'instance', label: inst.instance,
      description: `${inst.state} · ${threads.length} thread${threads.length === 1 ? '' : 's'} · tasks ${tasks.join(', ') || '—'} · ${formatRate(rate)}`,
      tooltip: threads.map((t) => `${t.thread}: ${t.partitions.map((p) => `${p.topic}[${p.partition}]`).join(', ') || 'no partitions'}`).join('\n') || 'no assignment yet',
      contextValue: CONTEXT.instance, icon: 'vm', collapsible: 'none', runId: run.id,
    };
  });
}

export function groupsRoot(): ViewNode {
  return { id: 'groups', kind: 'groups', label: 'Consumer groups', contextValue: CONTEXT.groups, icon: 'organization', collapsible: 'expanded' };
}

export function groupNode(group: GroupInfo, report: GroupLagReport | undefined): ViewNode {
  const parts = [group.state ?? 'state unknown'];
  if (group.members !== undefined) parts.push(`${group.members} member${group.members === 1 ? '' : 's'}`);
  if (report !== undefined) parts.push(`lag ${report.totalLag}`, report.status);
  return {
    id: `group/${group.groupId}`, kind: 'group', label: group.groupId, description: parts.join(' · '),
    tooltip: report?.message ?? `protocol ${group.protocolType || 'none'}`,
    contextValue: CONTEXT.group, icon: 'organization', collapsible: report !== undefined && report.partitions.length > 0 ? 'collapsed' : 'none', groupId: group.groupId,
  };
}

export function groupPartitionNodes(report: GroupLagReport): ViewNode[] {
  return report.partitions.map((p) => ({
    id: `group/${report.groupId}/${p.topic}/${p.partition}`, kind: 'groupPartition', label: `${p.topic}[${p.partition}]`,
    description: `lag ${p.lag ?? '—'} · committed ${p.committed ?? 'none'} / end ${p.end} · ${p.status}`,
    tooltip: [`${p.reason}`, `owner: ${p.clientId ?? 'unassigned'}${p.host === null ? '' : ` on ${p.host}`}`, `consume ${p.consumeRate?.toFixed(1) ?? '—'} rec/s, produce ${p.produceRate?.toFixed(1) ?? '—'} rec/s`].join('\n'),
    contextValue: CONTEXT.groupPartition, icon: p.status === 'OK' ? 'pass' : p.status === 'PENDING' ? 'watch' : 'warning', collapsible: 'none', groupId: report.groupId,
  }));
}
