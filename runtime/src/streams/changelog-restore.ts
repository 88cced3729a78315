// Restores a task's stores from their changelog partitions (start-up and task migration), as
// Kafka's StoreChangelogReader: the restore end is the log end offset when the restore starts
// (ListOffsets read_uncommitted, KAFKA-10167), and the read_committed restore is complete once its
// position reaches it. The last stable offset is not the end: another instance's transaction open
// at that moment (a zombie's, or one whose abort is in flight) pins it below what the interim
// owner committed after, and a restore that stopped there would hold stale state. The position
// passes such a transaction once it ends (commit, abort, or the coordinator's timeout abort).
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
    // A failure here fails the task (and its thread): an empty store would be stale state.
    const offsets = await admin.topicOffsets(store.changelogTopic, 'read_uncommitted');
    const range = offsets.find((o) => o.partition === partition);
    if (range === undefined) throw new Error(`changelog ${store.changelogTopic} has no partition ${partition}`);
    if (range.high <= range.low) continue;
    const started = Date.now();
    await reader.read(store.changelogTopic, partition, range.low, range.high, (records) => {
      for (const r of records) {
        if (r.key === null) continue;
        task.restore(store.name, r.key, r.value, r.timestamp);
        restored += 1;
      }
    });
    logger.info(`restored store ${store.name} partition ${partition} from ${store.changelogTopic}`, { records: restored, endOffset: range.high, ms: Date.now() - started });
  }
  return restored;
}
