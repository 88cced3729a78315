// Local runs through the real extension: Run Topology on the window's dev cluster, records flow
// into the run's live state, Stop Run ends it and no process of it is left.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { StreamwiseApi } from '../../../client/src/main';
import type { RunInfo } from '../../../client/src/runs/run-manager';
import { streamwiseExtension, waitFor, workspaceRoot } from './helpers';

async function api(): Promise<StreamwiseApi> {
  const exported = await streamwiseExtension().activate();
  assert.ok(typeof exported === 'object' && exported !== null && 'runs' in exported, 'activate() returned no Streamwise API');
  return exported as StreamwiseApi;
}

/** Live processes whose process group is `pgid` (zombies excluded: they have ended). */
function processGroup(pgid: number): string[] {
  const out: string[] = [];
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) out.push(`${name} ${readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ')}`);
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

const RAW_TOPIC = 'webtoon-gw-logstash';
const INPUT_RECORDS = 200;
/** streamwise.config.json of the fixture: topics.webtoon-gw-logstash.partitions. */
const CONFIG_PARTITIONS = 4;

export function defineRunTests(): void {
  describe('local runs', () => {
    let run: RunInfo | undefined;

    it('Run Topology starts the topology on the dev cluster and its records flow', async () => {
      const { runs, devCluster } = await api();
      const uri = vscode.Uri.file(join(workspaceRoot(), 'src', 'router.ts'));
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      // The setting says 3 instances, streamwise.config.json says 1 for gw-router: the config wins.
      await vscode.workspace.getConfiguration('streamwise').update('instances', 3, vscode.ConfigurationTarget.Workspace);
      const started = waitFor(runs.onDidChangeRun, () => runs.list().find((r) => r.spec.file === uri.fsPath), () => 'no run of router.ts appeared');
      // The CodeLens argument; the input comes from streamwise.config.json's `inputs` (the CLI feeds it).
      await vscode.commands.executeCommand('streamwise.runTopology', { uri: uri.toString(), topologyIndex: 0 });
      run = await started;
      assert.equal(devCluster.state, 'running');
      assert.ok((devCluster.port ?? 0) > 0, 'the dev cluster has a port');
      assert.deepEqual(run.spec.brokers, devCluster.bootstrapServers);
      const id = run.id;
      const flowed = await waitFor(runs.onDidChangeRun, () => {
        const r = runs.get(id);
        if (r?.status === 'failed') throw new Error(`the run failed: ${r.lastError ?? 'no error recorded'}`);
        return r !== undefined && (r.live.topics[RAW_TOPIC]?.recordsIn ?? 0) >= INPUT_RECORDS ? r : undefined;
      }, () => `records did not flow: ${JSON.stringify(runs.get(id)?.live.totals)} (status ${runs.get(id)?.status})`, 90_000);
      assert.equal(flowed.status, 'running');
      assert.equal(flowed.live.state, 'RUNNING');
      assert.ok(flowed.live.totals.recordsOut > 0, 'records reached the sinks');
      assert.ok(flowed.live.assignment.length > 0, 'the live state shows the thread assignment');
      assert.deepEqual(Object.keys(flowed.live.instances), ['gw-router'], 'one instance (apps.gw-router.instances in the config), not the setting\'s 3');
      // The topic was created before the run with the config's partition count (4), not auto-created with 1.
      const partitions = new Set(flowed.live.partitions.filter((p) => p.topic === RAW_TOPIC).map((p) => p.partition));
      assert.equal(partitions.size, CONFIG_PARTITIONS, `partitions of ${RAW_TOPIC} in the live state: ${[...partitions].join(',')}`);
    });

    it('Stop Run ends the run and leaves no process of it behind', async () => {
      const { runs } = await api();
      assert.ok(run !== undefined, 'the previous test started a run');
      const { id, pid } = run;
      assert.ok(pid !== undefined, 'the run has a process id');
      assert.ok(processGroup(pid).length > 0, 'the run is alive before Stop Run');
      const ended = waitFor(runs.onDidEndRun, () => (runs.get(id)?.status === 'stopped' ? true : undefined), () => `the run is ${runs.get(id)?.status ?? 'gone'}`, 60_000);
      await vscode.commands.executeCommand('streamwise.stopRun', id);
      await ended;
      assert.deepEqual(processGroup(pid), [], 'processes of the run are still alive');
    });

    it('Stop Dev Cluster stops the cluster process', async () => {
      const { devCluster } = await api();
      const pid = devCluster.pid;
      assert.ok(pid !== undefined, 'the dev cluster has a process');
      const stopped = waitFor(devCluster.onDidChangeState, () => (devCluster.state === 'stopped' ? true : undefined), () => `the dev cluster is ${devCluster.state}`, 60_000);
      await vscode.commands.executeCommand('streamwise.stopDevCluster');
      await stopped;
      assert.deepEqual(processGroup(pid), [], 'dev cluster processes are still alive');
    });
  });
}
