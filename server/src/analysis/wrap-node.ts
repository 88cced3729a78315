// The ts-morph wrapper of a compiler node found by walking compiler nodes (text searches, `ts.forEachChild`).
// ts-morph's public route, getDescendantAtPos, descends from the file through `getChildren()` at
// every level, which re-scans tokens and builds syntax lists: about 7% of a cold check. Its last
// step, the wrapper factory (one cached wrapper per compiler node), is called directly instead.
import type { Node, SourceFile, ts } from 'ts-morph';

interface WrapperFactory {
  _getNodeFromCompilerNode?: (node: ts.Node) => Node;
}

/** The wrapper of `node`, a compiler node of `sf` (the same object any other ts-morph call returns for it). */
export function wrapCompilerNode(sf: SourceFile, node: ts.Node): Node | undefined {
  if (node.getSourceFile() !== sf.compilerNode) return undefined;
  const factory = (sf as unknown as WrapperFactory)._getNodeFromCompilerNode;
  if (typeof factory === 'function') return factory.call(sf, node);
  return wrapByPosition(sf, node);
}

/** The public route (kept for a ts-morph without the factory, and as the reference in tests). */
export function wrapByPosition(sf: SourceFile, node: ts.Node): Node | undefined {
  let found: Node | undefined = sf.getDescendantAtPos(node.getStart(sf.compilerNode));
  while (found !== undefined && found.compilerNode !== node) found = found.getParent();
  return found;
}
