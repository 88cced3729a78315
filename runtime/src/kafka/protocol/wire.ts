// The few Kafka wire types the client-side requests in this folder need (classic and flexible,
// KIP-482). Written for requests kafkajs does not implement; kafkajs frames and sends them.

export class WireWriter {
  private readonly parts: Buffer[] = [];

  private push(b: Buffer): this { this.parts.push(b); return this; }
  int16(v: number): this { const b = Buffer.alloc(2); b.writeInt16BE(v); return this.push(b); }
  int32(v: number): this { const b = Buffer.alloc(4); b.writeInt32BE(v); return this.push(b); }
  int64(v: string | number | bigint): this { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(v)); return this.push(b); }
  uvarint(v: number): this {
    const out: number[] = [];
    let n = v >>> 0;
    while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
    out.push(n);
    return this.push(Buffer.from(out));
  }
  string(v: string): this { const s = Buffer.from(v, 'utf8'); return this.int16(s.length).push(s); }
  nullableString(v: string | null): this { return v === null ? this.int16(-1) : this.string(v); }
  compactString(v: string): this { const s = Buffer.from(v, 'utf8'); return this.uvarint(s.length + 1).push(s); }
  compactNullableString(v: string | null): this { return v === null ? this.uvarint(0) : this.compactString(v); }
  bool(v: boolean): this { return this.push(Buffer.from([v ? 1 : 0])); }
  array<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) each(this, item);
    return this;
  }
  compactArray<T>(items: readonly T[], each: (w: this, item: T) => void): this {
    this.uvarint(items.length + 1);
    for (const item of items) each(this, item);
    return this;
  }
  /** An empty tagged-field section. */
  tags(): this { return this.uvarint(0); }
  toBuffer(): Buffer { return Buffer.concat(this.parts); }
}

export class WireReader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new RangeError(`response truncated: ${n} byte(s) wanted at ${this.at} of ${this.buf.length}`);
  }
  int16(): number { this.need(2); const v = this.buf.readInt16BE(this.at); this.at += 2; return v; }
  int32(): number { this.need(4); const v = this.buf.readInt32BE(this.at); this.at += 4; return v; }
  uvarint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const b = this.buf[this.at++] ?? 0;
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return v >>> 0;
    }
    throw new RangeError('malformed unsigned varint in response');
  }
  private utf8(n: number): string { this.need(n); const s = this.buf.toString('utf8', this.at, this.at + n); this.at += n; return s; }
  string(): string { const n = this.int16(); return n < 0 ? '' : this.utf8(n); }
  compactString(): string { const n = this.uvarint() - 1; return n < 0 ? '' : this.utf8(n); }
  compactNullableString(): string | null { const n = this.uvarint() - 1; return n < 0 ? null : this.utf8(n); }
  int64(): string { this.need(8); const v = this.buf.readBigInt64BE(this.at); this.at += 8; return v.toString(); }
  array<T>(each: (r: this) => T): T[] {
    const n = this.int32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each(this));
    return out;
  }
  compactArray<T>(each: (r: this) => T): T[] {
    const n = this.uvarint() - 1;
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each(this));
    return out;
  }
  /** Skips a tagged-field section (none is known to these requests). */
  tags(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
      this.at += size;
    }
  }
}
