// Committed consumer-group offsets, kept as Kafka keeps them: records in the internal
// __consumer_offsets topic (Kafka's format, so lag tools that read it work), replayed into a map
// at start. A commit is in the map only once its records are in the log.
import type { Logger } from '../../logger';
import { encodeBatch, decodeBatch } from '../records/records-codec';
import { parseBatches } from '../records/record-batch';
import {
  decodeKey, decodeOffsetValue, encodeGroupKey, encodeGroupValue, encodeOffsetKey, encodeOffsetValue, offsetsPartitionFor, type GroupValue,
} from './consumer-offsets-codec';
import type { Topic } from './topic-store';
import { CONTROL_COMMIT, CONTROL_FLAG, controlTypeOf, TRANSACTIONAL_FLAG, withAttributes } from '../txn/control-batch';

export interface CommittedOffset { offset: number; metadata: string | null; leaderEpoch: number }

export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();

  /** Offsets committed inside open transactions (TxnOffsetCommit), by producer id: they become
   *  visible when the commit marker lands in the group's partition, and vanish on abort. */
  private readonly pending = new Map<number, { group: string; topic: string; partition: number; value: CommittedOffset }[]>();

  constructor(private readonly topic: Topic, private readonly logger: Logger, private readonly onAppend: () => void = () => {}) {
    for (const log of topic.partitions) {
      let at = log.logStartOffset;
      while (at < log.highWatermark) {
        const { parts } = log.read(at, 1024 * 1024);
        const before = at;
        for (const part of parts) {
          for (const batch of parseBatches(part)) {
            const base = Number(batch.buf.readBigInt64BE(0));
            if ((batch.attributes & CONTROL_FLAG) !== 0) {
              this.completeTransaction(batch.producerId, controlTypeOf(batch.buf) === CONTROL_COMMIT, log.partition);
              at = Math.max(at, base + batch.count);
              continue;
            }
            const txn = (batch.attributes & TRANSACTIONAL_FLAG) !== 0 ? batch.producerId : -1;
            for (const rec of decodeBatch(batch.buf)) {
              this.replay(rec.key, rec.value, txn);
              at = Math.max(at, rec.offset + 1);
            }
          }
        }
        if (at === before) break;
      }
    }
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

  private write(group: string, records: { key: Buffer; value: Buffer | null }[], txn?: { producerId: number; producerEpoch: number }): void {
    if (records.length === 0) return;
    const log = this.topic.partitions[this.partitionOf(group)];
    if (log === undefined) return;
    const now = Date.now();
    const batch = encodeBatch({ ...txn, records: records.map((r) => ({ key: r.key, value: r.value, timestamp: now })) });
    if (txn === undefined) log.append(parseBatches(batch));
    else log.append(parseBatches(withAttributes(batch, TRANSACTIONAL_FLAG)), 'coordinator');
    this.onAppend();
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
   *  transaction ends. Throws BatchError (fenced epoch) or StorageError; nothing is pending then. */
  commitTransactional(group: string, producerId: number, producerEpoch: number, entries: readonly { topic: string; partition: number; value: CommittedOffset }[]): void {
    const now = Date.now();
    this.write(group, entries.map((e) => ({
      key: encodeOffsetKey(group, e.topic, e.partition),
      value: encodeOffsetValue({ offset: e.value.offset, metadata: e.value.metadata ?? '', commitTimestamp: now, expireTimestamp: -1 }),
    })), { producerId, producerEpoch });
    for (const e of entries) this.addPending(producerId, group, e.topic, e.partition, e.value);
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

  /** Commits offsets of one group (all or none); throws StorageError when the log write fails. */
  commit(group: string, entries: readonly { topic: string; partition: number; value: CommittedOffset }[]): void {
    const now = Date.now();
    this.write(group, entries.map((e) => ({
      key: encodeOffsetKey(group, e.topic, e.partition),
      value: encodeOffsetValue({ offset: e.value.offset, metadata: e.value.metadata ?? '', commitTimestamp: now, expireTimestamp: -1 }),
    })));
    for (const e of entries) this.put(group, e.topic, e.partition, e.value);
  }

  /** Deletes committed offsets (tombstones); all of the group's when `partitions` is undefined. */
  delete(group: string, partitions?: readonly { topic: string; partition: number }[]): void {
    const g = this.groups.get(group);
    if (g === undefined) return;
    const targets = partitions ?? [...g.keys()].map((k) => {
      const [topic = '', p = '0'] = k.split('\u0000');
      return { topic, partition: Number(p) };
    });
    const present = targets.filter((t) => g.has(`${t.topic}\u0000${t.partition}`));
    const records = present.map((t) => ({ key: encodeOffsetKey(group, t.topic, t.partition), value: null }));
    if (partitions === undefined) records.push({ key: encodeGroupKey(group), value: null });
    this.write(group, records);
    for (const t of present) g.delete(`${t.topic}\u0000${t.partition}`);
    if (g.size === 0) this.groups.delete(group);
  }

  /** Records a group's membership after a rebalance (Burrow reads owners from it). */
  writeGroupMetadata(group: string, value: GroupValue): void {
    try {
      this.write(group, [{ key: encodeGroupKey(group), value: encodeGroupValue(value) }]);
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
      const [topic = '', p = '0'] = key.split('\u0000');
      let list = out.get(topic);
      if (list === undefined) out.set(topic, (list = []));
      list.push({ partition: Number(p), value });
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
