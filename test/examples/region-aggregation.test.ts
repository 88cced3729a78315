import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { Serdes } from 'streamwise';
import { TopologyTestDriver } from 'streamwise/testing';
import topology, { ORDERS_TOPIC, TOTALS_TOPIC, type Order } from '../../examples/region-aggregation';

test('orders are totalled per region; non-positive amounts are ignored', () => {
  const d = new TopologyTestDriver(topology);
  const orders: Order[] = [
    { orderId: '1', region: 'eu', amount: 10.1 },
    { orderId: '2', region: 'ap', amount: 5 },
    { orderId: '3', region: 'eu', amount: -3 },
    { orderId: '4', region: 'eu', amount: 0.2 },
  ];
  d.createInputTopic(ORDERS_TOPIC, Serdes.String(), Serdes.JSON<Order>()).pipeKeyValueList(orders.map((o) => [o.orderId, o] as const));
  assert.deepEqual(d.createOutputTopic(TOTALS_TOPIC, Serdes.String(), Serdes.JSON()).readKeyValuesToList(), [
    ['eu', { orders: 1, amount: 10.1 }],
    ['ap', { orders: 1, amount: 5 }],
    ['eu', { orders: 2, amount: 10.3 }],
  ]);
  assert.deepEqual(d.getKeyValueStore('region-totals').get('eu'), { orders: 2, amount: 10.3 });
});
