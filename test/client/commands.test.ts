import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { commandTable, enablementClause, isEnabled, refusal, commandSpec } from '../../client/src/commands';
import { Commands } from '../../server/src/protocol';

interface ContributedCommand { command: string; title: string; category?: string; enablement?: string; icon?: string }
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: ContributedCommand[]; menus: { commandPalette: { command: string; when: string }[] } };
};

test('package.json contributes exactly the command table (ids, titles, enablement, icons)', () => {
  const expected = commandTable.map((c) => ({ command: c.id, title: c.title, category: 'Streamwise', enablement: enablementClause(c), icon: c.icon }));
  const actual = pkg.contributes.commands.map((c) => ({ command: c.command, title: c.title, category: c.category, enablement: c.enablement, icon: c.icon }));
  assert.deepEqual(actual, expected);
  const hidden = pkg.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command).sort();
  assert.deepEqual(hidden, commandTable.filter((c) => c.hiddenFromPalette === true).map((c) => c.id).sort());
});

test('the SPEC section 7 titles appear as "Streamwise: <title>"', () => {
  const shown = new Set(pkg.contributes.commands.map((c) => `${c.category}: ${c.title}`));
  for (const title of ['Run Topology', 'Stop Run', 'Show Topology Graph', 'Start Dev Cluster', 'Stop Dev Cluster', 'Show Lag']) {
    assert.ok(shown.has(`Streamwise: ${title}`), title);
  }
});

test('every command id of the protocol is in the table, once, and activates the extension', () => {
  const ids = commandTable.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), Object.values(Commands).sort());
  for (const id of ids) assert.ok(pkg.activationEvents.includes(`onCommand:${id}`), id);
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/streamwise.config.json'));
});

test('enablement follows the run and dev-cluster context keys', () => {
  const stopRun = commandSpec(Commands.stopRun);
  const stopCluster = commandSpec(Commands.stopDevCluster);
  const run = commandSpec(Commands.runTopology);
  assert.ok(stopRun !== undefined && stopCluster !== undefined && run !== undefined);
  assert.equal(enablementClause(stopRun), 'streamwise.hasRuns');
  assert.equal(isEnabled(stopRun, { hasRuns: false, devClusterRunning: true, serverRunning: true }), false);
  assert.equal(isEnabled(stopRun, { hasRuns: true, devClusterRunning: false, serverRunning: false }), true);
  assert.equal(isEnabled(stopCluster, { hasRuns: true, devClusterRunning: false, serverRunning: true }), false);
  assert.equal(isEnabled(stopCluster, { hasRuns: false, devClusterRunning: true, serverRunning: false }), true);
  // Run stays enabled in every state: an untrusted workspace gets a refusal that says why.
  assert.equal(isEnabled(run, { hasRuns: false, devClusterRunning: false, serverRunning: false }), true);
});

test('commands that run code or reach a cluster are refused untrusted, with the reason', () => {
  const byId = (id: string) => {
    const spec = commandSpec(id);
    assert.ok(spec !== undefined, id);
    return spec;
  };
  for (const id of [Commands.runTopology, Commands.startDevCluster, Commands.showLag]) {
    const message = refusal(byId(id), false);
    assert.ok(message !== undefined && /needs a trusted workspace/.test(message), id);
    assert.equal(refusal(byId(id), true), undefined);
  }
  assert.match(refusal(byId(Commands.runTopology), false) ?? '', /runs code from this workspace/);
  for (const id of [Commands.showGraph, Commands.stopRun, Commands.stopDevCluster, Commands.restartServer]) assert.equal(refusal(byId(id), false), undefined, id);
});
