import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { MAX_TEXT_WIDTH, MIN_NODE_WIDTH, OUTLET_END_PAD, OUTLET_TEXT_X, TEXT_END_PAD, TEXT_X } from '../../../client/src/graph/graph-model';
import { ESTIMATED_METRICS, textWidth, type TextMetrics } from '../../../client/src/graph/text-metrics';
import { buildViewModel } from '../../../client/src/graph/view-model';
import { topologyFixture } from './fixtures';

/** Every ASCII char `w` px wide, except 'W' (wider) and anything else `other`. */
const metrics = (w: number, other = 20): TextMetrics => {
  const ascii = Array.from({ length: 95 }, (_, i) => (i === 'W'.charCodeAt(0) - 32 ? w * 2 : w));
  return { fonts: { label: { ascii, other }, sub: { ascii, other }, outlet: { ascii, other } } };
};

test('text width: the sum of the measured advances; other characters at the width kept for them', () => {
  const m = metrics(8);
  assert.equal(textWidth(m, 'label', 'abc'), 24);
  assert.equal(textWidth(m, 'label', 'WW'), 32);
  assert.equal(textWidth(m, 'label', 'a漢😀'), 8 + 20 + 20, 'one width per code point, not per UTF-16 unit');
  assert.equal(textWidth(ESTIMATED_METRICS, 'sub', 'abcd'), 28);
});

test('boxes fit the full name, subtitle and predicates in the measured fonts, capped for very long names', () => {
  const m = metrics(10);
  const model = buildViewModel(topologyFixture('gateway'), { metrics: m });
  for (const node of model.nodes) {
    // Topics keep room for a live partition count of up to 3 digits.
    const sub = node.kind === 'topic' || node.kind === 'repartition' || node.kind === 'changelog' ? `${node.operator} · 000 partitions (live)`
      : node.location === undefined ? node.operator : `${node.operator} · ${node.location.display}`;
    const need = Math.max(
      TEXT_X + Math.min(MAX_TEXT_WIDTH, textWidth(m, 'label', node.label)) + TEXT_END_PAD,
      TEXT_X + Math.min(MAX_TEXT_WIDTH, textWidth(m, 'sub', sub)) + TEXT_END_PAD,
      ...(node.outlets ?? []).map((o) => OUTLET_TEXT_X + Math.min(MAX_TEXT_WIDTH, textWidth(m, 'outlet', o.isDefault ? 'default' : o.label)) + OUTLET_END_PAD),
    );
    assert.ok(node.width >= need && node.width <= Math.max(MIN_NODE_WIDTH, need + 2), `${node.id}: ${node.width} px for ${need} px of text`);
  }
  const filter = model.nodes.find((n) => n.id === 'KSTREAM-FILTER-0000000001');
  assert.equal(filter?.width, Math.ceil(TEXT_X + 25 * 10 + TEXT_END_PAD + 1), 'KSTREAM-FILTER-0000000001: 25 chars of 10 px');
  // Wider fonts, wider boxes (the layout key changes with them: a new layout).
  const wider = buildViewModel(topologyFixture('gateway'), { metrics: metrics(12) });
  assert.ok((wider.nodes.find((n) => n.id === filter?.id)?.width ?? 0) > (filter?.width ?? 0));
});
