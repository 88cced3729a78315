import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from 'streamwise';
import { AnalysisHost } from '../../../server/src/lsp/analysis-host';
import { FolderContext } from '../../../server/src/lsp/folder-context';
import { fixtureWorkspace, repoRoot, uriOf } from '../lsp-session';

const workspace = fixtureWorkspace('orders');
const host = new AnalysisHost(join(repoRoot, 'dist', 'analysis-worker.js'), silentLogger);
after(async () => {
  await host.dispose();
  workspace.dispose();
});
const file = join(workspace.root, 'src', 'router.ts');

test('the whole-folder result is computed once per generation and reused until the folder changes', async () => {
  const context = new FolderContext(workspace.root, uriOf(workspace.root), host, {});
  assert.equal(context.isDirty, true);
  const first = await context.fullResult();
  assert.ok(first !== undefined && first.topologies.length === 1);
  assert.equal(context.isDirty, false);
  assert.equal(await context.fullResult(), first);
  context.setFileText(file, '// emptied\n');
  assert.equal(context.isDirty, true);
  const second = await context.fullResult();
  assert.notEqual(second, first);
  assert.equal(second?.topologies.length, 0);
  context.close();
});

test('concurrent callers share one analysis; one overtaken by a change resolves undefined', async () => {
  const context = new FolderContext(workspace.root, uriOf(workspace.root), host, {});
  const [a, b] = [context.fullResult(), context.fullResult()];
  assert.equal(a, b, 'one request in flight per generation');
  context.setFileText(file, '// changed while analysing\n');
  assert.equal(await a, undefined, 'a result for an older generation is never returned');
  assert.equal(context.lastResult, undefined, 'nor cached');
  assert.equal((await context.fullResult())?.topologies.length, 0);
  assert.equal(await context.fileFindings(file).then((f) => f?.length), 0);
  context.close();
});

test('a dead worker is restarted: pending work fails, later work succeeds, onRestart fires', async () => {
  const local = new AnalysisHost(join(repoRoot, 'dist', 'analysis-worker.js'), silentLogger);
  const restarted = new Promise<void>((resolve) => (local.onRestart = resolve));
  const context = new FolderContext(workspace.root, uriOf(workspace.root), local, {});
  const pending = context.fullResult();
  await local.kill();
  await assert.rejects(pending, /analysis worker exited/);
  await restarted;
  context.markDirty();
  assert.equal((await context.fullResult())?.topologies.length, 1);
  await local.dispose();
});
