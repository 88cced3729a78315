// The shared store of a left/outer stream-stream join (Kafka's "outer shared" ListValueStore):
// records that found no partner yet, keyed by (timestamp, side, key) so that all() returns them in
// time order; each key holds a list. Its serdes write Kafka's bytes (TimestampedKeyAndJoinSideSerde,
// LeftOrRightValueSerde inside a ListSerde of byte arrays), so the changelog reads the same in Java.
import type { Serde } from '../serdes';
import type { KeyValueStore } from './key-value-store';

export interface TimestampedKeyAndJoinSide {
  timestamp: number;
  leftSide: boolean;
  key: unknown;
}

/** A value of one side: exactly one of the two is set (Kafka's LeftOrRightValue). */
export interface LeftOrRightValue {
  leftSide: boolean;
  value: unknown;
}

/** 8-byte timestamp, 1 byte (1: left side), key bytes. */
export function timestampedKeyAndJoinSideSerde(keySerde: Serde<unknown>): Serde<TimestampedKeyAndJoinSide> {
  return {
    name: `TimestampedKeyAndJoinSide(${keySerde.name})`,
    serialize(data) {
      const key = keySerde.serialize(data.key);
      const out = Buffer.allocUnsafe(9 + key.length);
      out.writeBigInt64BE(BigInt(data.timestamp), 0);
      out.writeUInt8(data.leftSide ? 1 : 0, 8);
      key.copy(out, 9);
      return out;
    },
    deserialize(data) {
      if (data.length < 9) throw new RangeError(`a TimestampedKeyAndJoinSide has at least 9 bytes, got ${data.length}`);
      return { timestamp: Number(data.readBigInt64BE(0)), leftSide: data.readUInt8(8) === 1, key: keySerde.deserialize(data.subarray(9)) };
    },
  };
}

/** 1 byte (1: left value), then the value's bytes in its side's serde. */
export function leftOrRightValueSerde(left: Serde<unknown>, right: Serde<unknown>): Serde<LeftOrRightValue> {
  return {
    name: `LeftOrRightValue(${left.name}, ${right.name})`,
    serialize(data) {
      const raw = (data.leftSide ? left : right).serialize(data.value);
      return Buffer.concat([Buffer.from([data.leftSide ? 1 : 0]), raw]);
    },
    deserialize(data) {
      if (data.length < 1) throw new RangeError('a LeftOrRightValue has at least 1 byte');
      const leftSide = data.readUInt8(0) === 1;
      return { leftSide, value: (leftSide ? left : right).deserialize(data.subarray(1)) };
    },
  };
}

/** Kafka's ListSerde over byte arrays: strategy byte 1 (VARIABLE_SIZE), 4-byte count, then each
 *  entry as a 4-byte length and its bytes. */
export function listSerde<T>(inner: Serde<T>): Serde<T[]> {
  return {
    name: `List(${inner.name})`,
    serialize(list) {
      const parts = list.map((v) => inner.serialize(v));
      const out = Buffer.allocUnsafe(5 + parts.reduce((n, p) => n + 4 + p.length, 0));
      out.writeUInt8(1, 0);
      out.writeInt32BE(parts.length, 1);
      let at = 5;
      for (const p of parts) {
        out.writeInt32BE(p.length, at);
        p.copy(out, at + 4);
        at += 4 + p.length;
      }
      return out;
    },
    deserialize(data) {
      if (data.length < 5 || data.readUInt8(0) !== 1) throw new RangeError('expected a ListSerde value of variable-size entries');
      const n = data.readInt32BE(1);
      const out: T[] = [];
      let at = 5;
      for (let i = 0; i < n; i++) {
        const len = data.readInt32BE(at);
        out.push(inner.deserialize(data.subarray(at + 4, at + 4 + len)));
        at += 4 + len;
      }
      return out;
    },
  };
}

/** Kafka's ListValueStore over a key-value store of lists. */
export class OuterJoinStore {
  constructor(private readonly store: KeyValueStore<unknown, unknown>) {}

  /** Appends `value` to the key's list. */
  add(key: TimestampedKeyAndJoinSide, value: LeftOrRightValue): void {
    const old = this.store.get(key) as LeftOrRightValue[] | null;
    this.store.put(key, old === null ? [value] : [...old, value]);
  }

  /** Drops the key's list (a blind delete). */
  remove(key: TimestampedKeyAndJoinSide): void {
    this.store.put(key, null);
  }

  /** Kafka's putIfAbsent(key, null): deletes the key only when it is there (no tombstone otherwise). */
  removeIfPresent(key: TimestampedKeyAndJoinSide): void {
    if (this.store.get(key) !== null) this.store.put(key, null);
  }

  /** Every key with its list, in key-byte order (timestamp first, then side, then key). */
  all(): [TimestampedKeyAndJoinSide, LeftOrRightValue[]][] {
    return this.store.all() as [TimestampedKeyAndJoinSide, LeftOrRightValue[]][];
  }
}
