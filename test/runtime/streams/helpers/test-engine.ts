// A small hand-written engine (until the DSL's StreamTask is merged): source -> map -> sink,
// plus an optional per-key count store with a changelog. It exercises KafkaStreams' side of the
// engine contract (tasks, collector, restore, stores) against real brokers.
import type { EngineTask, EngineTaskOptions, StreamsEngine } from 'streamwise';
import { deadLetterRecord } from '../../../../runtime/src/streams/dead-letter';

export interface TestEngineOptions {
  input: string;
  output: string;
  /** A per-key count store `counts` (changelog `counts-changelog`); output values are counts. */
  count?: boolean;
  /** Values equal to this throw in the processor ('fail' rethrows, handlers as configured). */
  poison?: string;
  /** Values equal to this go to the topic `badTopic` (a topic extractor's mistake: production errors). */
  misrouted?: string;
  badTopic?: string;
}

export function testEngine(o: TestEngineOptions): StreamsEngine {
  return {
    plan: () => [{
      id: 0, sourceTopics: [o.input], internalSourceTopics: [], sinkTopics: [o.output], internalSinkTopics: o.count === true ? ['counts-changelog'] : [],
      stores: o.count === true ? [{ name: 'counts', changelogTopic: 'counts-changelog' }] : [],
    }],
    createTask: (t: EngineTaskOptions): EngineTask => {
      const counts = new Map<string, number>();
      return {
        process(r) {
          const value = r.value?.toString() ?? '';
          if (value === o.poison) {
            const error = Object.assign(new Error(`poison record at ${r.topic}-${r.partition}@${r.offset}`), { topic: r.topic, partition: r.partition, offset: r.offset, node: 'KSTREAM-MAPVALUES-0000000001' });
            const h = t.processingExceptionHandler;
            if (h === 'fail') throw error;
            if (h === 'continue') { t.logger.warn(error.message); return; }
            t.collector.send(deadLetterRecord(h.deadLetterTopic, r, error, { topic: r.topic, partition: r.partition, offset: r.offset, node: 'KSTREAM-MAPVALUES-0000000001', handler: 'processing' }));
            return;
          }
          if (value === o.misrouted) {
            t.collector.send({ topic: o.badTopic ?? '', key: r.key, value: r.value, headers: {}, timestamp: r.timestamp });
            return;
          }
          if (o.count === true) {
            const key = r.key?.toString() ?? '';
            const n = (counts.get(key) ?? 0) + 1;
            counts.set(key, n);
            t.collector.send({ topic: t.internalTopicName('counts-changelog'), partition: t.partition, key: r.key, value: Buffer.from(String(n)), headers: {}, timestamp: r.timestamp });
            t.collector.send({ topic: o.output, key: r.key, value: Buffer.from(String(n)), headers: {}, timestamp: r.timestamp });
            return;
          }
          t.collector.send({ topic: o.output, key: r.key, value: Buffer.from(value.toUpperCase()), headers: r.headers, timestamp: r.timestamp });
        },
        punctuate() {},
        restore(store, key, value) {
          if (store === 'counts') counts.set(key.toString(), Number(value?.toString() ?? '0'));
        },
        store(name) {
          if (name !== 'counts' || o.count !== true) return undefined;
          return { get: (k) => counts.get(String(k)), all: () => [...counts] };
        },
        close() {},
      };
    },
  };
}
