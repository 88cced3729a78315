// The gateway-log router (field report 1) on the embedded dev cluster: start the broker, produce
// sample log lines, run the app until it has consumed them, print what went where, close.
import { createKafkaClient, KafkaStreams, silentLogger, type ProducedRecord } from 'streamwise';
import { startDevCluster } from 'streamwise/devcluster';
import type { MetricsSnapshot, StreamsEvent } from 'streamwise/model';
import { ENDPOINT_TOPICS, RAW_TOPIC, buildGatewayRouter } from './gateway-log-router';

const PATHS = ['/viewer/episode/12', '/comment/list', '/purchase/coins', '/login', '/viewer/title/7', 'healthcheck'];

export function sampleLogLines(count: number): ProducedRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const path = PATHS[i % PATHS.length] ?? '/';
    const line = i % 97 === 0 ? 'garbled line' : path === 'healthcheck' ? '{"path":"healthcheck","status":200}' : JSON.stringify({ path, status: 200, userId: `u${i % 50}` });
    return { topic: RAW_TOPIC, key: Buffer.from(`u${i % 50}`), value: Buffer.from(line), headers: {}, timestamp: Date.now() };
  });
}

export async function runGatewayOnDevCluster(records = 5000, print: (line: string) => void = console.log): Promise<Record<string, number>> {
  const started = Date.now();
  const cluster = await startDevCluster({ port: 0 });
  try {
    const brokers = cluster.bootstrapServers;
    await cluster.createTopic(RAW_TOPIC, 4);
    const producer = createKafkaClient({ brokers, clientId: 'demo', logger: silentLogger }).producer();
    await producer.connect();
    await producer.send(sampleLogLines(records));
    await producer.disconnect();
    print(`dev cluster on ${brokers.join(',')}: produced ${records} log lines to ${RAW_TOPIC}`);

    // A throwaway cluster: a fixed instanceId, so no process id is kept in a state directory.
    const app = new KafkaStreams(buildGatewayRouter(), { applicationId: 'gw-router-demo', instanceId: 'demo', bootstrapServers: brokers, commitIntervalMs: 200, metricsIntervalMs: 100 });
    app.onStateChange((s, o) => print(`state ${o} -> ${s}`));
    const consumedAll = new Promise<MetricsSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the demo app did not consume its input within 30 s')), 30000);
      app.events.on('event', (e: StreamsEvent) => {
        if (e.type !== 'metrics' || (e.metrics.topics[RAW_TOPIC]?.recordsIn ?? 0) < records) return;
        clearTimeout(timer);
        resolve(e.metrics);
      });
    });
    await app.start();
    const metrics = await consumedAll;
    await app.close({ timeoutMs: 10000 });
    const routed: Record<string, number> = {};
    for (const topic of Object.values(ENDPOINT_TOPICS)) routed[topic] = metrics.topics[topic]?.recordsOut ?? 0;
    print('\nrouted records per endpoint:');
    for (const [topic, n] of Object.entries(routed)) print(`  ${topic.padEnd(12)} ${n}`);
    print(`  (dropped: ${records - Object.values(routed).reduce((a, b) => a + b, 0)} healthchecks and unparsable lines)`);
    print(`\n${buildGatewayRouter().describe().toString()}`);
    print(`done in ${Date.now() - started} ms`);
    return routed;
  } finally {
    await cluster.close();
  }
}
