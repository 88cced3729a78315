// CodeLens above each topology: `Run` and `Show graph`, with {uri, range, topologyIndex}.
import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { Commands } from '../protocol';
import type { TopologyCommandArgs } from '../protocol';
import { toRange } from './convert';
import type { Documents } from './documents';
import { topologiesOf } from './topology';

export async function codeLenses(params: CodeLensParams, documents: Documents): Promise<CodeLens[]> {
  const target = documents.resolve(params.textDocument.uri);
  if (target === undefined) return [];
  const result = await target.context.latestResult();
  if (result === undefined) return [];
  const lenses: CodeLens[] = [];
  topologiesOf(result, target.file).forEach((topology, topologyIndex) => {
    const range = toRange(topology.range);
    const args: TopologyCommandArgs = { uri: params.textDocument.uri, range, topologyIndex };
    const lensRange = { start: range.start, end: range.start };
    lenses.push({ range: lensRange, command: { title: '▶ Run', command: Commands.runTopology, arguments: [args] } });
    lenses.push({ range: lensRange, command: { title: 'Show graph', command: Commands.showGraph, arguments: [args] } });
  });
  return lenses;
}
