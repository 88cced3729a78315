// The static model of each example topology equals what the runtime builds from the same code,
// and the examples (clean, realistic code) have zero findings.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TopologyModel } from 'streamwise/model';
import { WorkspaceAnalyzer } from '../../../server/src/analysis/workspace-analyzer';
import { buildGatewayRouter } from '../../../examples/gateway-log-router';
import { buildRegionAggregation } from '../../../examples/region-aggregation';
import { buildWordCount } from '../../../examples/word-count';
import { repoRoot } from '../rules/rule-tester';

const failOnError = { debug() {}, info() {}, warn() {}, error: (m: string) => assert.fail(m) };
const examples = join(repoRoot, 'examples');

/** Per sub-topology: source topics, and each node's name, kind and successors (order-insensitive). */
function shape(model: TopologyModel): unknown {
  return model.subTopologies.map((s) => ({
    sourceTopics: [...s.sourceTopics].sort(),
    nodes: s.nodes.map((n) => `${n.kind} ${n.name} -> ${[...n.successors].sort().join(',')}`).sort(),
  }));
}

test('the examples have zero findings', () => {
  const result = new WorkspaceAnalyzer(examples, { logger: failOnError }).analyze();
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.fileErrors, []);
  assert.ok(result.topologies.length >= 3);
});

for (const [file, build] of [['gateway-log-router.ts', buildGatewayRouter], ['word-count.ts', buildWordCount], ['region-aggregation.ts', buildRegionAggregation]] as const) {
  test(`static extraction of examples/${file} matches the runtime's topology`, () => {
    const result = new WorkspaceAnalyzer(examples, { logger: failOnError }).analyze();
    const extracted = result.topologies.find((t) => t.file === join(examples, file));
    assert.ok(extracted, `no topology extracted from ${file}`);
    assert.deepEqual(shape(extracted.model), shape(build().describe().toJSON()));
  });
}
