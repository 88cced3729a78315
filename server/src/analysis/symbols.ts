// Recognising streamwise code by resolved symbols (never by the names user code picks).
import { Node, type Symbol as MorphSymbol } from 'ts-morph';
import { recordNode } from './deps';
import { isStreamwiseFile } from './project';

export function resolvedSymbol(node: Node): MorphSymbol | undefined {
  const symbol = node.getSymbol();
  if (symbol === undefined) return undefined;
  const target = symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
  for (const decl of target.getDeclarations()) recordNode(decl);
  return target;
}

/** For a class reference (`StreamsBuilder`, `sw.KafkaStreams`): its name when declared by streamwise. */
export function streamwiseClassName(expression: Node): string | undefined {
  const target = Node.isPropertyAccessExpression(expression) ? expression.getNameNode() : expression;
  const symbol = resolvedSymbol(target);
  const decl = symbol?.getDeclarations()[0];
  if (decl === undefined || !isStreamwiseFile(decl.getSourceFile())) return undefined;
  return symbol?.getName();
}

/** For `x.method(...)`: true when `method` is declared by streamwise. */
export function isStreamwiseMethod(callee: Node): boolean {
  if (!Node.isPropertyAccessExpression(callee)) return false;
  const symbol = resolvedSymbol(callee.getNameNode());
  const decls = symbol?.getDeclarations() ?? [];
  return decls.length > 0 && decls.every((d) => isStreamwiseFile(d.getSourceFile()));
}

/** A workspace source file (not a declaration file, not a dependency): its functions can be followed. */
export function isWorkspaceCode(node: Node): boolean {
  const sf = node.getSourceFile();
  return !sf.isDeclarationFile() && !sf.isInNodeModules() && !isStreamwiseFile(sf);
}
