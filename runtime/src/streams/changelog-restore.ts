// Restores a task's stores from their changelog partitions (start-up and task migration):
// every changelog record up to the current end offset is applied without emitting anything.
import type { PartitionReader, StreamsAdmin } from '../kafka/client';
import type { Logger } from '../logger';
import type { EngineTask } from './engine';

export async function restoreTask(
  task: EngineTask,
  stores: readonly { name: string; changelogTopic: string }[],
  partition: number,
  admin: StreamsAdmin,
  reader: PartitionReader,
  logger: Logger,
): Promise<number> {
  let restored = 0;
  for (const store of stores) {
    const offsets = await admin.topicOffsets(store.changelogTopic).catch(() => []);
    const range = offsets.find((o) => o.partition === partition);
    if (range === undefined || range.high <= range.low) continue;
    const started = Date.now();
    await reader.read(store.changelogTopic, partition, range.low, range.high, (records) => {
      for (const r of records) {
        if (r.key === null) continue;
        task.restore(store.name, r.key, r.value, r.timestamp);
        restored += 1;
      }
    });
    logger.info(`restored store ${store.name} partition ${partition} from ${store.changelogTopic}`, { records: restored, ms: Date.now() - started });
  }
  return restored;
}
