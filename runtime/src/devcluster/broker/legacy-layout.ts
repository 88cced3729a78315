// Data directories written by earlier versions (topics.json, logs/<topic>-<p>.log, offsets.jsonl)
// are carried over once into the current layout, then their files are removed.
import { join } from 'node:path';
import type { Logger } from '../../logger';
import { parseBatches, scanSegment } from '../records/record-batch';
import type { FileOps } from '../storage/file-ops';
import type { OffsetStore } from './offset-store';
import type { TopicStore } from './topic-store';

export async function migrateLegacyLayout(ops: FileOps, dataDir: string, topics: TopicStore, offsets: OffsetStore, logger: Logger): Promise<void> {
  const meta = join(dataDir, 'topics.json');
  if (await ops.exists(meta)) {
    let saved: unknown;
    try {
      saved = JSON.parse((await ops.readFile(meta)).toString('utf8'));
    } catch (error) {
      throw new Error(`${meta}: unreadable (${String(error)}); move it away to start without it`, { cause: error });
    }
    for (const [name, entry] of Object.entries(typeof saved === 'object' && saved !== null ? saved : {})) {
      const e = entry as { partitions?: unknown; configs?: unknown } | number;
      const count = typeof e === 'number' ? e : typeof e.partitions === 'number' ? e.partitions : 0;
      const configs: Record<string, string> = {};
      if (typeof e === 'object' && typeof e.configs === 'object' && e.configs !== null) {
        for (const [k, v] of Object.entries(e.configs)) if (typeof v === 'string') configs[k] = v;
      }
      if (!Number.isInteger(count) || count < 1 || topics.get(name) !== undefined) continue;
      const topic = await topics.create(name, count, configs);
      for (let p = 0; p < count; p++) {
        const file = join(dataDir, 'logs', `${name}-${p}.log`);
        if (!await ops.exists(file)) continue;
        const scan = scanSegment(await ops.readFile(file));
        const log = topic.partitions[p];
        if (log === undefined) continue;
        let last;
        for (const b of scan.batches) last = await log.append(parseBatches(Buffer.from(b.buf)), undefined, { origin: 'replay' });
        // On disk before the old file goes (earlier segments were fsynced when they rolled).
        if (last !== undefined) await log.sync(last);
        await ops.unlink(file);
      }
    }
    await topics.flushMetadata();
    await ops.unlink(meta);
    logger.info(`dev cluster: moved ${meta} and its segment files to the current layout`);
  }
  const legacyOffsets = join(dataDir, 'offsets.jsonl');
  if (await ops.exists(legacyOffsets)) {
    for (const line of (await ops.readFile(legacyOffsets)).toString('utf8').split('\n')) {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        continue; // a torn line was never acknowledged
      }
      const o = entry as { g?: unknown; t?: unknown; p?: unknown; o?: unknown; m?: unknown; e?: unknown };
      if (typeof o.g !== 'string' || typeof o.t !== 'string' || typeof o.p !== 'number' || typeof o.o !== 'number') continue;
      await offsets.commit(o.g, [{ topic: o.t, partition: o.p, value: { offset: o.o, metadata: typeof o.m === 'string' ? o.m : null, leaderEpoch: typeof o.e === 'number' ? o.e : -1 } }]);
    }
    await ops.unlink(legacyOffsets);
  }
}
