import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LineSplitter, parseEventLine } from '../../../client/src/runs/ndjson';
import { initialLiveState, reduceLiveState } from '../../../client/src/runs/live-state';
import { fixture } from './run-helpers';

test('lines split across chunks (and inside a multi-byte character) come out whole', () => {
  const splitter = new LineSplitter();
  const bytes = Buffer.from('{"a":"é"}\r\n{"b":2}\n{"c"', 'utf8');
  const cut = bytes.indexOf(0xc3) + 1; // between the two bytes of é
  assert.deepEqual(splitter.push(bytes.subarray(0, cut)), []);
  assert.deepEqual(splitter.push(bytes.subarray(cut)), ['{"a":"é"}', '{"b":2}']);
  assert.deepEqual(splitter.push(':3}\n\n'), ['{"c":3}']);
  assert.deepEqual(splitter.push('{"tail":1}'), []);
  assert.deepEqual(splitter.flush(), ['{"tail":1}']);
});

test('malformed lines are reported with a reason and skipped; good lines around them still fold in', () => {
  const lines = readFileSync(fixture('events-with-malformed.ndjson'), 'utf8').split('\n').filter((l) => l !== '');
  const errors: string[] = [];
  let state = initialLiveState();
  for (const line of lines) {
    const parsed = parseEventLine(line);
    if (parsed.ok) state = reduceLiveState(state, parsed.event);
    else errors.push(parsed.error.startsWith('not JSON (') ? 'not JSON' : parsed.error);
  }
  assert.deepEqual(errors, [
    'not JSON',
    'not a JSON object',
    'unknown event type "bogus"',
    'state event with an unknown state',
    'missing "time"',
    'metrics.nodes malformed',
    'missing "message"',
  ]);
  assert.equal(state.state, 'RUNNING');
  assert.equal(state.applicationId, 'app');
  assert.equal(state.nodes.SRC?.recordsIn, 10);
  assert.equal(state.errors.length, 1);
});
