import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { sessionOnFixture } from '../lsp-fixture-session';

const { file, text, session: lsp } = sessionOnFixture('orders', 'src/router.ts');

test('the branch-order diagnostic has a preferred quick fix whose edit, applied, removes the finding', async () => {
  const uri = await lsp().open(file, text);
  const diagnostic = (await lsp().pull(uri)).find((d) => d.code === 'branch-order' && d.severity === 1);
  assert.ok(diagnostic !== undefined, 'the fixture has a branch-order error');
  const actions = await lsp().codeActions(uri, diagnostic.range, [diagnostic]);
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
  await lsp().replace(uri, after);
  const remaining = (await lsp().pull(uri)).filter((d) => d.code === 'branch-order' && d.severity === 1);
  assert.deepEqual(remaining, []);
});

test('a range without findings gets no code actions, and an unknown document answers empty', async () => {
  const uri = await lsp().open(file, text);
  assert.deepEqual(await lsp().codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
  assert.deepEqual(
    await lsp().codeActions(`${uri}.missing.ts`, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }),
    [],
  );
});
