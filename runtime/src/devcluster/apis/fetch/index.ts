// Fetch parks until min bytes are available or max wait passes: woken by appends, not polling.
import type { Broker } from '../../broker/broker';
import { ErrorCode } from '../../protocol/error-codes';
import { StorageError } from '../../storage/file-ops';
import { capAt } from '../../txn/read-committed';
import type { AbortedTxn } from '../../txn/producer-state';
import type { ApiDef } from '../api';
import { decode, encode, type FetchPartitionResult, type FetchRequest } from './v4-v11';

// Longer waits are cut short: nothing legitimate parks a fetch for more than minutes.
const MAX_WAIT_MS = 300_000;
const READ_COMMITTED = 1;

export const fetchApi: ApiDef = {
  key: 1, name: 'Fetch', minVersion: 2, maxVersion: 11, flexibleFrom: Infinity,
  async handle(ctx, r, w) {
    const req = decode(r, ctx.header.apiVersion);
    let result = await collect(ctx.broker, req);
    if (req.minBytes > 0 && result.bytes < req.minBytes && req.maxWaitMs > 0 && !result.hasError) {
      await waitForData(ctx.broker, req, ctx.closed);
      result = await collect(ctx.broker, req);
    }
    return encode(w, ctx.header.apiVersion, result.topics);
  },
};

async function collect(broker: Broker, req: FetchRequest) {
  let bytes = 0;
  let hasError = false;
  let budget = req.maxBytes > 0 ? req.maxBytes : Infinity;
  // Partitions are read in request order: the response budget is spent front to back.
  const topics: { name: string; partitions: FetchPartitionResult[] }[] = [];
  for (const t of req.topics) {
    const topic = broker.topics.get(t.name);
    const partitions: FetchPartitionResult[] = [];
    topics.push({ name: t.name, partitions });
    for (const p of t.partitions) {
      partitions.push(await (async (): Promise<FetchPartitionResult> => {
        const log = topic?.partitions[p.index];
        if (log === undefined) {
          hasError = true;
          return { index: p.index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: null, records: null };
        }
        const down = log.offline;
        if (down !== undefined) {
          hasError = true;
          return { index: p.index, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: null, records: null };
        }
        const lastStableOffset = log.lastStableOffset;
        const committedOnly = req.isolationLevel === READ_COMMITTED;
        const base = { index: p.index, highWatermark: log.highWatermark, lastStableOffset, logStartOffset: log.logStartOffset, abortedTransactions: null };
        if (p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark) {
          hasError = true;
          return { ...base, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, records: null };
        }
        // read() always returns the first batch, even past the limits (KIP-74): only the
        // response's first batch may do that.
        let read: { parts: Buffer[]; bytes: number };
        // read_committed: nothing at or past the last stable offset (an open transaction); and
        // nothing past the high watermark (under flush 'every', written but not yet fsynced).
        const limit = committedOnly ? lastStableOffset : log.highWatermark;
        let aborted: AbortedTxn[] | null = null;
        try {
          read = p.fetchOffset < limit ? await log.read(p.fetchOffset, Math.min(p.maxBytes, budget)) : { parts: [], bytes: 0 };
          if (committedOnly || limit < log.logEndOffset) {
            const capped = capAt(read.parts, limit, p.fetchOffset);
            read = capped;
            // Consumers drop the aborted transactions' records (and skip markers) themselves.
            log.producerStates.trimBefore(log.logStartOffset);
            if (committedOnly) aborted = log.producerStates.abortedBetween(p.fetchOffset, capped.end);
          }
        } catch (error) {
          if (!(error instanceof StorageError)) throw error;
          broker.logger.error(`dev cluster: fetch from ${t.name}/${p.index} failed: ${error.message}`);
          hasError = true;
          return { ...base, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, records: null };
        }
        if (bytes > 0 && read.bytes > budget) return { ...base, errorCode: 0, records: [] };
        bytes += read.bytes;
        budget -= read.bytes;
        return { ...base, errorCode: 0, abortedTransactions: aborted, records: read.parts };
      })());
    }
  }
  return { topics, bytes, hasError };
}

function waitForData(broker: Broker, req: FetchRequest, closed: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const cancels: (() => void)[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const c of cancels) c();
      resolve();
    };
    const timer = setTimeout(finish, Math.min(req.maxWaitMs, MAX_WAIT_MS));
    void closed.then(finish);
    for (const t of req.topics) {
      const topic = broker.topics.get(t.name);
      for (const p of t.partitions) {
        const log = topic?.partitions[p.index];
        if (log === undefined) continue;
        const watch = () => {
          if (done) return;
          if (req.minBytes <= 1) {
            finish();
            return;
          }
          void collect(broker, req).then((r) => {
            if (r.bytes >= req.minBytes) finish();
            else if (!done) cancels.push(log.onData(watch));
          }, finish);
        };
        cancels.push(log.onData(watch));
      }
    }
  });
}
