import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes } from 'streamwise';
import { formatBytes } from '../../../../server/src/cli/run/print-topics';

test('--print shows text bare or quoted, 8-byte numbers as numbers, tombstones as null, the rest as hex', () => {
  assert.equal(formatBytes(Buffer.from('hello')), 'hello');
  assert.equal(formatBytes(Buffer.from('hello world')), '"hello world"');
  assert.equal(formatBytes(Buffer.from('{"a":1}')), '"{\\"a\\":1}"');
  assert.equal(formatBytes(null), 'null');
  assert.equal(formatBytes(Serdes.Number().serialize(2.5)), '2.5');
  const long = Buffer.alloc(8);
  long.writeBigInt64BE(42n);
  assert.equal(formatBytes(long), '42');
  assert.equal(formatBytes(Buffer.from([0, 1, 2, 0xff, 0xfe])), '0x000102fffe');
});
