// Protocol primitives: varints, compact forms, tagged fields, CRC-32C, record batch codec.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { crc32c } from '../../../../runtime/src/devcluster/protocol/crc32c';
import { ProtocolError, Reader } from '../../../../runtime/src/devcluster/protocol/reader';
import { Writer } from '../../../../runtime/src/devcluster/protocol/writer';
import { parseBatches } from '../../../../runtime/src/devcluster/records/record-batch';
import { decodeBatch, encodeBatch } from '../../../../runtime/src/devcluster/records/records-codec';

const bytes = (w: Writer) => Buffer.concat(w.finish());

test('CRC-32C matches the standard check value', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  const big = Buffer.alloc(1000, 7);
  assert.equal(crc32c(big, 3, 997), crc32c(big.subarray(3, 997)));
});

test('varints and varlongs round-trip, zigzag encoded', () => {
  const values = [0, 1, -1, 63, -64, 64, 300, -300, 2 ** 31 - 1, -(2 ** 31)];
  const w = new Writer();
  for (const v of values) w.varint(v);
  for (const v of [0, -1, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER]) w.varlong(v);
  const r = new Reader(bytes(w));
  assert.deepEqual(values.map(() => r.varint()), values);
  assert.deepEqual([0, 1, 2, 3, 4].map(() => r.varlong()), [0, -1, 2 ** 40, -(2 ** 40), Number.MAX_SAFE_INTEGER]);
  assert.deepEqual([...bytes(new Writer().varint(-1))], [1]);
  assert.deepEqual([...bytes(new Writer().uvarint(300))], [0xac, 0x02]);
});

test('flexible versions use compact strings, arrays and tagged fields', () => {
  const w = new Writer(true);
  w.string('ab').nullableString(null).array([1, 2], (x, v) => { x.i32(v); }).nullableBytes(Buffer.from([9])).tags();
  const b = bytes(w);
  assert.deepEqual([...b.subarray(0, 4)], [3, 0x61, 0x62, 0]);
  const r = new Reader(Buffer.concat([b.subarray(0, b.length - 1), Buffer.from([1, 5, 2, 0xaa, 0xbb])]), true);
  assert.equal(r.string(), 'ab');
  assert.equal(r.nullableString(), null);
  assert.deepEqual(r.array((x) => x.i32()), [1, 2]);
  assert.deepEqual([...(r.nullableBytes() ?? [])], [9]);
  r.tags(); // skips one tagged field of two bytes
  assert.equal(r.remaining(), 0);
});

test('truncated input and impossible array lengths raise ProtocolError', () => {
  assert.throws(() => new Reader(Buffer.from([0, 5, 0x61])).string(), ProtocolError);
  assert.throws(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).array((x) => x.i8()), ProtocolError);
  assert.throws(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), true).uvarint(), ProtocolError);
});

test('record batches round-trip with keys, headers and gzip, and validate their CRC', () => {
  for (const compression of ['none', 'gzip'] as const) {
    const batch = encodeBatch({ compression, baseOffset: 40, records: [
      { key: Buffer.from('k'), value: Buffer.from('v'), timestamp: 1000, headers: [{ key: 'h', value: Buffer.from('x') }] },
      { key: null, value: null, timestamp: 1005 },
    ] });
    const [parsed] = parseBatches(batch);
    assert.equal(parsed?.count, 2);
    assert.equal(parsed?.maxTimestamp, 1005);
    const records = decodeBatch(batch);
    assert.deepEqual(records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null]),
      [[40, 1000, 'k', 'v'], [41, 1005, null, null]]);
    assert.deepEqual(records[0]?.headers.map((h) => [h.key, h.value?.toString()]), [['h', 'x']]);
  }
  const bad = encodeBatch({ records: [{ key: null, value: Buffer.from('v') }] });
  bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 1, bad.length - 1);
  assert.throws(() => parseBatches(bad), /CRC-32C mismatch/);
});
