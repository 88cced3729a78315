// Golden inputs for the graph panel tests: real `streamwise/topology` answers captured from the
// language server (see capture-fixtures.ts), read from test/fixtures/graph.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopologyEntry, TopologyResult } from '../../../server/src/protocol';

export const graphFixtures = join(__dirname, '..', '..', 'fixtures', 'graph');

export function topologyFixture(name: 'routing' | 'gateway'): TopologyEntry {
  const result = JSON.parse(readFileSync(join(graphFixtures, `${name}.topology.json`), 'utf8')) as TopologyResult;
  const entry = result.topologies[0];
  if (entry === undefined) throw new Error(`fixture ${name} has no topology`);
  return entry;
}
