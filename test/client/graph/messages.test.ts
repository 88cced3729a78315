import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { parseWebviewMessage, parseWebviewState } from '../../../client/src/graph/messages';

test('well-formed webview messages pass validation unchanged', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'reveal', nodeId: 'KSTREAM-FILTER-0000000001' },
    { type: 'selectTopology', key: 'file:///a.ts#0' },
    { type: 'svg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
    { type: 'exportSvg' },
    { type: 'showLag' },
    { type: 'log', level: 'warn', message: 'x' },
    { type: 'metrics', metrics: { fonts: { label: { ascii: Array.from({ length: 95 }, (_, i) => 5 + i / 100), other: 12 }, sub: { ascii: [], other: 7 }, outlet: { ascii: [], other: 6.6 } } } },
  ]) assert.deepEqual(parseWebviewMessage(m), { message: m });
});

test('anything else is rejected with the reason', () => {
  const cases: [unknown, RegExp][] = [
    [null, /not an object/],
    ['ready', /not an object/],
    [[], /not an object/],
    [{ type: 'reveal' }, /nodeId/],
    [{ type: 'reveal', nodeId: 42 }, /nodeId/],
    [{ type: 'reveal', nodeId: '' }, /nodeId/],
    [{ type: 'reveal', nodeId: 'x'.repeat(5000) }, /nodeId/],
    [{ type: 'selectTopology', key: {} }, /key/],
    [{ type: 'svg', svg: '<script>alert(1)</script>' }, /svg/],
    [{ type: 'log', level: 'debug', message: 'x' }, /level/],
    [{ type: 'metrics' }, /metrics: fonts label, sub and outlet/],
    [{ type: 'metrics', metrics: { fonts: { label: { ascii: [], other: 7 }, sub: { ascii: [], other: 7 } } } }, /metrics/],
    [{ type: 'metrics', metrics: { fonts: { label: { ascii: [1, 2, 3], other: 7 }, sub: { ascii: [], other: 7 }, outlet: { ascii: [], other: 7 } } } }, /95 advances/],
    [{ type: 'metrics', metrics: { fonts: { label: { ascii: [], other: 1e9 }, sub: { ascii: [], other: 7 }, outlet: { ascii: [], other: 7 } } } }, /0\.\.200 px/],
    [{ type: 'metrics', metrics: { fonts: { label: { ascii: [], other: 0 }, sub: { ascii: [], other: 7 }, outlet: { ascii: [], other: 7 } } } }, /positive other/],
    [{ type: 'runCommand', command: 'rm -rf' }, /unknown message type "runCommand"/],
    [{ type: undefined }, /unknown message type/],
  ];
  for (const [raw, why] of cases) {
    const r = parseWebviewMessage(raw);
    assert.ok('error' in r && why.test(r.error), `${JSON.stringify(raw)?.slice(0, 60)}: ${JSON.stringify(r)}`);
  }
});

test('extra fields are dropped, not passed on', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'reveal', nodeId: 'a', evil: true }), { message: { type: 'reveal', nodeId: 'a' } });
  // The group is the host's to know: a group id the webview sends along is not taken.
  assert.deepEqual(parseWebviewMessage({ type: 'showLag', groupId: 'someone-else' }), { message: { type: 'showLag' } });
});

test('persisted state is validated too', () => {
  assert.equal(parseWebviewState(undefined), undefined);
  assert.equal(parseWebviewState({ mode: 'other' }), undefined);
  assert.deepEqual(parseWebviewState({ mode: 'graph', key: 'k', transform: { x: 1, y: 2, k: 0.5 }, selected: 'n' }), { mode: 'graph', key: 'k', transform: { x: 1, y: 2, k: 0.5 }, selected: 'n' });
  assert.deepEqual(parseWebviewState({ mode: 'graph', transform: { x: 'a', y: 2, k: 1 } }), { mode: 'graph' });
  assert.deepEqual(parseWebviewState({ mode: 'graph', transform: { x: 1, y: 2, k: -1 } }), { mode: 'graph' });
});
