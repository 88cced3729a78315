import { TXN_STATES } from '../../txn/txn-log-codec';
import type { ApiDef } from '../api';
import { decode, encode } from './v0-v1';

export const listTransactionsApi: ApiDef = {
  key: 66, name: 'ListTransactions', minVersion: 0, maxVersion: 1, flexibleFrom: 0,
  handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    const known = new Set<string>(TXN_STATES);
    const unknown = req.stateFilters.filter((s) => !known.has(s));
    const now = Date.now();
    const states = ctx.broker.txns.all().filter((m) =>
      (req.stateFilters.length === 0 || req.stateFilters.includes(m.state))
      && (req.producerIdFilters.length === 0 || req.producerIdFilters.includes(m.producerId))
      && (req.durationFilterMs < 0 || (m.state === 'Ongoing' && m.startMs >= 0 && now - m.startMs > req.durationFilterMs)));
    return encode(w, unknown, states.map((m) => ({ transactionalId: m.transactionalId, producerId: m.producerId, state: m.state })));
  },
};
