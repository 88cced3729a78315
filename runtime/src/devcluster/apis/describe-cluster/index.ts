// DescribeCluster v0 (flexible): the one broker, which is also the controller.
import { CLUSTER_ID, NODE_ID } from '../../broker/broker';
import type { ApiDef } from '../api';

export const describeClusterApi: ApiDef = {
  key: 60, name: 'DescribeCluster', minVersion: 0, maxVersion: 0, flexibleFrom: 0,
  handle(ctx, r, w) {
    r.bool();
    r.tags();
    const { broker } = ctx;
    w.i32(0).i16(0).nullableString(null).string(CLUSTER_ID).i32(NODE_ID);
    w.array([0], (x) => { x.i32(NODE_ID).string(broker.config.host).i32(broker.config.port).nullableString(null).tags(); });
    return w.i32(-2147483648).tags();
  },
};
