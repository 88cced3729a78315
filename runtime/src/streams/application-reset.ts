// Kafka's kafka-streams-application-reset for an application id: input topics' committed offsets
// go back (to the earliest offset, or the first at or after a time), internal topics (changelogs,
// repartition and foreign-key subscription topics) are deleted. The application must be stopped:
// a group with an active member is refused, as Kafka's tool does.
import type { StreamsAdmin } from '../kafka/client';

export type ResetTarget = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'datetime'; timestamp: number };

export interface ResetPlan {
  applicationId: string;
  /** Input topics and the offset each partition is set to. */
  inputs: { topic: string; offsets: { partition: number; from: number | null; to: number }[] }[];
  /** Internal topics of the application that will be deleted. */
  internalTopics: string[];
}

export class ApplicationResetError extends Error {
  override name = 'ApplicationResetError';
}

/** Kafka Streams' internal topic naming (StreamsResetter.matchesInternalTopicFormat). */
export function isInternalTopic(applicationId: string, topic: string): boolean {
  return topic.startsWith(`${applicationId}-`) && (
    topic.endsWith('-changelog') || topic.endsWith('-repartition')
    || topic.endsWith('-subscription-registration-topic') || topic.endsWith('-subscription-response-topic')
    || /.+-KTABLE-FK-JOIN-SUBSCRIPTION-(REGISTRATION|RESPONSE)-\d+-topic$/.test(topic));
}

type ResetAdmin = Pick<StreamsAdmin, 'describeGroup' | 'groupOffsets' | 'listTopics' | 'topicOffsets' | 'offsetsForTime' | 'setGroupOffsets' | 'deleteTopics'>;

/**
 * What a reset would do. Input topics: `inputTopics` when given, else every non-internal topic the
 * group has committed offsets for (Kafka's tool needs them named; the group already knows them).
 */
export async function planApplicationReset(admin: ResetAdmin, applicationId: string, target: ResetTarget, inputTopics?: readonly string[]): Promise<ResetPlan> {
  const group = await admin.describeGroup(applicationId);
  if (group !== undefined && group.members.length > 0) {
    throw new ApplicationResetError(`consumer group '${applicationId}' is still active (${group.members.length} member(s)): stop every instance of the application first`);
  }
  const existing = new Set(await admin.listTopics());
  const committed = await admin.groupOffsets(applicationId);
  const committedTopics = [...new Set(committed.filter((c) => c.offset >= 0).map((c) => c.topic))];
  const topics = inputTopics === undefined ? committedTopics.filter((t) => !isInternalTopic(applicationId, t)) : [...new Set(inputTopics)];
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length > 0) throw new ApplicationResetError(`input topic(s) not found: ${missing.join(', ')}`);
  const inputs: ResetPlan['inputs'] = [];
  for (const topic of topics.sort()) {
    const from = new Map(committed.filter((c) => c.topic === topic && c.offset >= 0).map((c) => [c.partition, c.offset]));
    const bounds = await admin.topicOffsets(topic);
    const byTime = target.kind === 'datetime' ? new Map((await admin.offsetsForTime(topic, target.timestamp)).map((o) => [o.partition, o.offset])) : undefined;
    inputs.push({
      topic,
      offsets: bounds.map((b) => ({
        partition: b.partition,
        from: from.get(b.partition) ?? null,
        to: target.kind === 'earliest' ? b.low : target.kind === 'latest' ? b.high : (byTime?.get(b.partition) ?? b.high),
      })),
    });
  }
  const internalTopics = [...existing].filter((t) => isInternalTopic(applicationId, t)).sort();
  return { applicationId, inputs, internalTopics };
}

export async function applyApplicationReset(admin: ResetAdmin, plan: ResetPlan): Promise<void> {
  for (const input of plan.inputs) await admin.setGroupOffsets(plan.applicationId, input.topic, input.offsets.map((o) => ({ partition: o.partition, offset: o.to })));
  await admin.deleteTopics(plan.internalTopics);
}
