import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { TEXT_METRICS_KEY, TextMetricsStore } from '../../../client/src/graph/text-metrics-store';
import type { TextMetrics } from '../../../client/src/graph/text-metrics';

class Memento {
  readonly values = new Map<string, unknown>();
  get(key: string): unknown { return this.values.get(key); }
  update(key: string, value: unknown): Promise<void> { this.values.set(key, value); return Promise.resolve(); }
}

const metrics = (w: number): TextMetrics => ({ fonts: { label: { ascii: [], other: w }, sub: { ascii: [], other: w }, outlet: { ascii: [], other: w } } });

test('metrics are kept across sessions; only a change reports true', () => {
  const memento = new Memento();
  const store = new TextMetricsStore(memento, () => undefined);
  assert.equal(store.get(), undefined);
  assert.equal(store.set(metrics(8)), true);
  assert.equal(store.set(metrics(8)), false, 'the same again: nothing to size anew');
  assert.equal(store.set(metrics(9)), true);
  assert.deepEqual(new TextMetricsStore(memento, () => undefined).get(), metrics(9), 'the next session starts with them');
  memento.values.set(TEXT_METRICS_KEY, { fonts: 'garbage' });
  assert.equal(new TextMetricsStore(memento, () => undefined).get(), undefined, 'a damaged value is dropped');
});

test('a first layout waits for the webview to measure, and not longer than its timeout', async () => {
  const store = new TextMetricsStore(new Memento(), () => undefined);
  const waiting = store.whenKnown(10_000);
  store.set(metrics(7));
  assert.deepEqual(await waiting, metrics(7));
  const none = new TextMetricsStore(new Memento(), () => undefined);
  const started = Date.now();
  assert.equal(await none.whenKnown(50), undefined);
  assert.ok(Date.now() - started < 5000);
});
