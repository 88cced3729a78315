// Hover on an operator: its node name, operator, place in the topology (sub-topology and index)
// and where records go next; over a finding, its rule with a link to the rule's page.
import { MarkupKind } from 'vscode-languageserver/node';
import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { TopologyNodeModel } from 'streamwise/model';
import type { Finding } from '../analysis/workspace-analyzer';
import { ruleDocsUrl } from '../protocol';
import { containsPosition, toRange } from './convert';
import type { Documents } from './documents';

export async function hover(params: HoverParams, documents: Documents): Promise<Hover | null> {
  const target = documents.resolve(params.textDocument.uri);
  if (target === undefined) return null;
  const [found, findings] = await Promise.all([
    target.context.nodeAt(target.file, params.position.line + 1, params.position.character + 1),
    target.context.fileFindings(target.file),
  ]);
  const here = (findings ?? []).filter((f) => containsPosition(toRange(f.range), params.position));
  if (found === undefined) {
    const first = here[0];
    return first === undefined ? null : { contents: { kind: MarkupKind.Markdown, value: findingLines(here).join('\n') }, range: toRange(first.range) };
  }
  const { node, subTopology, index, topology } = found;
  const nodesInSub = topology.model.subTopologies.find((s) => s.id === subTopology)?.nodes.length;
  const lines = [
    `**${node.name}** — ${describeKind(node)}`,
    '',
    `Sub-topology ${subTopology}, node ${index + 1}${nodesInSub === undefined ? '' : ` of ${nodesInSub}`}`,
  ];
  if (node.predecessors.length > 0) lines.push('', `From: ${node.predecessors.map(code).join(', ')}`);
  lines.push('', node.successors.length > 0 ? `To: ${node.successors.map(code).join(', ')}` : 'To: (nothing: records end here)');
  if (node.kind === 'processor' && node.branch !== undefined) {
    lines.push('', 'Branches, first match wins:');
    for (const p of node.branch.predicates) lines.push(`${p.index + 1}. ${code(p.text ?? p.outlet)} → ${code(p.outlet)}`);
    lines.push(node.branch.hasDefault ? `default → ${code(node.branch.defaultOutlet ?? '')}` : 'no default branch: unmatched records are dropped');
  }
  if (node.kind === 'processor' && node.stores.length > 0) lines.push('', `Stores: ${node.stores.map(code).join(', ')}`);
  if (here.length > 0) lines.push('', '---', '', ...findingLines(here));
  const result: Hover = { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
  if (node.location !== undefined) result.range = toRange(node.location);
  return result;
}

function describeKind(node: TopologyNodeModel): string {
  switch (node.kind) {
    case 'source':
      return `source of ${node.topics.map(code).join(', ')}`;
    case 'sink':
      return node.topic === undefined ? 'sink (topic chosen per record)' : `sink to ${code(node.topic)}`;
    default:
      return `\`${node.operator}\``;
  }
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\s+/g, ' ')}\``;
}

/** One paragraph per finding: rule id linked to its documentation page, severity, message. */
function findingLines(findings: Finding[]): string[] {
  return findings.flatMap((f, i) => [...(i > 0 ? [''] : []), `[${f.rule}](${ruleDocsUrl(f.rule)}) (${f.severity}): ${f.message.replace(/([*_`[\]<>])/g, '\\$1')}`]);
}
