// Transaction markers as Kafka writes them (EndTransactionMarker): a control batch of one record,
// key = (version 0, type 0 abort | 1 commit), value = (version 0, coordinator epoch), and the
// helper that marks an encoded batch transactional (offset commits inside a transaction).
import { crc32c } from '../protocol/crc32c';
import { Reader } from '../protocol/reader';
import { BATCH_HEADER_BYTES } from '../records/record-batch';
import { encodeBatch } from '../records/records-codec';

export const TRANSACTIONAL_FLAG = 0x10;
export const CONTROL_FLAG = 0x20;
export const CONTROL_ABORT = 0;
export const CONTROL_COMMIT = 1;

/** Sets attribute bits on an encoded batch and recomputes its CRC. */
export function withAttributes(batch: Buffer, bits: number): Buffer {
  batch.writeInt16BE(batch.readInt16BE(21) | bits, 21);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

export function encodeMarker(producerId: number, producerEpoch: number, commit: boolean, coordinatorEpoch = 0, timestamp = Date.now()): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(commit ? CONTROL_COMMIT : CONTROL_ABORT, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(coordinatorEpoch, 2);
  const batch = encodeBatch({ producerId, producerEpoch, baseSequence: -1, records: [{ key, value, timestamp }] });
  return withAttributes(batch, TRANSACTIONAL_FLAG | CONTROL_FLAG);
}

/** The marker type of a control batch (its first record's key), or -1 when unreadable. */
export function controlTypeOf(batch: Buffer): number {
  try {
    const r = new Reader(batch, false, BATCH_HEADER_BYTES);
    r.varint(); // record length
    r.i8(); // attributes
    r.varlong(); // timestamp delta
    r.varint(); // offset delta
    if (r.varint() < 4) return -1;
    if (r.i16() !== 0) return -1;
    return r.i16();
  } catch {
    return -1;
  }
}
