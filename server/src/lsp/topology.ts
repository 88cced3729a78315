// streamwise/topology: topology models with their source locations and findings as badges.
import type { TopologyNodeModel } from 'streamwise/model';
import type { AnalysisResult, ExtractedTopology, Finding } from '../analysis/workspace-analyzer';
import type { AppEntry, FindingBadge, TopologyEntry, TopologyParams, TopologyResult } from '../protocol';
import { toRange } from './convert';
import type { Documents } from './documents';
import type { FolderContext } from './folder-context';
import type { Settings } from './settings';
import type { WorkspaceFolders } from './workspace-folders';

export const emptyTopologyResult = (): TopologyResult => ({ topologies: [], apps: [], configErrors: [], fileErrors: [] });

/** The topologies of `file`, in source order: position in this list is `topologyIndex`. */
export function topologiesOf(result: AnalysisResult, file: string): ExtractedTopology[] {
  return result.topologies
    .filter((t) => t.file === file)
    .sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
}

export async function topologyRequest(
  params: TopologyParams,
  folders: WorkspaceFolders,
  documents: Documents,
  settings: Settings,
): Promise<TopologyResult> {
  const out = emptyTopologyResult();
  let contexts: FolderContext[];
  let onlyFile: string | undefined;
  if (params.uri !== undefined) {
    const target = documents.resolve(params.uri);
    if (target === undefined) return out;
    contexts = [target.context];
    onlyFile = target.file;
  } else {
    contexts = folders.all();
  }
  for (const context of contexts) {
    const result = await context.latestResult();
    if (result === undefined) continue;
    out.configErrors.push(...result.configErrors);
    for (const error of result.fileErrors) {
      if (onlyFile !== undefined && error.file !== onlyFile) continue;
      const start = { line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) };
      out.fileErrors.push({ uri: documents.uriOf(error.file), range: { start, end: start }, message: error.message });
    }
    const files = onlyFile !== undefined ? [onlyFile] : [...new Set(result.topologies.map((t) => t.file))];
    for (const file of files) {
      const uri = documents.uriOf(file);
      const run = await settings.forResource(uri);
      const fileFindings = result.findings.filter((f) => f.file === file);
      topologiesOf(result, file).forEach((topology, topologyIndex) => {
        const entry: TopologyEntry = {
          uri,
          range: toRange(topology.range),
          topologyIndex,
          model: topology.model,
          findings: badgesFor(topology, result.findings, fileFindings, documents.uriOf),
          run: { brokers: run.brokers, instances: run.instances },
        };
        out.topologies.push(entry);
      });
    }
    for (const app of result.apps) {
      const location = app.location;
      if (onlyFile !== undefined && location?.file !== onlyFile) continue;
      const entry: AppEntry = { app };
      if (location !== undefined) {
        entry.uri = documents.uriOf(location.file);
        entry.range = toRange(location);
      }
      out.apps.push(entry);
    }
  }
  return out;
}

/** Findings inside the code of this topology's nodes (any file), each tied to its innermost node. */
function badgesFor(topology: ExtractedTopology, all: Finding[], sameFile: Finding[], uriOf: (file: string) => string): FindingBadge[] {
  const nodes = topology.model.subTopologies.flatMap((s) => s.nodes);
  const badges: FindingBadge[] = [];
  for (const finding of all) {
    const node = innermostNode(nodes, finding);
    const inBuild = sameFile.includes(finding) && within(finding.range, topology.range);
    if (node === undefined && !inBuild) continue;
    const badge: FindingBadge = {
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      uri: uriOf(finding.file),
      range: toRange(finding.range),
    };
    if (node !== undefined) badge.node = node.name;
    if (finding.unreachable !== undefined) badge.unreachable = { ...finding.unreachable };
    badges.push(badge);
  }
  return badges;
}

interface Span { line: number; column: number; endLine: number; endColumn: number }

function within(inner: Span, outer: Span): boolean {
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn);
  return startsAfter && endsBefore;
}

function innermostNode(nodes: TopologyNodeModel[], finding: Finding): TopologyNodeModel | undefined {
  let best: TopologyNodeModel | undefined;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const node of nodes) {
    const loc = node.location;
    if (loc === undefined || loc.file !== finding.file || !within(finding.range, loc)) continue;
    const size = (loc.endLine - loc.line) * 10_000 + (loc.endColumn - loc.column);
    if (size < bestSize) {
      best = node;
      bestSize = size;
    }
  }
  return best;
}
