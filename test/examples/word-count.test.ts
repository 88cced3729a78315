import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import topology, { INPUT_TOPIC, OUTPUT_TOPIC } from '../../examples/word-count';

test('word count emits a running count per word and keeps the totals in its store', () => {
  const d = new TopologyTestDriver(topology);
  d.createInputTopic(INPUT_TOPIC).pipeValueList(['Hello world', 'hello again, World!']);
  assert.deepEqual(d.createOutputTopic(OUTPUT_TOPIC, Serdes.String(), Serdes.Long()).readKeyValuesToList(), [
    ['hello', 1],
    ['world', 1],
    ['hello', 2],
    ['again', 1],
    ['world', 2],
  ]);
  assert.deepEqual(d.getKeyValueStore('word-counts').all(), [['again', 1], ['hello', 2], ['world', 2]]);
});
