// Committed consumer-group offsets, kept as Kafka keeps them: records in the internal
// __consumer_offsets topic (Kafka's format, so lag tools that read it work), replayed into a map
// at start. A commit is in the map only once its records are in the log.
import type { Logger } from '../../logger';
import { encodeBatch, decodeBatch } from '../records/records-codec';
import { parseBatches } from '../records/record-batch';
import {
  decodeKey, decodeOffsetValue, encodeGroupKey, encodeGroupValue, encodeOffsetKey, encodeOffsetValue, offsetsPartitionFor, type GroupValue,
} from './consumer-offsets-codec';
import type { AppendResult, PartitionLog } from './partition-log';
import type { Topic } from './topic-store';
import { CONTROL_COMMIT, CONTROL_FLAG, controlTypeOf, TRANSACTIONAL_FLAG, withAttributes } from '../txn/control-batch';

export interface CommittedOffset { offset: number; metadata: string | null; leaderEpoch: number }

/** Makes an append durable as the flush policy says (fsync under 'every'). */
export type Durable = (log: PartitionLog, result: AppendResult) => Promise<void>;

export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();
  /** Offsets committed inside open transactions (TxnOffsetCommit), by producer id: they become
   *  visible when the commit marker lands in the group's partition, and vanish on abort. */
  private readonly pending = new Map<number, { group: string; topic: string; partition: number; value: CommittedOffset }[]>();

  private constructor(private readonly topic: Topic, private readonly logger: Logger, private readonly durable: Durable) {}

  /** Replays the topic's records into the map of committed offsets. */
  static async load(topic: Topic, logger: Logger, durable: Durable): Promise<OffsetStore> {
    const store = new OffsetStore(topic, logger, durable);
    for (const log of topic.partitions) {
      let at = log.logStartOffset;
      while (at < log.highWatermark) {
        const { parts } = await log.read(at, 1024 * 1024);
        const before = at;
        for (const part of parts) {
          for (const batch of parseBatches(part)) {
            if ((batch.attributes & CONTROL_FLAG) !== 0) {
              store.completeTransaction(batch.producerId, controlTypeOf(batch.buf) === CONTROL_COMMIT, log.partition);
            } else {
              const txn = (batch.attributes & TRANSACTIONAL_FLAG) !== 0 ? batch.producerId : -1;
              for (const rec of decodeBatch(batch.buf)) {
                store.replay(rec.key, rec.value, txn);
                at = Math.max(at, rec.offset + 1);
              }
            }
            at = Math.max(at, Number(batch.buf.readBigInt64BE(0)) + batch.buf.readInt32BE(23) + 1);
          }
        }
        if (at === before) break;
      }
    }
    return store;
  }

  private replay(key: Buffer | null, value: Buffer | null, producerId: number): void {
    if (key === null) return;
    try {
      const k = decodeKey(key);
      if (k?.kind !== 'offset') return;
      if (value === null) {
        this.groups.get(k.group)?.delete(`${k.topic}\u0000${k.partition}`);
        return;
      }
      const v = decodeOffsetValue(value);
      const committed = { offset: v.offset, metadata: v.metadata, leaderEpoch: v.leaderEpoch };
      if (producerId >= 0) this.addPending(producerId, k.group, k.topic, k.partition, committed);
      else this.put(k.group, k.topic, k.partition, committed);
    } catch (error) {
      this.logger.warn(`dev cluster: skipped an unreadable ${this.topic.name} record: ${String(error)}`);
    }
  }

  private put(group: string, topic: string, partition: number, value: CommittedOffset): void {
    let g = this.groups.get(group);
    if (g === undefined) this.groups.set(group, (g = new Map()));
    g.set(`${topic}\u0000${partition}`, value);
  }

  /** Appends the group's records; `then` runs once they are in the log, in log order. */
  private async write(group: string, records: { key: Buffer; value: Buffer | null }[], then: () => void, txn?: { producerId: number; producerEpoch: number }): Promise<void> {
    if (records.length === 0) {
      then();
      return;
    }
    const log = this.topic.partitions[this.partitionOf(group)];
    if (log === undefined) return;
    const now = Date.now();
    const batch = encodeBatch({ ...txn, records: records.map((r) => ({ key: r.key, value: r.value, timestamp: now })) });
    const result = txn === undefined
      ? await log.append(parseBatches(batch), then)
      : await log.append(parseBatches(withAttributes(batch, TRANSACTIONAL_FLAG)), then, { origin: 'coordinator' });
    await this.durable(log, result);
  }

  /** The __consumer_offsets partition holding a group's records. */
  partitionOf(group: string): number {
    return offsetsPartitionFor(group, this.topic.partitions.length);
  }

  private addPending(producerId: number, group: string, topic: string, partition: number, value: CommittedOffset): void {
    let list = this.pending.get(producerId);
    if (list === undefined) this.pending.set(producerId, (list = []));
    list.push({ group, topic, partition, value });
  }

  /** TxnOffsetCommit: writes the offsets as a transactional batch; they stay pending until the
   *  transaction ends. Rejects with BatchError (fenced epoch) or StorageError; nothing is pending then. */
  async commitTransactional(group: string, producerId: number, producerEpoch: number, entries: readonly { topic: string; partition: number; value: CommittedOffset }[]): Promise<void> {
    const now = Date.now();
    await this.write(group, entries.map((e) => ({
      key: encodeOffsetKey(group, e.topic, e.partition),
      value: encodeOffsetValue({ offset: e.value.offset, metadata: e.value.metadata ?? '', commitTimestamp: now, expireTimestamp: -1 }),
    })), () => {
      for (const e of entries) this.addPending(producerId, group, e.topic, e.partition, e.value);
    }, { producerId, producerEpoch });
  }

  /** A marker landed in __consumer_offsets partition `partition`: the producer's pending offsets
   *  of the groups stored there become committed (commit) or are dropped (abort). */
  completeTransaction(producerId: number, commit: boolean, partition: number): void {
    const list = this.pending.get(producerId);
    if (list === undefined) return;
    const rest = list.filter((e) => this.partitionOf(e.group) !== partition);
    if (commit) for (const e of list) if (this.partitionOf(e.group) === partition) this.put(e.group, e.topic, e.partition, e.value);
    if (rest.length === 0) this.pending.delete(producerId);
    else this.pending.set(producerId, rest);
  }

  /** Whether a transaction holds an uncommitted offset for the partition (OffsetFetch require_stable). */
  hasPending(group: string, topic: string, partition: number): boolean {
    for (const list of this.pending.values()) for (const e of list) if (e.group === group && e.topic === topic && e.partition === partition) return true;
    return false;
  }

  /** Commits offsets of one group (all or none); rejects with StorageError when the log write fails. */
  async commit(group: string, entries: readonly { topic: string; partition: number; value: CommittedOffset }[]): Promise<void> {
    const now = Date.now();
    await this.write(group, entries.map((e) => ({
      key: encodeOffsetKey(group, e.topic, e.partition),
      value: encodeOffsetValue({ offset: e.value.offset, metadata: e.value.metadata ?? '', commitTimestamp: now, expireTimestamp: -1 }),
    })), () => {
      for (const e of entries) this.put(group, e.topic, e.partition, e.value);
    });
  }

  /** Deletes committed offsets (tombstones); all of the group's when `partitions` is undefined. */
  async delete(group: string, partitions?: readonly { topic: string; partition: number }[]): Promise<void> {
    const g = this.groups.get(group);
    if (g === undefined) return;
    const targets = partitions ?? [...g.keys()].map(splitKey);
    const present = targets.filter((t) => g.has(`${t.topic}\u0000${t.partition}`));
    const records = present.map((t) => ({ key: encodeOffsetKey(group, t.topic, t.partition), value: null }));
    if (partitions === undefined) records.push({ key: encodeGroupKey(group), value: null });
    await this.write(group, records, () => {
      for (const t of present) g.delete(`${t.topic}\u0000${t.partition}`);
      if (g.size === 0 && this.groups.get(group) === g) this.groups.delete(group);
    });
  }

  /** Deletes every group's offsets of a topic (deleted, or gone while the broker was down). */
  async deleteTopic(topic: string): Promise<void> {
    const errors: unknown[] = [];
    for (const [group, g] of [...this.groups]) {
      const partitions = [...g.keys()].map(splitKey).filter((k) => k.topic === topic);
      if (partitions.length > 0) await this.delete(group, partitions).catch((e: unknown) => { errors.push(e); });
    }
    if (errors.length > 0) throw errors[0];
  }

  /** Topics with committed offsets. */
  topicNames(): Set<string> {
    const out = new Set<string>();
    for (const g of this.groups.values()) for (const k of g.keys()) out.add(splitKey(k).topic);
    return out;
  }

  /** Records a group's membership after a rebalance (Burrow reads owners from it). */
  async writeGroupMetadata(group: string, value: GroupValue): Promise<void> {
    try {
      await this.write(group, [{ key: encodeGroupKey(group), value: encodeGroupValue(value) }], () => {});
    } catch (error) {
      this.logger.warn(`dev cluster: could not record group metadata of '${group}': ${String(error)}`);
    }
  }

  get(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(`${topic}\u0000${partition}`);
  }

  /** Every committed partition of a group, by topic. */
  all(group: string): Map<string, { partition: number; value: CommittedOffset }[]> {
    const out = new Map<string, { partition: number; value: CommittedOffset }[]>();
    for (const [key, value] of this.groups.get(group) ?? []) {
      const { topic, partition } = splitKey(key);
      let list = out.get(topic);
      if (list === undefined) out.set(topic, (list = []));
      list.push({ partition, value });
    }
    return out;
  }

  hasGroup(group: string): boolean {
    return (this.groups.get(group)?.size ?? 0) > 0;
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }
}

function splitKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
