// The transaction coordinator's log: the internal topic __transaction_state (50 partitions, as
// Kafka's transaction.state.log.num.partitions), one record per state change of a transactional
// id, in Kafka's format. Created on first use; replayed in full at start (last record wins).
import type { Logger } from '../../logger';
import { javaStringHash } from '../broker/consumer-offsets-codec';
import type { Durable } from '../broker/offset-store';
import type { Topic, TopicStore } from '../broker/topic-store';
import { parseBatches } from '../records/record-batch';
import { decodeBatch, encodeBatch } from '../records/records-codec';
import { decodeTxnKey, decodeTxnValue, encodeTxnKey, encodeTxnValue, type TxnLogValue } from './txn-log-codec';

export const TXN_STATE_TOPIC = '__transaction_state';
const PARTITIONS = 50;

export class TxnStateLog {
  private topic: Topic | undefined;

  constructor(private readonly topics: TopicStore, private readonly logger: Logger, private readonly durable: Durable) {
    this.topic = topics.get(TXN_STATE_TOPIC);
  }

  /** Every transactional id's latest state, in log order. */
  async load(): Promise<Map<string, TxnLogValue>> {
    const out = new Map<string, TxnLogValue>();
    for (const log of this.topic?.partitions ?? []) {
      let at = log.logStartOffset;
      while (at < log.highWatermark) {
        const before = at;
        for (const part of (await log.read(at, 1024 * 1024)).parts) {
          for (const batch of parseBatches(part)) {
            for (const rec of decodeBatch(batch.buf)) {
              if (rec.key === null) continue;
              try {
                const id = decodeTxnKey(rec.key);
                if (id === undefined) continue;
                if (rec.value === null) out.delete(id);
                else out.set(id, decodeTxnValue(rec.value));
              } catch (error) {
                this.logger.warn(`dev cluster: skipped an unreadable ${TXN_STATE_TOPIC} record at offset ${rec.offset}: ${String(error)}`);
              }
            }
            at = Math.max(at, Number(batch.buf.readBigInt64BE(0)) + batch.buf.readInt32BE(23) + 1);
          }
        }
        if (at === before) break;
      }
    }
    return out;
  }

  /** Appends one state change, or a tombstone (durable as the flush policy says); rejects with StorageError
   *  (nothing recorded) when the write fails. */
  async write(transactionalId: string, value: TxnLogValue | null): Promise<void> {
    // segment.bytes: the broker's (transactionStateSegmentBytes), so compaction keeps this small.
    this.topic ??= await this.topics.create(TXN_STATE_TOPIC, PARTITIONS, { 'cleanup.policy': 'compact' }, true);
    const log = this.topic.partitions[(javaStringHash(transactionalId) & 0x7fffffff) % this.topic.partitions.length];
    if (log === undefined) return;
    // One record per change, keyed by the transactional id (Kafka's TransactionLog key): compaction
    // keeps the latest; null (an expired id's tombstone) deletes it.
    const record = { key: encodeTxnKey(transactionalId), value: value === null ? null : encodeTxnValue(value), timestamp: value?.lastUpdateMs ?? Date.now() };
    const result = await log.append(parseBatches(encodeBatch({ records: [record] })), undefined, { origin: 'coordinator' });
    await this.durable(log, result);
  }
}
