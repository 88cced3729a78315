// kafkajs clients by their declarations, or, when kafkajs is not installed, by where the receiver
// comes from (`new Kafka(...)` of an import from 'kafkajs', through consts, fields, constructor
// parameters).
import { Node } from 'ts-morph';
import { parameterArguments } from './instances';
import { resolvedSymbol } from './symbols';

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
  if (Node.isParameterDeclaration(decl) && decl.isParameterProperty() && decl.isReadonly()) {
    // `constructor(private readonly kafka: Kafka)`: what every construction of the class passes.
    const given = parameterArguments(decl);
    return given !== undefined && given.every((g) => g !== undefined && fromKafkajsImport(g, depth + 1));
  }
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
