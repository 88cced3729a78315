// Records/s through filter -> mapValues -> split/branch -> to, via the TopologyTestDriver (and so
// the StreamTask engine), next to a hand-written loop doing the same work and the same serde work
// (String serialize on input, deserialize in the source, serialize at the sink, deserialize on read).
import { StreamsBuilder } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const keys: string[] = [];
const values: string[] = [];
for (let i = 0; i < RECORDS; i++) {
  keys.push(`user-${i % 1000}`);
  const kind = i % 10 === 0 ? '#' : i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c';
  values.push(`${kind}|/path/${i % 97}|status=200|bytes=${i % 5000}`);
}

function buildTopology() {
  const b = new StreamsBuilder();
  const branches = b
    .stream('logs')
    .filter((_k, v) => v.charCodeAt(0) !== 35) // '#': comment lines
    .mapValues((v) => v.toUpperCase())
    .split({ name: 'r-' })
    .branch((_k, v) => v.charCodeAt(0) === 65, { name: 'a' })
    .branch((_k, v) => v.charCodeAt(0) === 66, { name: 'b' })
    .defaultBranch({ name: 'rest' });
  branches['r-a']?.to('out-a');
  branches['r-b']?.to('out-b');
  branches['r-rest']?.to('out-rest');
  return b.build();
}

function runDriver(): number {
  const driver = new TopologyTestDriver(buildTopology(), { initialWallClockTimeMs: 0 });
  const input = driver.createInputTopic('logs');
  const outs = ['out-a', 'out-b', 'out-rest'].map((t) => driver.createOutputTopic(t));
  const started = performance.now();
  for (let i = 0; i < RECORDS; i++) input.pipeInput(keys[i] as string, values[i] as string, i);
  let read = 0;
  for (const o of outs) read += o.readValuesToList().length;
  const ms = performance.now() - started;
  driver.close();
  check(read);
  return (RECORDS / ms) * 1000;
}

interface Out {
  topic: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: number;
}

function runLoop(): number {
  const topics: Record<string, Out[]> = { 'out-a': [], 'out-b': [], 'out-rest': [] };
  const started = performance.now();
  for (let i = 0; i < RECORDS; i++) {
    const kb = Buffer.from(keys[i] as string, 'utf8');
    const vb = Buffer.from(values[i] as string, 'utf8');
    const k = kb.toString('utf8');
    const v = vb.toString('utf8');
    if (v.charCodeAt(0) === 35) continue;
    const u = v.toUpperCase();
    const c = u.charCodeAt(0);
    const topic = c === 65 ? 'out-a' : c === 66 ? 'out-b' : 'out-rest';
    (topics[topic] as Out[]).push({ topic, key: Buffer.from(k, 'utf8'), value: Buffer.from(u, 'utf8'), timestamp: i });
  }
  let read = 0;
  for (const list of Object.values(topics)) {
    const decoded = list.map((r) => (r.value === null ? null : r.value.toString('utf8')));
    read += decoded.length;
  }
  const ms = performance.now() - started;
  check(read);
  return (RECORDS / ms) * 1000;
}

function check(read: number): void {
  const expected = RECORDS - Math.ceil(RECORDS / 10);
  if (read !== expected) throw new Error(`expected ${expected} output records, got ${read}`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const driverRates: number[] = [];
const loopRates: number[] = [];
runDriver(); // warm-up, not counted
runLoop();
for (let r = 0; r < ROUNDS; r++) {
  driverRates.push(runDriver());
  loopRates.push(runLoop());
}
const fmt = (n: number) => `${Math.round(n).toLocaleString('en-US')} records/s`;
console.log(`driver-throughput: ${RECORDS.toLocaleString('en-US')} records, filter -> mapValues -> split/branch -> to, ${ROUNDS} rounds`);
console.log(`  streamwise TopologyTestDriver  median ${fmt(median(driverRates))}  (rounds: ${driverRates.map((x) => Math.round(x)).join(', ')})`);
console.log(`  hand-written loop (peer)       median ${fmt(median(loopRates))}  (rounds: ${loopRates.map((x) => Math.round(x)).join(', ')})`);
console.log(`  ratio driver/loop: ${(median(driverRates) / median(loopRates)).toFixed(2)} (goal >= 0.69)`);
