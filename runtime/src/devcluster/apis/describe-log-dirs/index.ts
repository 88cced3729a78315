// DescribeLogDirs v0-v1: the one log directory (the data directory, or "memory") and partition sizes.
import type { ApiDef } from '../api';

export const describeLogDirsApi: ApiDef = {
  key: 35, name: 'DescribeLogDirs', minVersion: 0, maxVersion: 1, flexibleFrom: Infinity,
  handle(ctx, r, w) {
    const wanted = r.nullableArray((t) => ({ name: t.string(), partitions: t.array((p) => p.i32()) }));
    const { broker } = ctx;
    const topics = (wanted ?? [...broker.topics.topics.values()].map((t) => ({ name: t.name, partitions: t.partitions.map((p) => p.partition) })))
      .map((t) => {
        const topic = broker.topics.get(t.name);
        return { name: t.name, partitions: t.partitions.flatMap((p) => { const log = topic?.partitions[p]; return log === undefined ? [] : [{ index: p, size: log.store.sizeBytes }]; }) };
      })
      .filter((t) => t.partitions.length > 0);
    w.i32(0);
    return w.array([0], (x) => {
      x.i16(0).string(broker.config.dataDir ?? 'memory');
      x.array(topics, (y, t) => {
        y.string(t.name).array(t.partitions, (z, p) => { z.i32(p.index).i64(p.size).i64(0).bool(false); });
      });
    });
  },
};
