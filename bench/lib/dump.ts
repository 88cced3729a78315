import { writeFileSync } from 'node:fs';
import { toElkGraph } from '../../client/src/graph/elk-graph';
import { buildViewModel } from '../../client/src/graph/view-model';
import { syntheticEntry } from './synthetic-topology';
writeFileSync('/tmp/g.json', JSON.stringify(toElkGraph(buildViewModel(syntheticEntry(Number(process.argv[2] ?? 50), 1)))));
