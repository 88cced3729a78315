import { ErrorCode } from '../../protocol/error-codes';
import type { ApiDef } from '../api';
import { decode, encode, type TransactionDescription } from './v0';

export const describeTransactionsApi: ApiDef = {
  key: 65, name: 'DescribeTransactions', minVersion: 0, maxVersion: 0, flexibleFrom: 0,
  handle(ctx, r, w) {
    const ids = decode(r);
    return encode(w, ids.map((id): TransactionDescription => {
      const m = ctx.broker.txns.get(id);
      if (m === undefined) return { errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, transactionalId: id, state: '', timeoutMs: 0, startTimeMs: -1, producerId: -1, producerEpoch: -1, topics: [] };
      const byTopic = new Map<string, number[]>();
      for (const key of m.partitions) {
        const i = key.lastIndexOf('\u0000');
        const topic = key.slice(0, i);
        byTopic.set(topic, [...(byTopic.get(topic) ?? []), Number(key.slice(i + 1))]);
      }
      return {
        errorCode: 0, transactionalId: id, state: m.state, timeoutMs: m.timeoutMs, startTimeMs: m.startMs,
        producerId: m.producerId, producerEpoch: m.producerEpoch, topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      };
    }));
  },
};
