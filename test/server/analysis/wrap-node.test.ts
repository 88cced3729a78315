import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import { Project, ts } from 'ts-morph';
import { wrapByPosition, wrapCompilerNode } from '../../../server/src/analysis/wrap-node';
import { fixturesDir } from '../rules/rule-tester';

function compilerNodes(root: ts.Node): ts.Node[] {
  const out: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    out.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root, visit);
  return out;
}

test('wrapCompilerNode gives the wrapper ts-morph itself gives, for every node of a production file', () => {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  const sf = project.addSourceFileAtPath(join(fixturesDir, 'production', 'service-class', 'src', 'pricing-topology.ts'));
  const nodes = compilerNodes(sf.compilerNode);
  assert.ok(nodes.length > 100, `a real file (${nodes.length} nodes)`);
  // Half of the nodes wrapped the fast way first, half the public way first: both orders meet one cache.
  nodes.forEach((node, i) => {
    // Zero-width nodes (the end-of-file token) have no position to descend to: only the factory finds them.
    if (node.getStart(sf.compilerNode) === node.end) {
      assert.equal(wrapCompilerNode(sf, node)?.compilerNode, node);
      return;
    }
    const [first, second] = i % 2 === 0 ? [wrapCompilerNode(sf, node), wrapByPosition(sf, node)] : [wrapByPosition(sf, node), wrapCompilerNode(sf, node)];
    assert.ok(first !== undefined && first === second, `node ${ts.SyntaxKind[node.kind]} at ${node.pos}`);
    assert.equal(first.compilerNode, node);
  });
});

test('a node of another file has no wrapper in this one', () => {
  const project = new Project({ useInMemoryFileSystem: true });
  const a = project.createSourceFile('/a.ts', 'export const a = 1;');
  const b = project.createSourceFile('/b.ts', 'export const b = 2;');
  const [statement] = b.compilerNode.statements;
  assert.ok(statement !== undefined);
  assert.equal(wrapCompilerNode(a, statement), undefined);
  assert.equal(wrapCompilerNode(b, statement)?.getText(), 'export const b = 2;');
});
