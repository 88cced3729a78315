// The main demo (`npm start`): runs each example through the TopologyTestDriver and prints its
// topology, then runs the gateway-log router on the embedded dev cluster.
import { Serdes, type Topology } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import { ENDPOINT_TOPICS, RAW_TOPIC, buildGatewayRouter } from './gateway-log-router';
import { ORDERS_TOPIC, TOTALS_TOPIC, buildRegionAggregation, type Order } from './region-aggregation';
import { INPUT_TOPIC, OUTPUT_TOPIC, buildWordCount } from './word-count';
import { runGatewayOnDevCluster } from './gateway-on-dev-cluster';

function section(title: string, topology: Topology): TopologyTestDriver {
  console.log(`\n=== ${title} ===\n`);
  console.log(topology.describe().toString());
  return new TopologyTestDriver(topology, { applicationId: title.toLowerCase().replace(/\W+/g, '-'), initialWallClockTimeMs: 0 });
}

const gw = section('Gateway log router', buildGatewayRouter());
gw.createInputTopic(RAW_TOPIC).pipeValueList([
  '{"path":"/viewer/123","status":200,"userId":"u1"}',
  '{"path":"/comment/9","status":201}',
  'not json at all',
  '{"path":"/purchase/cart","status":200,"userId":"u2"}',
  '{"path":"/login","status":302}',
]);
for (const topic of Object.values(ENDPOINT_TOPICS)) {
  console.log(`${topic}:`, JSON.stringify(gw.createOutputTopic(topic, Serdes.String(), Serdes.JSON()).readValuesToList()));
}
gw.close();

const wc = section('Word count', buildWordCount());
wc.createInputTopic(INPUT_TOPIC).pipeValueList(['the quick brown fox', 'the lazy dog', 'The end']);
console.log(`${OUTPUT_TOPIC}:`, JSON.stringify(wc.createOutputTopic(OUTPUT_TOPIC, Serdes.String(), Serdes.Long()).readKeyValuesToList()));
console.log('store word-counts:', JSON.stringify(wc.getKeyValueStore('word-counts').all()));
wc.close();

const ra = section('Aggregation by region', buildRegionAggregation());
const orders: Order[] = [
  { orderId: 'o1', region: 'eu', amount: 12.5 },
  { orderId: 'o2', region: 'us', amount: 30 },
  { orderId: 'o3', region: 'eu', amount: 7.25 },
];
ra.createInputTopic(ORDERS_TOPIC, Serdes.String(), Serdes.JSON<Order>()).pipeKeyValueList(orders.map((o) => [o.orderId, o] as const));
console.log(`${TOTALS_TOPIC}:`, JSON.stringify(ra.createOutputTopic(TOTALS_TOPIC, Serdes.String(), Serdes.JSON()).readKeyValuesToList()));
ra.close();

console.log('\n=== Gateway log router on the embedded dev cluster ===\n');
runGatewayOnDevCluster().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
