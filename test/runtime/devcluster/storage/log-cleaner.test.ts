// Kafka's cleaner rules for transactions, on a partition log (disk and memory), cleaned by direct
// calls so each clean is a known point: aborted records go, committed ones count like any other,
// markers stay while their data does, then get a delete horizon and go after it; nothing at or
// past the last stable offset is cleaned or supersedes; and a producer whose batches were all
// cleaned away keeps its sequence and epoch across a reload (the producer snapshot).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PartitionLog } from '../../../../runtime/src/devcluster/broker/partition-log';
import { ErrorCode } from '../../../../runtime/src/devcluster/protocol/error-codes';
import { BatchError, parseBatches } from '../../../../runtime/src/devcluster/records/record-batch';
import { decodeBatch, encodeBatch } from '../../../../runtime/src/devcluster/records/records-codec';
import { DiskStore } from '../../../../runtime/src/devcluster/storage/disk-store';
import { nodeFileOps } from '../../../../runtime/src/devcluster/storage/file-ops';
import { HandleCache } from '../../../../runtime/src/devcluster/storage/handle-cache';
import { MemoryStore } from '../../../../runtime/src/devcluster/storage/log-store';
import { CONTROL_FLAG, TRANSACTIONAL_FLAG, withAttributes } from '../../../../runtime/src/devcluster/txn/control-batch';

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const SEGMENT = 400;
const DAY = 24 * 3600 * 1000;
const limits = () => ({ maxMessageBytes: 1 << 20 });

async function openLog(dir: string | undefined): Promise<{ log: PartitionLog; close: () => Promise<void> }> {
  if (dir === undefined) {
    const log = new PartitionLog('t', 0, new MemoryStore(), limits);
    log.opened();
    return { log, close: () => log.close() };
  }
  const handles = new HandleCache(nodeFileOps, 16);
  const store = new DiskStore(dir, nodeFileOps, handles, () => ({ retentionMs: -1, retentionBytes: -1, segmentBytes: SEGMENT, segmentMs: 7 * DAY }), Date.now);
  const log = new PartitionLog('t', 0, store, limits);
  await store.load((b) => log.restoreProducer(b));
  log.opened(await store.producerSnapshot());
  return { log, close: async () => { await log.close(); await handles.closeAll(); } };
}

type Rec = [string, string];
const records = (rs: Rec[]) => rs.map(([k, v]) => ({ key: Buffer.from(k), value: Buffer.from(v) }));
const plain = (log: PartitionLog, rs: Rec[]) => log.append(parseBatches(encodeBatch({ records: records(rs) })));
const idempotent = (pid: number, epoch: number, seq: number, rs: Rec[]) => parseBatches(encodeBatch({ producerId: pid, producerEpoch: epoch, baseSequence: seq, records: records(rs) }));
const txn = (log: PartitionLog, pid: number, seq: number, rs: Rec[]) =>
  log.append(parseBatches(withAttributes(encodeBatch({ producerId: pid, producerEpoch: 0, baseSequence: seq, records: records(rs) }), TRANSACTIONAL_FLAG)));
/** Filler that rolls the segments holding everything before it. */
const roll = async (log: PartitionLog) => { for (let i = 0; i < 12; i++) await plain(log, [['filler', `f${i}-${'x'.repeat(40)}`]]); };

interface Stored { offset: number; key: string; value: string; control: boolean; horizon: boolean }

/** Every batch from the log start, through the same reads a fetch makes (CRCs checked). */
async function readAll(log: PartitionLog): Promise<Stored[]> {
  const out: Stored[] = [];
  let at = log.logStartOffset;
  while (at < log.logEndOffset) {
    const { parts } = await log.read(at, 1 << 20);
    if (parts.length === 0) break;
    for (const part of parts) {
      for (const b of parseBatches(part)) {
        const attributes = b.buf.readInt16BE(21);
        const control = (attributes & CONTROL_FLAG) !== 0;
        for (const r of decodeBatch(b.buf)) out.push({ offset: r.offset, key: control ? '' : String(r.key), value: control ? '' : String(r.value), control, horizon: (attributes & 0x40) !== 0 });
        at = Number(b.buf.readBigInt64BE(0)) + b.buf.readInt32BE(23) + 1;
      }
    }
  }
  return out;
}

const values = (rs: Stored[]) => rs.filter((r) => !r.control).map((r) => `${r.key}=${r.value}`);
const clean = (log: PartitionLog, now: number, deleteRetentionMs = DAY) => log.compact({ now, deleteRetentionMs, minDirtyRatio: 0, segmentBytes: SEGMENT });

