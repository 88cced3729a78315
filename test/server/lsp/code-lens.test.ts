import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Commands } from '../../../server/src/protocol';
import type { TopologyCommandArgs } from '../../../server/src/protocol';
import { lineOf } from '../lsp-session';
import { sessionOnFixture } from '../lsp-fixture-session';

const { file, text, session: lsp } = sessionOnFixture('orders', 'src/router.ts');

test('Run and Show graph lenses sit on the topology, with {uri, range, topologyIndex}', async () => {
  const uri = await lsp().open(file, text);
  const lenses = await lsp().codeLenses(uri);
  assert.deepEqual(lenses.map((l) => l.command?.command), [Commands.runTopology, Commands.showGraph]);
  for (const lens of lenses) {
    const [args] = (lens.command?.arguments ?? []) as TopologyCommandArgs[];
    assert.equal(args?.uri, uri);
    assert.equal(args?.topologyIndex, 0);
    assert.equal(args?.range.start.line, lineOf(text, 'builder.build()'));
    assert.equal(lens.range.start.line, args?.range.start.line);
  }
});

test('lenses follow an edit that moves the topology down', async () => {
  const uri = await lsp().open(file, text);
  await lsp().replace(uri, `// a comment\n// another\n${text}`);
  const lenses = await lsp().codeLenses(uri);
  assert.equal(lenses.length, 2);
  assert.equal(lenses[0]?.range.start.line, lineOf(text, 'builder.build()') + 2);
});
