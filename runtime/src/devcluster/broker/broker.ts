// The broker's state shared by every connection: topics, groups, committed offsets.
import type { Logger } from '../../logger';
import { ErrorCode } from '../protocol/error-codes';
import { Group } from './group';
import { OffsetStore } from './offset-store';
import { TopicStore, topicNameProblem, type Topic } from './topic-store';

export interface BrokerConfig {
  host: string; port: number; dataDir: string | undefined; defaultPartitions: number;
  autoCreateTopics: boolean; logger: Logger; initialRebalanceDelayMs: number;
}

export const NODE_ID = 1;
export const CLUSTER_ID = 'streamwise-dev-cluster';

export class Broker {
  readonly topics: TopicStore;
  readonly offsets: OffsetStore;
  readonly groups = new Map<string, Group>();
  nextProducerId = Date.now() % 1_000_000;

  constructor(readonly config: BrokerConfig) {
    this.topics = new TopicStore(config.dataDir);
    this.offsets = new OffsetStore(config.dataDir);
  }

  get logger(): Logger { return this.config.logger; }

  /** The topic, auto-created when allowed; or the error code to answer with. */
  topicFor(name: string, allowAutoCreate: boolean): Topic | number {
    const topic = this.topics.get(name);
    if (topic !== undefined) return topic;
    if (!allowAutoCreate || !this.config.autoCreateTopics) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (topicNameProblem(name) !== undefined) return ErrorCode.INVALID_TOPIC_EXCEPTION;
    this.logger.info('dev cluster: auto-created topic', { topic: name, partitions: this.config.defaultPartitions });
    return this.topics.create(name, this.config.defaultPartitions);
  }

  group(groupId: string, create: boolean): Group | undefined {
    let g = this.groups.get(groupId);
    if (g === undefined && create) {
      g = new Group(groupId, { initialRebalanceDelayMs: this.config.initialRebalanceDelayMs }, (changed) => {
        this.logger.debug('dev cluster: group state', { group: changed.groupId, state: changed.state, generation: changed.generationId });
      });
      this.groups.set(groupId, g);
    }
    return g;
  }

  close(): void {
    for (const g of this.groups.values()) g.shutdown();
    this.topics.close();
    this.offsets.close();
  }
}
