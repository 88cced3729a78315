// Cross-file rules in the language server: a finding in one file follows edits of another file
// (serde-mismatch at the reader when the writer changes; unknown-state-store at the lookup when
// the topology changes; topic-durability at the source when the producer changes).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LspSession } from '../lsp-session';
import { workspaceFrom } from '../rules/rule-tester';

const codes = (diagnostics: { code?: number | string; range: { start: { line: number } } }[], rule: string): number[] =>
  diagnostics.filter((d) => d.code === rule).map((d) => d.range.start.line + 1).sort((a, b) => a - b);

test('serde-mismatch at the reader follows an edit of the writer', async () => {
  const root = workspaceFrom('serde-mismatch/workspace');
  const session = await LspSession.start({ folders: [root] });
  try {
    const reader = await session.open(join(root, 'src', 'dashboard.ts'));
    assert.deepEqual(codes(await session.pull(reader), 'serde-mismatch'), [8, 18, 38]);
    const counterFile = join(root, 'src', 'counter.ts');
    const writer = await session.open(counterFile);
    await session.replace(writer, readFileSync(counterFile, 'utf8').replace("to('page-counts')", "to('page-counts-v2')"));
    assert.deepEqual(codes(await session.pull(reader), 'serde-mismatch'), [18, 38]);
  } finally {
    await session.dispose();
  }
});

test('unknown-state-store at the lookup follows an edit of the topology', async () => {
  const root = workspaceFrom('unknown-state-store/service');
  const session = await LspSession.start({ folders: [root] });
  try {
    const service = await session.open(join(root, 'src', 'views-service.ts'));
    assert.deepEqual(codes(await session.pull(service), 'unknown-state-store'), [12]);
    const topologyFile = join(root, 'src', 'topology.ts');
    const topology = await session.open(topologyFile);
    await session.replace(topology, readFileSync(topologyFile, 'utf8').replace("count({ name: 'view-counts' })", "count({ name: 'views-count' })"));
    assert.deepEqual(codes(await session.pull(service), 'unknown-state-store'), []);
  } finally {
    await session.dispose();
  }
});

test('topic-durability at the source follows an edit of the producer', async () => {
  const root = workspaceFrom('topic-durability/signups', { kafkajs: true });
  const session = await LspSession.start({ folders: [root] });
  try {
    const topology = await session.open(join(root, 'src', 'topology.ts'));
    assert.deepEqual(codes(await session.pull(topology), 'topic-durability'), [5, 7, 8, 10]);
    const publisherFile = join(root, 'src', 'publisher.ts');
    const publisher = await session.open(publisherFile);
    await session.replace(publisher, readFileSync(publisherFile, 'utf8').replace('acks: 1', 'acks: -1'));
    assert.deepEqual(codes(await session.pull(topology), 'topic-durability'), [7, 8, 10]);
  } finally {
    await session.dispose();
  }
});
