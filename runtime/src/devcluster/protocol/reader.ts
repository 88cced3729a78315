// Reads Kafka protocol primitives from one request frame. In flexible (tagged-field) versions
// strings, bytes and arrays use the compact (unsigned-varint length + 1) forms.
export class ProtocolError extends Error {}

export class Reader {
  pos: number;
  constructor(readonly buf: Buffer, readonly flex = false, pos = 0) {
    this.pos = pos;
  }

  private need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.buf.length) throw new ProtocolError(`truncated frame: need ${n} bytes at ${at}, have ${this.buf.length - at}`);
    this.pos = at + n;
    return at;
  }

  remaining(): number {
    return this.buf.length - this.pos;
  }

  i8(): number { return this.buf.readInt8(this.need(1)); }
  bool(): boolean { return this.i8() !== 0; }
  i16(): number { return this.buf.readInt16BE(this.need(2)); }
  i32(): number { return this.buf.readInt32BE(this.need(4)); }
  u32(): number { return this.buf.readUInt32BE(this.need(4)); }
  i64(): number { return Number(this.buf.readBigInt64BE(this.need(8))); }

  uvarint(): number {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = this.buf.readUInt8(this.need(1));
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return value;
      shift += 7;
      if (shift > 28) throw new ProtocolError('varint longer than 5 bytes');
    }
  }

  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  varlong(): number {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf.readUInt8(this.need(1));
      value |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtocolError('varlong longer than 10 bytes');
    }
    return Number((value >> 1n) ^ -(value & 1n));
  }

  /** Length of a string/bytes/array: -1 means null. */
  private len(): number {
    if (this.flex) return this.uvarint() - 1;
    return this.i16();
  }

  nullableString(): string | null {
    const n = this.len();
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  string(): string {
    const s = this.nullableString();
    if (s === null) throw new ProtocolError('null where a string is required');
    return s;
  }

  /** Non-compact nullable string (request header client id, even in flexible versions). */
  headerString(): string | null {
    const n = this.i16();
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.toString('utf8', at, at + n);
  }

  nullableBytes(): Buffer | null {
    const n = this.flex ? this.uvarint() - 1 : this.i32();
    if (n < 0) return null;
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  nullableArray<T>(item: (r: Reader) => T): T[] | null {
    const n = this.flex ? this.uvarint() - 1 : this.i32();
    if (n < 0) return null;
    // Each element takes at least one byte: a huge count in a small frame is malformed.
    if (n > this.remaining()) throw new ProtocolError(`array length ${n} exceeds the frame`);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  array<T>(item: (r: Reader) => T): T[] {
    return this.nullableArray(item) ?? [];
  }

  /** Skips a tagged-field section (flexible versions only). */
  tags(): void {
    if (!this.flex) return;
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      const size = this.uvarint();
      this.need(size);
    }
  }
}
