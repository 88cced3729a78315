import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WorkspaceAnalyzer } from '../../../server/src/analysis/workspace-analyzer';
import { FolderContext } from '../../../server/src/lsp/folder-context';
import { fixtureWorkspace, uriOf } from '../lsp-session';

const workspace = fixtureWorkspace('orders');
after(() => workspace.dispose());
const newContext = () => new FolderContext(workspace.root, uriOf(workspace.root), new WorkspaceAnalyzer(workspace.root));

test('the whole-folder result is computed once and reused until the folder changes', () => {
  const context = newContext();
  assert.equal(context.isDirty, true);
  const first = context.fullResult();
  assert.ok(first !== undefined && first.topologies.length === 1);
  assert.equal(context.fullResult(), first);
  const file = join(workspace.root, 'src', 'router.ts');
  context.analyzer.setFileText(file, '// emptied\n');
  context.markDirty();
  const second = context.fullResult();
  assert.notEqual(second, first);
  assert.equal(second?.topologies.length, 0);
});

test('a cancelled analysis, or one overtaken by a change, is neither returned nor cached', () => {
  const context = newContext();
  assert.equal(context.fullResult(() => true), undefined);
  assert.equal(context.lastResult, undefined);
  let changedOnce = false;
  const overtaken = context.fullResult(() => {
    if (!changedOnce) {
      changedOnce = true;
      context.markDirty(); // an edit lands while the analysis runs
    }
    return false;
  });
  assert.equal(overtaken, undefined);
  assert.equal(context.isDirty, true);
  assert.ok(context.fullResult() !== undefined);
});
