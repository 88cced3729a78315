// The at-least-once rule: an offset is committed only after every record produced before it is
// acknowledged. The producer here is a controllable one so the test can hold acks back.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { silentLogger } from 'streamwise';
import type { ProducedRecord, StreamsProducer, TopicPartitionOffset } from '../../../runtime/src/kafka/client';
import { CommitTracker } from '../../../runtime/src/streams/commit-tracker';
import { StreamsMetrics } from '../../../runtime/src/streams/metrics';

function heldProducer() {
  const pending: { records: readonly ProducedRecord[]; ack(): void; fail(e: Error): void }[] = [];
  const producer: StreamsProducer = {
    connect: async () => {},
    disconnect: async () => {},
    send: (records) => new Promise<void>((resolve, reject) => { pending.push({ records, ack: resolve, fail: reject }); }),
  };
  return { producer, pending };
}

const rec = (topic: string, value: string): ProducedRecord => ({ topic, key: null, value: Buffer.from(value), headers: {}, timestamp: 0 });
const tick = () => new Promise<void>((r) => { setImmediate(r); });

test('commit waits for the acks of everything produced before it', async () => {
  const { producer, pending } = heldProducer();
  const tracker = new CommitTracker({ producer, productionExceptionHandler: 'fail', logger: silentLogger, metrics: new StreamsMetrics('a', 'i') });
  tracker.send(rec('out', '1'));
  tracker.markProcessed('in', 0, 41);
  const commits: TopicPartitionOffset[][] = [];
  const done = tracker.commit(async (o) => { commits.push(o); });
  await tick();
  assert.equal(commits.length, 0, 'not committed before the ack');
  assert.equal(pending.length, 1);
  // Records processed after the commit started are not part of it.
  tracker.markProcessed('in', 0, 99);
  pending[0]?.ack();
  await done;
  assert.deepEqual(commits, [[{ topic: 'in', partition: 0, offset: 42 }]]);
  const again = tracker.commit(async (o) => { commits.push(o); });
  await again;
  assert.deepEqual(commits[1], [{ topic: 'in', partition: 0, offset: 100 }]);
});

test("a failed send under 'fail' blocks the commit and surfaces the error", async () => {
  const { producer, pending } = heldProducer();
  const tracker = new CommitTracker({ producer, productionExceptionHandler: 'fail', logger: silentLogger, metrics: new StreamsMetrics('a', 'i') });
  tracker.send(rec('out', '1'));
  tracker.markProcessed('in', 0, 5);
  let committed = false;
  const done = tracker.commit(async () => { committed = true; });
  await tick();
  pending[0]?.fail(new Error('broker said no'));
  await assert.rejects(done, /producing 1 record\(s\) to "out" failed: broker said no/);
  assert.equal(committed, false);
  assert.ok(tracker.error !== undefined);
});

test('revoked partitions are forgotten: their offsets are never committed later', async () => {
  const { producer } = heldProducer();
  const tracker = new CommitTracker({ producer, productionExceptionHandler: 'fail', logger: silentLogger, metrics: new StreamsMetrics('a', 'i') });
  tracker.markProcessed('in', 0, 5);
  tracker.markProcessed('in', 1, 7);
  tracker.retainOnly(new Set([`in\u00001`]));
  const commits: TopicPartitionOffset[][] = [];
  await tracker.commit(async (o) => { commits.push(o); });
  assert.deepEqual(commits, [[{ topic: 'in', partition: 1, offset: 8 }]]);
});

test('one send at a time: records produced while a send is in flight go out next, in order', async () => {
  const { producer, pending } = heldProducer();
  const tracker = new CommitTracker({ producer, productionExceptionHandler: 'fail', logger: silentLogger, metrics: new StreamsMetrics('a', 'i'), maxBatchRecords: 2 });
  tracker.send(rec('out', '1'));
  tracker.send(rec('out', '2'));
  tracker.send(rec('out', '3'));
  tracker.flush();
  tracker.send(rec('out', '4'));
  tracker.flush();
  await tick();
  assert.equal(pending.length, 1, 'a second send never starts while one is in flight');
  assert.deepEqual(pending[0]?.records.map((r) => r.value?.toString()), ['1', '2']);
  pending[0]?.ack();
  await tick();
  assert.equal(pending.length, 2);
  assert.deepEqual(pending[1]?.records.map((r) => r.value?.toString()), ['3', '4'], 'the buffered records, coalesced, in order');
  pending[1]?.ack();
  await tracker.drain();
});

test('isolating a failed send re-sends its records one at a time, before anything produced later', async () => {
  const { producer, pending } = heldProducer();
  const tracker = new CommitTracker({ producer, productionExceptionHandler: 'continue', logger: silentLogger, metrics: new StreamsMetrics('a', 'i') });
  tracker.send(rec('out', '1'));
  tracker.send(rec('bad', 'x'));
  tracker.flush();
  tracker.send(rec('out', '2'));
  tracker.flush();
  await tick();
  pending[0]?.fail(new Error('no such topic'));
  const order: string[] = [];
  for (let i = 1; i < 10 && order.length < 3; i++) {
    await tick();
    const p = pending[i];
    if (p === undefined) continue;
    order.push(p.records.map((r) => `${r.topic}:${r.value?.toString() ?? ''}`).join(','));
    if (p.records[0]?.topic === 'bad') p.fail(new Error('no such topic'));
    else p.ack();
  }
  assert.deepEqual(order, ['out:1', 'bad:x', 'out:2']);
  await tracker.drain();
});
