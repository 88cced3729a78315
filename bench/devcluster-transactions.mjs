// librdkafka's transactional producer (python3-confluent-kafka, test/fixtures/devcluster/
// txn-client.py "bench") running an EOS-style commit loop (produce a batch, send the offsets,
// commit) against the dev cluster and against librdkafka's own mock cluster (kcat), same run,
// several rounds, medians. The mock answers the transactional APIs without markers, isolation or
// persistence: it is the client's cost floor, not a semantic peer.
// Usage: node bench/devcluster-transactions.mjs [--txns N] [--per-txn M] [--rounds R]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startDevClusterProcess, startMockCluster } from './lib/clusters.mjs';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { txns: { type: 'string', default: '300' }, 'per-txn': { type: 'string', default: '100' }, rounds: { type: 'string', default: '3' } } });
const TXNS = Number(values.txns);
const PER_TXN = Number(values['per-txn']);
const ROUNDS = Number(values.rounds);
const client = fileURLToPath(new URL('../test/fixtures/devcluster/txn-client.py', import.meta.url));

function round(bootstrap) {
  const id = randomBytes(4).toString('hex');
  const r = spawnSync('/usr/bin/python3', [client, 'bench', bootstrap, `bench-txn-${id}`, `tx-${id}`, String(TXNS), String(PER_TXN)], { encoding: 'utf8', timeout: 300_000 });
  const m = /elapsed ([\d.]+)/.exec(r.stdout ?? '');
  if (r.status !== 0 || m === null) throw new Error(`txn-client bench failed (${String(r.status)}): ${r.stderr}`);
  return TXNS / Number(m[1]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(start) {
  const results = [];
  for (let i = 0; i < ROUNDS; i++) {
    const cluster = await start();
    try {
      results.push(round(cluster.bootstrap));
    } finally {
      await cluster.close();
    }
  }
  return median(results);
}

const ours = await measure(() => startDevClusterProcess(1));
const peer = await measure(startMockCluster);
console.log(`librdkafka transactions of ${PER_TXN} records + offsets, ${TXNS} per round, ${ROUNDS} rounds (medians)`);
console.log(`dev cluster:              ${ours.toFixed(1)} txn/s (${(ours * PER_TXN).toFixed(0)} rec/s)`);
console.log(`librdkafka mock cluster:  ${peer.toFixed(1)} txn/s (${(peer * PER_TXN).toFixed(0)} rec/s)`);
console.log(`ratio dev/mock:           ${(ours / peer).toFixed(2)}`);
