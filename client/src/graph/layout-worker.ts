// Runs ELK in a worker thread of the extension host (bundled as dist/graph-layout-worker.js):
// a large layout never blocks the host's event loop, and a stuck one can be terminated.
import { parentPort } from 'node:worker_threads';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

const elk = new ELK();

parentPort?.on('message', (raw: { id: number; graph: ElkNode }) => {
  const started = Date.now();
  elk.layout(raw.graph).then(
    (result) => parentPort?.postMessage({ id: raw.id, result, ms: Date.now() - started }),
    (error: unknown) => parentPort?.postMessage({ id: raw.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
