import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { resolveConfig, resolveStreamsConfig, StreamsConfigError } from '../../../runtime/src/streams/config';

test('applicationId is required and must be legal', () => {
  assert.throws(() => resolveConfig({}), /applicationId is required/);
  assert.throws(() => resolveConfig({ applicationId: '' }), /applicationId is required/);
  assert.throws(() => resolveConfig({ applicationId: 'gw viewer' }), /applicationId "gw viewer" is not legal/);
  assert.throws(() => resolveConfig({ applicationId: 'a'.repeat(250) }), /at most 249/);
  assert.throws(() => resolveConfig(null), StreamsConfigError);
  assert.equal(resolveConfig({ applicationId: 'gw-viewer.v2_1' }).applicationId, 'gw-viewer.v2_1');
});

test('defaults follow Kafka Streams', () => {
  const c = resolveConfig({ applicationId: 'app' });
  assert.equal(c.numStreamThreads, 1);
  assert.equal(c.commitIntervalMs, 30000);
  assert.equal(c.processingGuarantee, 'at_least_once');
  assert.equal(c.autoOffsetReset, 'earliest');
  assert.equal(c.processingExceptionHandler, 'fail');
  assert.equal(c.deserializationExceptionHandler, 'fail');
  assert.equal(c.productionExceptionHandler, 'fail');
  assert.equal(c.bootstrapServers, undefined);
});

test('exactly_once_v2 is accepted and commits every 100 ms by default, as Kafka Streams', () => {
  const eos = resolveStreamsConfig({ applicationId: 'a', processingGuarantee: 'exactly_once_v2' });
  assert.equal(eos.processingGuarantee, 'exactly_once_v2');
  assert.equal(eos.commitIntervalMs, 100);
  assert.equal(resolveStreamsConfig({ applicationId: 'a', processingGuarantee: 'exactly_once_v2', commitIntervalMs: 250 }).commitIntervalMs, 250);
  assert.equal(resolveStreamsConfig({ applicationId: 'a' }).commitIntervalMs, 30000);
  assert.throws(() => resolveStreamsConfig({ applicationId: 'a', processingGuarantee: 'exactly_once' }), /processingGuarantee must be 'at_least_once' or 'exactly_once_v2', got "exactly_once"/);
});

test('bad options get specific messages', () => {
  assert.throws(() => resolveConfig({ applicationId: 'a', numStreamThreads: 0 }), /numStreamThreads must be a positive integer, got 0/);
  assert.throws(() => resolveConfig({ applicationId: 'a', bootstrapServers: 'localhost:9092' }), /bootstrapServers must be a non-empty array/);
  assert.throws(() => resolveConfig({ applicationId: 'a', bootstrapServers: ['localhost'] }), /'host:port'/);
  assert.throws(() => resolveConfig({ applicationId: 'a', processingExceptionHandler: 'skip' }), /processingExceptionHandler must be 'fail', 'continue' or \{ deadLetterTopic/);
  assert.throws(() => resolveConfig({ applicationId: 'a', deserializationExceptionHandler: { deadLetterTopic: 'bad topic' } }), /deadLetterTopic must be a legal topic name/);
  assert.throws(() => resolveConfig({ applicationId: 'a', autoOffsetReset: 'none' }), /autoOffsetReset/);
  assert.throws(() => resolveConfig({ applicationId: 'a', comitIntervalMs: 5 }), /unknown KafkaStreams config option 'comitIntervalMs'/);
  assert.deepEqual(resolveConfig({ applicationId: 'a', productionExceptionHandler: { deadLetterTopic: 'dlq' } }).productionExceptionHandler, { deadLetterTopic: 'dlq' });
});
