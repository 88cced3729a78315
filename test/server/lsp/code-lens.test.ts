import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Commands } from '../../../server/src/protocol';
import type { TopologyCommandArgs } from '../../../server/src/protocol';
import { fixtureWorkspace, lineOf, LspSession } from '../lsp-session';

const workspace = fixtureWorkspace('orders');
const file = join(workspace.root, 'src', 'router.ts');
const text = readFileSync(file, 'utf8');
let session: LspSession;

before(async () => {
  session = await LspSession.start({ folders: [workspace.root] });
});
after(async () => {
  await session.dispose();
  workspace.dispose();
});

test('Run and Show graph lenses sit on the topology, with {uri, range, topologyIndex}', async () => {
  const uri = await session.open(file, text);
  const lenses = await session.codeLenses(uri);
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
  const uri = await session.open(file, text);
  await session.replace(uri, `// a comment\n// another\n${text}`);
  const lenses = await session.codeLenses(uri);
  assert.equal(lenses.length, 2);
  assert.equal(lenses[0]?.range.start.line, lineOf(text, 'builder.build()') + 2);
});
