// What kafkajs 2.2.4 lacks on the wire, added to its own request registry so its producer keeps
// driving the transaction (AddOffsetsToTxn, retries, coordinator lookup):
// - TxnOffsetCommit v0-v3 (./protocol/txn-offset-commit): v3 carries the consumer group metadata
//   (KIP-447), so the group coordinator refuses offsets of a member whose generation is over.
// - The generation of each JoinGroup answer: kafkajs' consumer does not expose it, and a heartbeat
//   (which reports it) can come a second after the first batch of a new generation.
// - OffsetFetch v7 with require_stable (./protocol/offset-fetch/v7.ts), for the calls that ask for
//   it: a partition whose offsets an open transaction holds answers UNSTABLE_OFFSET_COMMIT.
// - ListOffsets with isolation_level read_uncommitted: kafkajs' admin always asks read_committed
//   (the last stable offset); a changelog restore needs the log end offset (KAFKA-10167).
import { AsyncLocalStorage } from 'node:async_hooks';
import Broker from 'kafkajs/src/broker';
import { createErrorFromCode } from 'kafkajs/src/protocol/error';
import { requests } from 'kafkajs/src/protocol/requests';
import { decode as decodeOffsetFetchV7, parser as offsetFetchParser, request as offsetFetchV7, type OffsetFetchArgs } from './protocol/offset-fetch/v7';
import { txnOffsetCommitDefinition, type TxnGroupMetadata } from './protocol/txn-offset-commit';

const groupOfCall = new AsyncLocalStorage<TxnGroupMetadata>();
const isolationOfCall = new AsyncLocalStorage<number>();
const stableOfCall = new AsyncLocalStorage<boolean>();
/** kafkajs/src/protocol/isolationLevel: READ_UNCOMMITTED. */
const READ_UNCOMMITTED = 0;
const joinedGeneration = new Map<string, number>();
const MAX_REMEMBERED = 1000;
let installed = false;

export function installKafkajsProtocol(): void {
  if (installed) return;
  installed = true;
  requests.TxnOffsetCommit = txnOffsetCommitDefinition(createErrorFromCode, () => groupOfCall.getStore());
  const joinGroup = Broker.prototype.joinGroup;
  Broker.prototype.joinGroup = async function (this: Broker, args: unknown) {
    const answer = await joinGroup.call(this, args);
    if (answer.errorCode === 0 && answer.memberId !== '') {
      joinedGeneration.delete(answer.memberId);
      joinedGeneration.set(answer.memberId, answer.generationId);
      // Throwaway readers join too and never say goodbye: keep the newest members only.
      const oldest = joinedGeneration.keys().next();
      if (joinedGeneration.size > MAX_REMEMBERED && oldest.done !== true) joinedGeneration.delete(oldest.value);
    }
    return answer;
  };
  const offsetFetch = requests.OffsetFetch;
  if (offsetFetch !== undefined) {
    requests.OffsetFetch = {
      versions: [...new Set([...offsetFetch.versions, '7'])],
      // Without a stable fetch in flight kafkajs' own versions (up to v4) serve, as before.
      protocol: ({ version }) => version >= 7 && stableOfCall.getStore() === true
        ? (args: OffsetFetchArgs) => ({ request: offsetFetchV7(args, true), response: { decode: async (raw: Buffer) => decodeOffsetFetchV7(raw), parse: offsetFetchParser(createErrorFromCode) } })
        : offsetFetch.protocol({ version: Math.min(version, Math.max(...offsetFetch.versions.map(Number))) }),
    };
  }
  const listOffsets = Broker.prototype.listOffsets;
  Broker.prototype.listOffsets = function (this: Broker, args: { isolationLevel?: number }) {
    const isolationLevel = isolationOfCall.getStore();
    return listOffsets.call(this, isolationLevel === undefined ? args : { ...args, isolationLevel });
  };
}

/** Runs `work` (a kafkajs admin fetchOffsets) so its OffsetFetch asks for stable offsets (v7
 *  require_stable; brokers before Kafka 2.5 get kafkajs' v4, which cannot ask). */
export function requireStable<T>(work: () => Promise<T>): Promise<T> {
  return stableOfCall.run(true, work);
}

/** Runs `work` (a kafkajs admin call) so the ListOffsets requests it sends read uncommitted: the
 *  high watermark, past any open transaction, instead of the last stable offset. */
export function readUncommitted<T>(work: () => Promise<T>): Promise<T> {
  return isolationOfCall.run(READ_UNCOMMITTED, work);
}

/** Runs `work` (a kafkajs sendOffsets) so the TxnOffsetCommit it sends carries `group`. */
export function withGroupMetadata<T>(group: TxnGroupMetadata, work: () => Promise<T>): Promise<T> {
  return groupOfCall.run(group, work);
}

/** The generation the member joined with (undefined before its JoinGroup answered). */
export function joinedGenerationOf(memberId: string): number | undefined {
  return joinedGeneration.get(memberId);
}

export function forgetMember(memberId: string): void {
  joinedGeneration.delete(memberId);
}
