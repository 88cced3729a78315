// What a read_committed fetch may return: whole batches below the last stable offset.
export interface CappedRead { parts: Buffer[]; bytes: number; /** One past the last offset returned. */ end: number }

export function capAt(parts: readonly Buffer[], limit: number, from: number): CappedRead {
  const out: Buffer[] = [];
  let bytes = 0;
  let end = from;
  for (const part of parts) {
    let at = 0;
    while (at + 61 <= part.length) {
      const base = Number(part.readBigInt64BE(at));
      if (base >= limit) return { parts: out.concat(at > 0 ? [part.subarray(0, at)] : []), bytes: bytes + at, end };
      end = base + part.readInt32BE(at + 23) + 1;
      at += 12 + part.readInt32BE(at + 8);
    }
    out.push(part);
    bytes += part.length;
  }
  return { parts: out, bytes, end };
}
