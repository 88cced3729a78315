// Orders aggregated by region: total amount and order count per region, in the `region-totals` store.
import { Serdes, StreamsBuilder, type Topology } from 'streamwise';

export const ORDERS_TOPIC = 'orders';
export const TOTALS_TOPIC = 'region-totals';

export interface Order {
  orderId: string;
  region: string;
  amount: number;
}

export interface RegionTotal {
  orders: number;
  amount: number;
}

export function buildRegionAggregation(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, Order>(ORDERS_TOPIC, { valueSerde: Serdes.JSON<Order>() })
    .filter((_k, o) => o.amount > 0)
    .groupBy((_k, o) => o.region, { keySerde: Serdes.String(), valueSerde: Serdes.JSON<Order>() })
    .aggregate<RegionTotal>(
      () => ({ orders: 0, amount: 0 }),
      (_region, o, total) => ({ orders: total.orders + 1, amount: Math.round((total.amount + o.amount) * 100) / 100 }),
      { name: 'region-totals', valueSerde: Serdes.JSON<RegionTotal>() },
    )
    .toStream()
    .to(TOTALS_TOPIC, { valueSerde: Serdes.JSON<RegionTotal>() });
  return builder.build();
}

export default buildRegionAggregation();
