// A partition's producer checks (Kafka's ProducerAppendInfo rules) on a real partition log:
// sequences, duplicates of the last five batches, epochs, open and aborted transactions.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { PartitionLog } from '../../../../runtime/src/devcluster/broker/partition-log';
import { ErrorCode } from '../../../../runtime/src/devcluster/protocol/error-codes';
import { BatchError, parseBatches } from '../../../../runtime/src/devcluster/records/record-batch';
import { encodeBatch } from '../../../../runtime/src/devcluster/records/records-codec';
import { MemoryStore } from '../../../../runtime/src/devcluster/storage/log-store';
import { TRANSACTIONAL_FLAG, withAttributes } from '../../../../runtime/src/devcluster/txn/control-batch';

const newLog = () => new PartitionLog('t', 0, new MemoryStore(), () => ({ maxMessageBytes: 1 << 20 }));

function batch(producerId: number, producerEpoch: number, baseSequence: number, count = 1, transactional = false) {
  const b = encodeBatch({ producerId, producerEpoch, baseSequence, records: Array.from({ length: count }, (_, i) => ({ key: null, value: Buffer.from(`r${i}`) })) });
  return parseBatches(transactional ? withAttributes(b, TRANSACTIONAL_FLAG) : b);
}

async function rejects(f: () => Promise<unknown>, code: number): Promise<void> {
  await assert.rejects(f, (e: unknown) => e instanceof BatchError && e.code === code);
}

const offset = async (p: Promise<{ baseOffset: number }>): Promise<number> => (await p).baseOffset;

test('sequences: any start for a new producer, then strictly next; gaps are out of order', async () => {
  const log = newLog();
  assert.equal(await offset(log.append(batch(7, 0, 5, 2))), 0);
  assert.equal(await offset(log.append(batch(7, 0, 7))), 2);
  await rejects(() => log.append(batch(7, 0, 9)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  assert.equal(log.highWatermark, 3);
});

test('a retry of one of the last five batches gets its original offset and appends nothing', async () => {
  const log = newLog();
  for (let s = 0; s < 6; s++) await log.append(batch(9, 0, s));
  assert.equal(await offset(log.append(batch(9, 0, 1))), 1);
  assert.equal(await offset(log.append(batch(9, 0, 5))), 5);
  assert.equal(log.highWatermark, 6);
  // The sixth batch back is forgotten (Kafka keeps five): it is out of order now.
  await rejects(() => log.append(batch(9, 0, 0)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
});

test('epochs: an older epoch is fenced; a new epoch starts at sequence 0', async () => {
  const log = newLog();
  await log.append(batch(3, 1, 0, 3));
  await rejects(() => log.append(batch(3, 0, 3)), ErrorCode.INVALID_PRODUCER_EPOCH);
  await rejects(() => log.append(batch(3, 2, 4)), ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  assert.equal(await offset(log.append(batch(3, 2, 0))), 3);
});

test('sequence numbers wrap at Int32.MAX_VALUE', async () => {
  const log = newLog();
  await log.append(batch(4, 0, 0x7fffffff - 1, 2));
  assert.equal(await offset(log.append(batch(4, 0, 0))), 2);
});

test('transactions: LSO at the first open one, aborted ranges listed, markers close them', async () => {
  const log = newLog();
  await log.append(batch(1, 0, 0, 2, true)); // 0-1 producer 1
  await log.append(batch(2, 0, 0, 1, true)); // 2 producer 2
  assert.equal(log.lastStableOffset, 0);
  await rejects(() => log.append(batch(1, 0, 2)), ErrorCode.INVALID_TXN_STATE);
  await log.appendMarker(1, 0, false); // 3 abort
  assert.equal(log.lastStableOffset, 2);
  await log.appendMarker(2, 0, true); // 4 commit
  assert.equal(log.lastStableOffset, 5);
  assert.deepEqual(log.producerStates.abortedBetween(0, 5), [{ producerId: 1, firstOffset: 0, lastOffset: 3 }]);
  assert.deepEqual(log.producerStates.abortedBetween(4, 5), []);
  // A marker of an older epoch than the producer's is refused.
  await log.append(batch(1, 1, 0, 1, true));
  await rejects(() => log.appendMarker(1, 0, true), ErrorCode.INVALID_PRODUCER_EPOCH);
  // Clients cannot write markers themselves.
  const marker = parseBatches(encodeBatch({ records: [{ key: null, value: null }] }));
  const first = marker[0];
  if (first !== undefined) first.attributes |= 0x20;
  await rejects(() => log.append(marker), ErrorCode.INVALID_RECORD);
});
