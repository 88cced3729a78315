// `run --print TOPIC`: reads chosen topics from the beginning (a throwaway consumer group of its
// own, through the runtime's client) and prints each record with partition, offset, key and value.
import { randomBytes } from 'node:crypto';
import type { KafkaClient } from 'streamwise';

type Consumer = ReturnType<KafkaClient['consumer']>;
type Assignor = Parameters<KafkaClient['consumer']>[0]['assignor'];

/** One member gets every partition: this group exists only to read. */
const everything: Assignor = {
  name: 'streamwise-print',
  userData: () => Buffer.alloc(0),
  assign(members, counts) {
    return new Map(members.map((m, i) => [m.memberId, {
      assignment: i === 0 ? Object.fromEntries([...counts].map(([t, n]) => [t, Array.from({ length: n }, (_, p) => p)])) : {},
      userData: Buffer.alloc(0),
    }]));
  },
};

const controlCode = (c: number) => c < 0x20 || c === 0x7f;
/** Text worth printing bare: no whitespace, quotes, backslashes or control characters. */
const plain = (text: string) => text !== '' && [...text].every((ch) => !/[\s"\\]/u.test(ch) && !controlCode(ch.charCodeAt(0)));
/** Text at all: no control characters but tab, newline and carriage return, and no replacement characters. */
const textual = (text: string) => [...text].every((ch) => { const c = ch.charCodeAt(0); return (!controlCode(c) || c === 9 || c === 10 || c === 13) && ch !== '\ufffd'; });

/** Text when the bytes are UTF-8 text; an 8-byte value as the number Serdes.Long/Number would read; else hex. */
export function formatBytes(b: Buffer | null): string {
  if (b === null) return 'null';
  const text = b.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(b) && textual(text)) return plain(text) ? text : JSON.stringify(text);
  if (b.length === 8) {
    const long = b.readBigInt64BE(0);
    const double = b.readDoubleBE(0);
    // A small long reads as a denormal double: the long is the likelier serde.
    if (long > -(2n ** 53n) && long < 2n ** 53n && (Math.abs(double) < 1e-300 || !Number.isFinite(double))) return String(long);
    if (Number.isFinite(double)) return String(double);
  }
  if (b.length === 4) return String(b.readInt32BE(0));
  const hex = b.subarray(0, 64).toString('hex');
  return `0x${hex}${b.length > 64 ? `... (${b.length} bytes)` : ''}`;
}

/**
 * Starts reading once every topic exists: on a cluster the run did not create (--brokers), a sink
 * topic appears when the application first writes to it.
 */
export function startPrinting(client: KafkaClient, topics: readonly string[], write: (line: string) => void, fail: (message: string) => void, note: (message: string) => void): { stop(): Promise<void> } {
  let stopped = false;
  let consumer: Consumer | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let noted = false;
  const admin = client.admin();
  const attempt = async (): Promise<void> => {
    if (stopped) return;
    const counts = await admin.partitionCounts(topics);
    const missing = topics.filter((t) => !counts.has(t));
    if (missing.length > 0) {
      if (!noted) note(`--print: waiting for topic(s) ${missing.join(', ')} to exist`);
      noted = true;
      timer = setTimeout(() => { void attempt().catch(report); }, 500);
      return;
    }
    await admin.disconnect();
    if (!stopped) consumer = await subscribe(client, topics, write, fail);
  };
  const report = (error: unknown) => fail(`--print stopped: ${error instanceof Error ? error.message : String(error)}`);
  void admin.connect().then(attempt).catch(report);
  return {
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await admin.disconnect().catch(() => undefined);
      await consumer?.stop().catch(() => undefined);
      await consumer?.disconnect().catch(() => undefined);
    },
  };
}

async function subscribe(client: KafkaClient, topics: readonly string[], write: (line: string) => void, fail: (message: string) => void): Promise<Consumer> {
  const consumer: Consumer = client.consumer({
    groupId: `streamwise-print-${randomBytes(4).toString('hex')}`, topics: [...topics], assignor: everything, fromBeginning: true, maxWaitTimeMs: 100,
  });
  await consumer.connect();
  consumer.run(async (batch, ctx) => {
    for (const r of batch.records) {
      write(`${r.topic} [p${r.partition} @${r.offset}] key=${formatBytes(r.key)} value=${formatBytes(r.value)}`);
      ctx.resolveOffset(r.offset);
    }
  }, { onCrash: (error, willRestart) => { if (!willRestart) fail(`--print stopped: ${error.message}`); } }).catch((error: unknown) => {
    fail(`--print stopped: ${error instanceof Error ? error.message : String(error)}`);
  });
  return consumer;
}