for (const where of ['disk', 'memory'] as const) {
  test(`${where}: aborted records go, committed ones are superseded like others, markers go a delete horizon after their data`, async () => {
    const dir = where === 'disk' ? mkdtempSync(join(tmpdir(), 'streamwise-cleaner-')) : undefined;
    if (dir !== undefined) dirs.push(dir);
    const { log, close } = await openLog(dir);
    try {
      const A = 1000;
      await txn(log, A, 0, [['k0', 'c1'], ['k1', 'c1']]);
      const commit1 = (await log.appendMarker(A, 0, true)).baseOffset;
      await txn(log, A, 2, [['k0', 'ab'], ['k1', 'ab'], ['k2', 'ab']]);
      const abort = (await log.appendMarker(A, 0, false)).baseOffset;
      await plain(log, [['k0', 'p1'], ['k1', 'p1']]);
      await txn(log, A, 5, [['k3', 'c3']]);
      const commit3 = (await log.appendMarker(A, 0, true)).baseOffset;
      await roll(log);
      assert.equal(log.producerStates.abortedBetween(0, log.logEndOffset).length, 1);
      const now = Date.now();
      await clean(log, now);
      let after1 = await readAll(log);
      const kept = values(after1).filter((v) => !v.startsWith('filler'));
      assert.deepEqual(kept, ['k0=p1', 'k1=p1', 'k3=c3'], 'aborted records gone; the committed c1 superseded by p1; c3 kept');
      const markers = new Map(after1.filter((r) => r.control).map((r) => [r.offset, r.horizon]));
      assert.deepEqual([...markers], [[commit1, true], [abort, true], [commit3, false]], 'markers kept; those whose data is gone carry a delete horizon');
      assert.equal(log.producerStates.abortedBetween(0, log.logEndOffset).length, 1, 'the abort is still listed while its marker is there');
      // Before the horizon nothing more goes; after it the empty markers do.
      await clean(log, now + DAY - 1);
      assert.equal((await readAll(log)).filter((r) => r.control).length, 3);
      await clean(log, now + DAY + 1);
      after1 = await readAll(log);
      assert.deepEqual(after1.filter((r) => r.control).map((r) => r.offset), [commit3], 'only the marker with data left stays');
      assert.deepEqual(log.producerStates.abortedBetween(0, log.logEndOffset), [], 'the removed abort is no longer listed to read_committed readers');
      assert.deepEqual(values(after1).filter((v) => !v.startsWith('filler')), ['k0=p1', 'k1=p1', 'k3=c3']);
    } finally {
      await close();
    }
  });

  test(`${where}: nothing at or past the last stable offset is cleaned or supersedes older records`, async () => {
    const dir = where === 'disk' ? mkdtempSync(join(tmpdir(), 'streamwise-cleaner-')) : undefined;
    if (dir !== undefined) dirs.push(dir);
    const { log, close } = await openLog(dir);
    try {
      await plain(log, [['k0', 'v1'], ['k1', 'w1']]);
      await plain(log, [['k1', 'w2']]);
      // On disk only whole segments below the last stable offset are cleaned: these roll first.
      await roll(log);
      const open = (await txn(log, 2000, 0, [['kt', 'open']])).baseOffset;
      await plain(log, [['k0', 'v2']]);
      await roll(log);
      assert.equal(log.lastStableOffset, open);
      await clean(log, Date.now());
      const below = values(await readAll(log)).filter((v) => !v.startsWith('filler'));
      assert.deepEqual(below, ['k0=v1', 'k1=w2', 'kt=open', 'k0=v2'], 'w1 went (superseded below the LSO); v1 stays: v2 is past it');
      await log.appendMarker(2000, 0, true);
      await roll(log);
      await clean(log, Date.now());
      assert.deepEqual(values(await readAll(log)).filter((v) => !v.startsWith('filler')), ['k1=w2', 'kt=open', 'k0=v2'], 'once the transaction ended, v2 supersedes v1');
    } finally {
      await close();
    }
  });
}

test('disk: a producer whose batches were all cleaned away keeps its sequence and epoch across a reload', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamwise-cleaner-'));
  dirs.push(dir);
  const B = 3000;
  const first = await openLog(dir);
  const original = await first.log.append(idempotent(B, 2, 0, [['kb', 'b0'], ['kb', 'b1']]));
  await plain(first.log, [['kb', 'newer']]);
  await roll(first.log);
  await clean(first.log, Date.now());
  assert.ok(!values(await readAll(first.log)).some((v) => v.startsWith('kb=b')), "the producer's batch is cleaned away");
  await first.close();
  const second = await openLog(dir);
  try {
    const view = second.log.producerStates.producers().find((p) => p.producerId === B);
    assert.deepEqual([view?.epoch, view?.lastSequence], [2, 1], 'epoch and last sequence from the snapshot');
    // A retry of the cleaned batch is still recognized (its original offset), not appended again.
    const end = second.log.logEndOffset;
    assert.equal((await second.log.append(idempotent(B, 2, 0, [['kb', 'b0'], ['kb', 'b1']]))).baseOffset, original.baseOffset);
    assert.equal(second.log.logEndOffset, end, 'nothing appended');
    await assert.rejects(second.log.append(idempotent(B, 2, 7, [['kb', 'gap']])), (e: BatchError) => e.code === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
    await assert.rejects(second.log.append(idempotent(B, 1, 0, [['kb', 'zombie']])), (e: BatchError) => e.code === ErrorCode.INVALID_PRODUCER_EPOCH);
    assert.equal((await second.log.append(idempotent(B, 2, 2, [['kb', 'next']]))).baseOffset, end, 'the next sequence is taken');
  } finally {
    await second.close();
  }
});
