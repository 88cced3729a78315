import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { fixtureWorkspace, LspSession } from '../lsp-session';

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

test('the branch-order diagnostic has a preferred quick fix whose edit, applied, removes the finding', async () => {
  const uri = await session.open(file, text);
  const diagnostic = (await session.pull(uri)).find((d) => d.code === 'branch-order' && d.severity === 1);
  assert.ok(diagnostic !== undefined, 'the fixture has a branch-order error');
  const actions = await session.codeActions(uri, diagnostic.range, [diagnostic]);
  assert.ok(actions.length > 0, 'at least one quick fix');
  for (const action of actions) {
    assert.equal(action.kind, 'quickfix');
    assert.equal(action.diagnostics?.[0]?.code, 'branch-order');
  }
  const preferred = actions.find((a) => a.isPreferred === true) ?? actions[0];
  const edits: TextEdit[] | undefined = preferred?.edit?.changes?.[uri];
  assert.ok(edits !== undefined && edits.length > 0, `edits for the file: ${JSON.stringify(preferred)}`);
  const after = TextDocument.applyEdits(TextDocument.create(uri, 'typescript', 1, text), edits);
  assert.notEqual(after, text);
  await session.replace(uri, after);
  const remaining = (await session.pull(uri)).filter((d) => d.code === 'branch-order' && d.severity === 1);
  assert.deepEqual(remaining, []);
});

test('a range without findings gets no code actions, and an unknown document answers empty', async () => {
  const uri = await session.open(file, text);
  assert.deepEqual(await session.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
  assert.deepEqual(
    await session.codeActions(`${uri}.missing.ts`, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
    [],
  );
});
