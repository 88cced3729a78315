// The metadata string committed with a task's input offsets, as Kafka's TopicPartitionMetadata:
// base64 of magic byte 2, the partition time (8 bytes), then ProcessorMetadata (an int count and per
// entry an int key length, the UTF-8 key and an 8-byte value). Emit-on-window-close aggregations
// keep their last emitted close time there, so a restart does not emit those windows again.
const LATEST_MAGIC_BYTE = 2;

export interface OffsetMetadata {
  partitionTime: number;
  processorMetadata: Map<string, number>;
}

export function encodeOffsetMetadata(m: OffsetMetadata): string {
  const entries = [...m.processorMetadata].map(([k, v]) => [Buffer.from(k, 'utf8'), v] as const);
  const size = entries.length === 0 ? 0 : 4 + entries.reduce((n, [k]) => n + 4 + k.length + 8, 0);
  const out = Buffer.alloc(1 + 8 + size);
  out.writeInt8(LATEST_MAGIC_BYTE, 0);
  out.writeBigInt64BE(BigInt(Number.isFinite(m.partitionTime) ? m.partitionTime : -1), 1);
  if (entries.length > 0) {
    let at = 9;
    out.writeInt32BE(entries.length, at);
    at += 4;
    for (const [k, v] of entries) {
      out.writeInt32BE(k.length, at);
      k.copy(out, at + 4);
      out.writeBigInt64BE(BigInt(v), at + 4 + k.length);
      at += 4 + k.length + 8;
    }
  }
  return out.toString('base64');
}

/** Kafka's decode: an empty, unknown or malformed string gives no metadata (partition time unknown). */
export function decodeOffsetMetadata(text: string | null | undefined): OffsetMetadata {
  const none: OffsetMetadata = { partitionTime: -1, processorMetadata: new Map() };
  if (text === null || text === undefined || text === '') return none;
  try {
    const b = Buffer.from(text, 'base64');
    const version = b.readInt8(0);
    if (version !== 1 && version !== LATEST_MAGIC_BYTE) return none;
    const partitionTime = Number(b.readBigInt64BE(1));
    const processorMetadata = new Map<string, number>();
    if (version === LATEST_MAGIC_BYTE && b.length > 9) {
      let at = 9;
      const n = b.readInt32BE(at);
      at += 4;
      for (let i = 0; i < n; i++) {
        const len = b.readInt32BE(at);
        const key = b.subarray(at + 4, at + 4 + len).toString('utf8');
        processorMetadata.set(key, Number(b.readBigInt64BE(at + 4 + len)));
        at += 4 + len + 8;
      }
    }
    return { partitionTime, processorMetadata };
  } catch {
    return none;
  }
}
