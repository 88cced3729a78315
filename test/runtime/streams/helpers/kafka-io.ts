// Real kafkajs clients for tests: produce input, consume output until a condition or a deadline.
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { randomBytes } from 'node:crypto';

export const randomName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export function kafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: randomName('test'), brokers, logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });
}

export interface Msg { key: string | null; value: string | null; headers?: Record<string, string>; partition?: number; timestamp?: number }

export async function produce(brokers: string[], topic: string, messages: readonly Msg[]): Promise<void> {
  const producer = kafka(brokers).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 5000) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.slice(i, i + 5000).map((m) => ({
          key: m.key, value: m.value, headers: m.headers,
          ...(m.partition === undefined ? {} : { partition: m.partition }), ...(m.timestamp === undefined ? {} : { timestamp: String(m.timestamp) }),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

export interface Received { key: string | null; value: string | null; partition: number; offset: number; headers: Record<string, string>; timestamp: number; keyBytes: Buffer | null; valueBytes: Buffer | null }

function headersOf(h: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

/** Consumes `topic` from the beginning until `done(received)` holds; fails after `timeoutMs`. */
export async function consumeUntil(brokers: string[], topic: string, done: (received: Received[]) => boolean, timeoutMs = 60000): Promise<Received[]> {
  const consumer = kafka(brokers).consumer({ groupId: randomName('reader'), maxWaitTimeInMs: 100 });
  const received: Received[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms reading ${topic}: ${received.length} record(s) so far`)), timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          received.push({
            key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, partition, offset: Number(message.offset), headers: headersOf(message.headers),
            timestamp: Number(message.timestamp), keyBytes: message.key ?? null, valueBytes: message.value ?? null,
          });
          if (done(received)) { clearTimeout(timer); resolve(); }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

/** Resolves when `predicate` holds for an emitted value; rejects after `timeoutMs`. */
export function waitFor<T>(subscribe: (listener: (value: T) => void) => () => void, predicate: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => { settled = true; unsubscribe(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
    const unsubscribe = subscribe((value) => {
      if (settled || !predicate(value)) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(value);
    });
  });
}

/** Creates topics (4 partitions, as the auto-created ones). */
export async function createTopics(brokers: string[], topics: string[], numPartitions = 4): Promise<void> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}
