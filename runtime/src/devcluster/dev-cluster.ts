// startDevCluster: a single-node Kafka-protocol broker on a TCP port (loopback by default).
import { createServer, type Socket } from 'node:net';
import { silentLogger, type Logger } from '../logger';
import { Broker, type FlushPolicy } from './broker/broker';
import type { BrokerDefaults } from './broker/topic-config';
import type { FileOps } from './storage/file-ops';
import { topicNameProblem } from './broker/topic-store';
import { Connection } from './server/connection';
import { DEFAULT_PARTITIONS, DEFAULT_PORT } from './defaults';

export { DEFAULT_PARTITIONS, DEFAULT_PORT };

export interface DevClusterOptions {
  /** 0 = ephemeral; default 9092. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keep topics, records and committed offsets here across restarts; in memory when unset. */
  dataDir?: string;
  /** Partitions of auto-created topics (default 1). */
  defaultPartitions?: number;
  /** Create topics on first produce/metadata request (default true). */
  autoCreateTopics?: boolean;
  /** socket.request.max.bytes: a larger request frame closes its connection (default 100 MiB, as Kafka). */
  maxFrameBytes?: number;
  /** Bytes of partial and queued requests buffered over all connections; the connection that
   *  would pass it is closed (default 512 MiB). */
  maxBufferedBytes?: number;
  /** connections.max.idle.ms: connections idle this long are closed (default 600000, as Kafka). */
  connectionsMaxIdleMs?: number;
  /** Broker defaults for topics: message.max.bytes (1048588), log.retention.ms (7 days),
   *  log.retention.bytes (-1), log.segment.bytes (64 MiB), log.roll.ms (7 days). */
  topicDefaults?: Partial<BrokerDefaults>;
  /** With dataDir: fsync before every acknowledgement ('every'), every flushIntervalMs
   *  ('interval', the default: a power loss can lose the last interval of acknowledged writes,
   *  a crash of the broker process loses nothing), or never ('none': the OS writes back). */
  flush?: FlushPolicy;
  /** Default 1000. */
  flushIntervalMs?: number;
  /** Segment files open at once (default 256; least recently used closed first). */
  maxOpenFiles?: number;
  /** log.retention.check.interval.ms (default 300000, as Kafka). */
  retentionCheckIntervalMs?: number;
  /** How often open transactions are checked against their timeout (default 1000 ms). */
  transactionCheckIntervalMs?: number;
  /** transactional.id.expiration.ms: an idle transactional id becomes Dead and is forgotten
   *  (default 604800000, 7 days); checked every transactionalIdExpirationCheckIntervalMs (default 3600000). */
  transactionalIdExpirationMs?: number;
  transactionalIdExpirationCheckIntervalMs?: number;
  /** producer.id.expiration.ms: a partition forgets an idle producer's state (default 86400000, 1 day);
   *  checked every producerIdExpirationCheckIntervalMs (default 600000). */
  producerIdExpirationMs?: number;
  producerIdExpirationCheckIntervalMs?: number;
  /** offsets.topic.num.partitions (default 50, as Kafka). */
  offsetsTopicPartitions?: number;
  /** offsets.topic.segment.bytes (default 1 MiB; Kafka: 100 MiB): compaction cleans rolled
   *  segments, so __consumer_offsets stays near its live size plus one segment per partition. */
  offsetsTopicSegmentBytes?: number;
  /** transaction.state.log.segment.bytes (default 1 MiB; Kafka: 100 MiB), so compaction keeps
   *  __transaction_state near one record per transactional id. */
  transactionStateSegmentBytes?: number;
  /** How often compacted topics (__consumer_offsets, __transaction_state, changelogs) are
   *  cleaned (default 15000, as Kafka's log.cleaner.backoff.ms). */
  cleanerIntervalMs?: number;
  /** The file operations the storage uses (default node:fs): fault-injection tests pass their own. */
  fileOps?: FileOps;
  logger?: Logger;
  /** How long the first rebalance of an empty group waits for more members (default 300 ms). */
  initialRebalanceDelayMs?: number;
}

export interface DevCluster {
  readonly bootstrapServers: string[];
  readonly port: number;
  createTopic(name: string, partitions: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDevCluster(options: DevClusterOptions = {}): Promise<DevCluster> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const maxFrameBytes = options.maxFrameBytes ?? 100 * 1024 * 1024;
  const limits = {
    socketRequestMaxBytes: maxFrameBytes,
    maxBufferedBytes: options.maxBufferedBytes ?? 512 * 1024 * 1024,
    connectionsMaxIdleMs: options.connectionsMaxIdleMs ?? 600_000,
  };
  const defaultPartitions = options.defaultPartitions ?? DEFAULT_PARTITIONS;
  if (!Number.isInteger(defaultPartitions) || defaultPartitions < 1) throw new RangeError(`defaultPartitions must be a positive integer, got ${defaultPartitions}`);
  const connections = new Set<Connection>();
  const budget = { used: 0 };
  let broker: Broker | undefined;
  const server = createServer((socket: Socket) => {
    if (broker === undefined) {
      socket.destroy();
      return;
    }
    // As Kafka's SocketServer: responses go out at once, not held back by Nagle's algorithm.
    socket.setNoDelay(true);
    const c = new Connection(socket, broker, budget);
    connections.add(c);
    socket.once('close', () => connections.delete(c));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error(`dev cluster: server error: ${error.message}`));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  // Clients connect to the advertised address: a wildcard bind is advertised as loopback.
  const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  try {
    broker = await Broker.open({
      host: advertised, port, dataDir: options.dataDir, defaultPartitions,
      autoCreateTopics: options.autoCreateTopics ?? true, logger, initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 300,
      defaults: options.topicDefaults, flush: options.flush, flushIntervalMs: options.flushIntervalMs, maxOpenFiles: options.maxOpenFiles,
      retentionCheckIntervalMs: options.retentionCheckIntervalMs, offsetsTopicPartitions: options.offsetsTopicPartitions, fileOps: options.fileOps,
      offsetsTopicSegmentBytes: options.offsetsTopicSegmentBytes, cleanerIntervalMs: options.cleanerIntervalMs,
      transactionStateSegmentBytes: options.transactionStateSegmentBytes,
      transactionCheckIntervalMs: options.transactionCheckIntervalMs,
      transactionalIdExpirationMs: options.transactionalIdExpirationMs, transactionalIdExpirationCheckIntervalMs: options.transactionalIdExpirationCheckIntervalMs,
      producerIdExpirationMs: options.producerIdExpirationMs, producerIdExpirationCheckIntervalMs: options.producerIdExpirationCheckIntervalMs,
      limits,
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const b = broker;
  logger.info(`dev cluster: listening on ${advertised}:${port}`, { dataDir: options.dataDir ?? null });
  let closing: Promise<void> | undefined;
  return {
    bootstrapServers: [`${advertised}:${port}`],
    port,
    createTopic(name, partitions) {
      if (b.topics.get(name) !== undefined) return Promise.reject(new Error(`topic '${name}' already exists`));
      if (!Number.isInteger(partitions) || partitions < 1) return Promise.reject(new RangeError(`partitions must be a positive integer, got ${partitions}`));
      const problem = topicNameProblem(name);
      if (problem !== undefined) return Promise.reject(new Error(problem));
      return b.topics.create(name, partitions).then(() => undefined);
    },
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => { server.close(() => resolve()); });
        for (const c of connections) c.destroy();
        await b.close();
        await stopped;
        logger.info('dev cluster: stopped');
      })();
      return closing;
    },
  };
}
