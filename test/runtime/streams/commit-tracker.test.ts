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
