// 1-based ranges of ts-morph nodes.
import { Node, ts, type SourceFile } from 'ts-morph';
import type { SourceLocation } from 'streamwise/model';

export interface Range1 { line: number; column: number; endLine: number; endColumn: number }

export function rangeOf(node: Node, start = node.getStart()): Range1 {
  return rangeBetween(node.getSourceFile(), start, node.getEnd());
}

export function rangeBetween(sourceFile: SourceFile, start: number, end: number): Range1 {
  // The compiler's line map (binary search), not a scan of the text up to the position.
  const sf = sourceFile.compilerNode;
  const a = ts.getLineAndCharacterOfPosition(sf, start);
  const b = ts.getLineAndCharacterOfPosition(sf, end);
  return { line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1 };
}

export function locationOf(node: Node, start?: number): SourceLocation {
  return { file: node.getSourceFile().getFilePath(), ...rangeOf(node, start) };
}

/** A call `a.b.method(x)` is reported from `method` on, not from the start of its receiver chain. */
export function callLocationStart(node: Node): number {
  if (Node.isCallExpression(node)) {
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee)) return callee.getNameNode().getStart();
  }
  return node.getStart();
}

export function contains(range: Range1, line: number, column: number): boolean {
  if (line < range.line || line > range.endLine) return false;
  if (line === range.line && column < range.column) return false;
  if (line === range.endLine && column > range.endColumn) return false;
  return true;
}

export function nodeKey(node: Node): string {
  return `${node.getSourceFile().getFilePath()}:${node.getStart()}-${node.getEnd()}`;
}
