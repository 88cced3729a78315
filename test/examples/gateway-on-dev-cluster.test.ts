// The demo's cluster run routes exactly what the TopologyTestDriver routes for the same lines.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import { ENDPOINT_TOPICS, RAW_TOPIC, buildGatewayRouter } from '../../examples/gateway-log-router';
import { runGatewayOnDevCluster, sampleLogLines } from '../../examples/gateway-on-dev-cluster';

test('gateway router on the dev cluster: routed counts per endpoint match the test driver', async () => {
  const n = 2000;
  const driver = new TopologyTestDriver(buildGatewayRouter(), { applicationId: 'gw-check' });
  const input = driver.createInputTopic(RAW_TOPIC);
  for (const r of sampleLogLines(n)) input.pipeInput(r.key?.toString() ?? null, r.value?.toString() ?? '');
  const expected: Record<string, number> = {};
  for (const topic of Object.values(ENDPOINT_TOPICS)) expected[topic] = driver.createOutputTopic(topic, Serdes.String(), Serdes.String()).getQueueSize();
  driver.close();
  const lines: string[] = [];
  const routed = await runGatewayOnDevCluster(n, (l) => lines.push(l));
  assert.deepEqual(routed, expected);
  assert.ok(Object.values(routed).every((c) => c > 0));
  assert.ok(lines.some((l) => l.includes('PENDING_SHUTDOWN -> NOT_RUNNING')));
});
