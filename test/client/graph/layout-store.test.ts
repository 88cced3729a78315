import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LayoutService, layoutKey } from '../../../client/src/graph/layout-service';
import { FileLayoutStore } from '../../../client/src/graph/layout-store';
import { buildViewModel } from '../../../client/src/graph/view-model';
import { topologyFixture } from './fixtures';

const workerPath = join(__dirname, '..', '..', '..', 'dist', 'graph-layout-worker.js');

test('a layout from an earlier session comes from disk: no ELK run, not even a worker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-layouts-'));
  try {
    const model = buildViewModel(topologyFixture('routing'));
    const first = new LayoutService({ workerPath, deadlineMs: 60_000, store: new FileLayoutStore(dir) });
    const elk = await first.layout(model);
    first.dispose();
    assert.equal(elk.engine, 'elk');
    assert.deepEqual(readdirSync(dir), [`${layoutKey(model)}.json`]);
    // The next session: a worker path that does not exist proves ELK is never asked.
    const next = new LayoutService({ workerPath: join(dir, 'no-worker.js'), deadlineMs: 60_000, store: new FileLayoutStore(dir) });
    try {
      assert.deepEqual(next.cached(model), elk);
      assert.deepEqual(await next.layout(model), elk);
    } finally {
      next.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a damaged or foreign file is a miss, and the store stays bounded', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-layouts-'));
  try {
    const store = new FileLayoutStore(dir, 3);
    const key = (i: number) => i.toString(16).padStart(40, '0');
    writeFileSync(join(dir, `${key(1)}.json`), '{ not json');
    assert.equal(store.read(key(1)), undefined);
    writeFileSync(join(dir, `${key(2)}.json`), JSON.stringify({ engine: 'elk', width: 'wide' }));
    assert.equal(store.read(key(2)), undefined);
    assert.equal(store.read('../../etc/passwd'), undefined, 'only hash keys are read');
    const layout = { engine: 'elk' as const, width: 1, height: 1, nodes: {}, ports: {}, groups: {}, edges: {} };
    store.write(key(3), { ...layout, engine: 'fallback' });
    assert.equal(store.read(key(3)), undefined, 'quick layouts are not kept');
    for (let i = 10; i < 20; i++) store.write(key(i), layout);
    store.write(key(20), layout);
    assert.equal(readdirSync(dir).length, 3, 'bounded');
    assert.deepEqual(store.read(key(20)), layout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
