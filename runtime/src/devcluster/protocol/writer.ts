// Builds a response as a list of buffers so large record batches are sent without copying.
export class Writer {
  private parts: Buffer[] = [];
  private cur: Buffer;
  private at = 0;
  private size = 0;

  constructor(readonly flex = false, initial = 256) {
    this.cur = Buffer.allocUnsafe(initial);
  }

  private room(n: number): void {
    if (this.at + n <= this.cur.length) return;
    this.flush();
    this.cur = Buffer.allocUnsafe(Math.max(4096, n));
  }

  private flush(): void {
    if (this.at > 0) this.parts.push(this.cur.subarray(0, this.at));
    this.cur = this.cur.subarray(this.at);
    this.at = 0;
  }

  get length(): number { return this.size; }

  i8(v: number): this { this.room(1); this.cur.writeInt8(v, this.at); this.at += 1; this.size += 1; return this; }
  bool(v: boolean): this { return this.i8(v ? 1 : 0); }
  i16(v: number): this { this.room(2); this.cur.writeInt16BE(v, this.at); this.at += 2; this.size += 2; return this; }
  i32(v: number): this { this.room(4); this.cur.writeInt32BE(v, this.at); this.at += 4; this.size += 4; return this; }
  u32(v: number): this { this.room(4); this.cur.writeUInt32BE(v >>> 0, this.at); this.at += 4; this.size += 4; return this; }
  i64(v: number): this { this.room(8); this.cur.writeBigInt64BE(BigInt(v), this.at); this.at += 8; this.size += 8; return this; }

  uvarint(v: number): this {
    this.room(5);
    let n = v >>> 0;
    while (n >= 0x80) {
      this.cur[this.at++] = (n & 0x7f) | 0x80;
      this.size++;
      n >>>= 7;
    }
    this.cur[this.at++] = n;
    this.size++;
    return this;
  }

  varint(v: number): this { return this.uvarint(((v << 1) ^ (v >> 31)) >>> 0); }

  varlong(v: number): this {
    let z = (BigInt(v) << 1n) ^ (BigInt(v) >> 63n);
    z = BigInt.asUintN(64, z);
    this.room(10);
    while (z >= 0x80n) {
      this.cur[this.at++] = Number(z & 0x7fn) | 0x80;
      this.size++;
      z >>= 7n;
    }
    this.cur[this.at++] = Number(z);
    this.size++;
    return this;
  }

  private len(n: number): void {
    if (this.flex) this.uvarint(n + 1);
    else this.i16(n);
  }

  nullableString(s: string | null): this {
    if (s === null) { this.len(-1); return this; }
    const n = Buffer.byteLength(s);
    this.len(n);
    this.room(n);
    this.cur.write(s, this.at, 'utf8');
    this.at += n;
    this.size += n;
    return this;
  }

  string(s: string): this { return this.nullableString(s); }

  /** Appends bytes as-is; big buffers are referenced, not copied. */
  raw(b: Buffer): this {
    if (b.length <= 256) {
      this.room(b.length);
      b.copy(this.cur, this.at);
      this.at += b.length;
    } else {
      this.flush();
      this.parts.push(b);
    }
    this.size += b.length;
    return this;
  }

  nullableBytes(b: Buffer | null): this {
    if (b === null) return this.flex ? this.uvarint(0) : this.i32(-1);
    if (this.flex) this.uvarint(b.length + 1);
    else this.i32(b.length);
    return this.raw(b);
  }

  /** Nullable bytes given as several buffers (record batches served from the log). */
  bytesParts(parts: readonly Buffer[] | null): this {
    if (parts === null) return this.nullableBytes(null);
    let total = 0;
    for (const p of parts) total += p.length;
    if (this.flex) this.uvarint(total + 1);
    else this.i32(total);
    for (const p of parts) this.raw(p);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, item: (w: this, v: T) => void): this {
    if (items === null) return this.flex ? this.uvarint(0) : this.i32(-1);
    if (this.flex) this.uvarint(items.length + 1);
    else this.i32(items.length);
    for (const v of items) item(this, v);
    return this;
  }

  array<T>(items: readonly T[], item: (w: this, v: T) => void): this {
    return this.nullableArray(items, item);
  }

  /** An empty tagged-field section (flexible versions only). */
  tags(): this {
    return this.flex ? this.uvarint(0) : this;
  }

  /** The buffers of the message so far. */
  finish(): Buffer[] {
    this.flush();
    return this.parts;
  }
}
