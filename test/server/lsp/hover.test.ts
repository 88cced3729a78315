import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { fixtureWorkspace, lineOf, LspSession } from '../lsp-session';
import { sessionOnFixture } from '../lsp-fixture-session';

const { file, text, session: lsp } = sessionOnFixture('orders', 'src/router.ts');

test('hover on branch shows the node name, its place in the topology and its successors', async () => {
  const uri = await lsp().open(file, text);
  const line = lineOf(text, 'orders.branch(');
  const hover = await lsp().hover(uri, line, (text.split('\n')[line] ?? '').indexOf('branch') + 2);
  assert.ok(hover !== null, 'a hover for the branch operator');
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /KSTREAM-BRANCH-\d{10}/);
  assert.match(value, /`branch`/);
  assert.match(value, /Sub-topology 0, node \d+ of \d+/);
  assert.match(value, /To: `KSTREAM-BRANCHCHILD-\d{10}`/);
  assert.match(value, /first match wins/);
});

test('hover outside topology code answers null', async () => {
  const uri = await lsp().open(file, text);
  assert.equal(await lsp().hover(uri, 0, 0), null);
});

test('hover over a finding names its rule with a link to the rule page', async () => {
  const async = fixtureWorkspace('orders');
  const source = join(async.root, 'src', 'enrich.ts');
  const body = [
    "import { StreamsBuilder } from 'streamwise';",
    'declare function lookup(id: string): Promise<string>;',
    'const builder = new StreamsBuilder();',
    "builder.stream<string, string>('orders').mapValues((v) => lookup(v)).to('orders-enriched');",
    'export const topology = builder.build();',
    '',
  ].join('\n');
  const local = await LspSession.start({ folders: [async.root] });
  try {
    const uri = await local.open(source, body);
    const hover = await local.hover(uri, 3, body.split('\n')[3]?.indexOf('lookup') ?? 0);
    assert.ok(hover !== null, 'a hover over the async callback');
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\[async-processor-callback\]\(https:\/\/github\.com\/streamwise\/streamwise\/blob\/main\/docs\/rules\/async-processor-callback\.md\) \(error\): The mapValues\(\) callback returns a Promise/);
  } finally {
    await local.dispose();
    async.dispose();
  }
});
