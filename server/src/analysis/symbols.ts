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

/**
 * Declared in a kafkajs package (for consumer({ groupId })). When kafkajs is not installed the
 * method has no declaration: then its receiver must come from `new Kafka(...)` of an import from
 * 'kafkajs' (through consts, class fields, `kafka.consumer()` / `kafka.producer()`).
 */
export function isKafkajsMethod(callee: Node): boolean {
  if (!Node.isPropertyAccessExpression(callee)) return false;
  const decls = resolvedSymbol(callee.getNameNode())?.getDeclarations() ?? [];
  if (decls.length === 0) return fromKafkajsImport(callee.getExpression(), 0);
  return decls.every((d) => /[\\/]node_modules[\\/]kafkajs[\\/]/.test(d.getSourceFile().getFilePath()));
}

const KAFKAJS_FACTORIES = new Set(['consumer', 'producer', 'admin']);

function fromKafkajsImport(expr: Node, depth: number): boolean {
  if (depth > 8) return false;
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isNonNullExpression(expr) || Node.isAwaitExpression(expr)) return fromKafkajsImport(expr.getExpression(), depth + 1);
  if (Node.isNewExpression(expr)) {
    const cls = expr.getExpression();
    return importedFromKafkajs(Node.isPropertyAccessExpression(cls) ? cls.getExpression() : cls);
  }
  if (Node.isCallExpression(expr)) {
    const callee = expr.getExpression();
    return Node.isPropertyAccessExpression(callee) && KAFKAJS_FACTORIES.has(callee.getName()) && fromKafkajsImport(callee.getExpression(), depth + 1);
  }
  if (!Node.isIdentifier(expr) && !Node.isPropertyAccessExpression(expr)) return false;
  const decls = resolvedSymbol(Node.isPropertyAccessExpression(expr) ? expr.getNameNode() : expr)?.getDeclarations() ?? [];
  const decl = decls[0];
  if (decl === undefined || decls.length > 1) return false;
  const constant = Node.isVariableDeclaration(decl) ? decl.getVariableStatement()?.getDeclarationKind() === 'const' : Node.isPropertyDeclaration(decl) && decl.isReadonly();
  const init = Node.isVariableDeclaration(decl) || Node.isPropertyDeclaration(decl) ? decl.getInitializer() : undefined;
  return constant && init !== undefined && fromKafkajsImport(init, depth + 1);
}

/** `Kafka` of `import { Kafka } from 'kafkajs'` (or `kafkajs` of `import * as kafkajs`), unresolved or not. */
function importedFromKafkajs(name: Node): boolean {
  for (const decl of name.getSymbol()?.getDeclarations() ?? []) {
    const imp = decl.getFirstAncestor(Node.isImportDeclaration);
    if (imp !== undefined && imp.getModuleSpecifierValue() === 'kafkajs') return true;
  }
  return false;
}

/** A workspace source file (not a declaration file, not a dependency): its functions can be followed. */
export function isWorkspaceCode(node: Node): boolean {
  const sf = node.getSourceFile();
  return !sf.isDeclarationFile() && !sf.isInNodeModules() && !isStreamwiseFile(sf);
}
