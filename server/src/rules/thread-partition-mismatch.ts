import type { Node } from 'ts-morph';
import { ABSENT, configValue } from '../analysis/extract/apps';
import { propertyCandidates } from '../analysis/candidates';
import { UNKNOWN } from '../analysis/values';
import type { BuiltTopology } from '../analysis/extract/model';
import type { DeploymentFacts } from '../analysis/types';
import { setThreadsFix } from '../fixes/app-fixes';
import { appBinding, describeChoices, NO_CHOICE, subTopologyTopics, topicChoices, type TopicChoice } from '../analysis/extract/topic-choices';
import { defineRule, type RuleModule } from './rule';

export default defineRule({
  meta: {
    id: 'thread-partition-mismatch',
    defaultSeverity: 'warning',
    messages: {
      idle: "{{threads}} stream thread(s) x {{instances}} instance(s) = {{total}} threads, but '{{id}}' has only {{tasks}} task(s) ({{breakdown}}): {{idle}} thread(s) will sit idle. Use at most {{max}} thread(s) per instance ({{tasks}} / {{instances}}).",
      idleEvery: "For every value '{{id}}' can run with ({{considered}}) there are more stream threads than tasks: {{threads}} thread(s) x {{instances}} instance(s) against at most {{tasks}} task(s) ({{breakdown}}), so at least {{idle}} thread(s) sit idle. Use at most {{max}} thread(s) per instance.",
      uneven: "{{tasks}} task(s) ({{breakdown}}) do not divide evenly across {{total}} threads ({{threads}} x {{instances}} instance(s)): some threads get {{hi}} task(s), others {{lo}}.{{multi}}",
    },
    docs: { description: 'Kafka Streams runs one task per partition of each sub-topology (max partitions of its source topics, summed over sub-topologies); stream threads beyond the task count get nothing to do.' },
  },
  check(context, report) {
    for (const app of context.apps) {
      if (app.builder === undefined || app.ambiguousTopology || app.config === undefined) continue;
      const built = context.topologies.get(app.builder);
      const idProp = app.config.get('applicationId');
      const id = idProp?.value;
      if (built === undefined || typeof id !== 'string' || idProp === undefined) continue;
      const threadsProp = app.config.get('numStreamThreads');
      const threadsValue = configValue(app, 'numStreamThreads');
      if (threadsValue === UNKNOWN && threadsProp === undefined) continue; // may be set by an unreadable spread
      const threadOptions = threadsValue === ABSENT ? [1] : threadsProp === undefined ? undefined : propertyCandidates(threadsProp);
      if (threadOptions === undefined || !threadOptions.every((t): t is number => typeof t === 'number')) continue;
      const choices = topicChoices(built, appBinding(app));
      if (choices === undefined) continue;
      const instances = context.facts.apps[id]?.instances ?? 1;
      const node = threadsProp?.node ?? idProp.node;
      const only = choices[0];
      const threadsOnly = threadOptions[0];
      if (choices.length === 1 && threadOptions.length === 1 && only !== undefined && threadsOnly !== undefined) {
        const count = only === NO_CHOICE ? cachedTaskCount(built, context.facts) : taskCount(built, context.facts, only);
        if (count !== undefined) reportOne(report, { count, threads: threadsOnly, instances, id, node, threadsNode: threadsProp?.node });
        continue;
      }
      // Several possible values: reported only when every combination leaves threads idle.
      let maxTasks = 0;
      let everyIdle = true;
      const breakdowns = new Set<string>();
      for (const choice of choices) {
        const count = taskCount(built, context.facts, choice);
        if (count === undefined) {
          everyIdle = false;
          break;
        }
        breakdowns.add(count.breakdown);
        maxTasks = Math.max(maxTasks, count.total);
      }
      const minThreads = Math.min(...threadOptions);
      if (!everyIdle || minThreads * instances <= maxTasks) continue;
      const considered = [...(threadOptions.length > 1 ? [`numStreamThreads ${threadOptions.join(' or ')}`] : [`numStreamThreads ${minThreads}`]), ...describeChoices(choices)].join('; ');
      report({
        messageId: 'idleEvery', node,
        data: { considered, threads: threadOptions.join(' or '), instances, id, tasks: maxTasks, breakdown: [...breakdowns].join(' | '), idle: minThreads * instances - maxTasks, max: Math.max(1, Math.floor(maxTasks / instances)) },
      });
    }
  },
});

interface One { count: TaskCount; threads: number; instances: number; id: string; node: Node; threadsNode: Node | undefined }

function reportOne(report: Parameters<RuleModule<'idle' | 'uneven' | 'idleEvery'>['check']>[1], { count, threads, instances, id, node, threadsNode }: One): void {
  const total = threads * instances;
  const tasks = count.total;
  if (total > tasks) {
    const max = Math.max(1, Math.floor(tasks / instances));
    const fix = threadsNode !== undefined && max !== threads ? setThreadsFix(threadsNode, max) : undefined;
    report({ messageId: 'idle', node, data: { threads, instances, total, id, tasks, breakdown: count.breakdown, idle: total - tasks, max }, ...(fix ? { fixes: [fix] } : {}) });
  } else if (tasks % total !== 0) {
    const multi = count.externalSubTopologies > 1
      ? ` '${id}' reads ${count.externalTopics.join(', ')} in separate sub-topologies: the assignor balances task counts, not load, so one instance can end up with most of the heavy topic.`
      : '';
    report({ messageId: 'uneven', node, severity: 'info', data: { tasks, breakdown: count.breakdown, total, threads, instances, hi: Math.ceil(tasks / total), lo: Math.floor(tasks / total), multi } });
  }
}

interface TaskCount { total: number; breakdown: string; externalSubTopologies: number; externalTopics: string[] }

/** Topologies an edit did not touch keep their model object: their task count is reused while the facts are the same. */
const taskCounts = new WeakMap<BuiltTopology, { facts: DeploymentFacts; count: TaskCount | undefined }>();

function cachedTaskCount(built: BuiltTopology, facts: DeploymentFacts): TaskCount | undefined {
  const known = taskCounts.get(built);
  if (known !== undefined && known.facts === facts) return known.count;
  const count = taskCount(built, facts);
  taskCounts.set(built, { facts, count });
  return count;
}

/** Tasks = sum over sub-topologies of the max partitions of their source topics; undefined when any is unknown. */
export function taskCount(built: BuiltTopology, facts: DeploymentFacts, choice: TopicChoice = NO_CHOICE): TaskCount | undefined {
  const perSub = new Map<number, number>();
  const parts: string[] = [];
  let externalSubTopologies = 0;
  const externalTopics: string[] = [];
  const topicsOf = subTopologyTopics(built, choice);
  if (topicsOf === undefined) return undefined;
  const copartitionGroups = built.extracted.model.copartitionGroups ?? [];
  // The model's co-partition groups name only the topics known statically: a chosen topic may belong to one.
  if (choice.size > 0 && copartitionGroups.length > 0) return undefined;
  const sourceTopicsOf = (sub: (typeof built.subTopologies)[number]): string[] => topicsOf.get(sub.id) ?? [];
  // Repartition topics take the largest partition count of the sub-topology writing them (its
  // source topics' counts); then each join's co-partitioned repartition topics take the count of
  // its source topics (Kafka's RepartitionTopics, then CopartitionedTopicsEnforcer).
  const byId = new Map(built.subTopologies.map((s) => [s.id, s]));
  // Repartitioned numberOfPartitions: fixed, never recomputed (as the runtime's resolvePlan).
  const enforced = new Map<string, number>();
  for (const s of built.extracted.model.subTopologies) for (const n of s.nodes) if (n.kind === 'sink' && n.topic !== undefined && n.numberOfPartitions !== undefined) enforced.set(n.topic, n.numberOfPartitions);
  const repartitionCounts = new Map<string, number>(enforced);
  const countOf = (sub: (typeof built.subTopologies)[number], counts: ReadonlyMap<string, number>): number | undefined => {
    let max = 0;
    for (const topic of sourceTopicsOf(sub)) {
      const upstream = sub.upstreamOfInternal.get(topic);
      // A repartition topic the sub-topology writes itself (joined back through a store) adds no partitions of its own.
      if (upstream === sub.id) continue;
      const partitions = upstream !== undefined ? counts.get(topic) : facts.topics[topic]?.partitions;
      if (partitions === undefined) return undefined;
      max = Math.max(max, partitions);
    }
    return max;
  };
  for (let pass = 0; pass <= built.subTopologies.length; pass += 1) {
    for (const sub of built.subTopologies) {
      for (const [topic, upstream] of sub.upstreamOfInternal) {
        const writer = byId.get(upstream);
        if (repartitionCounts.has(topic) || writer === undefined || writer.id === sub.id) continue;
        const n = countOf(writer, repartitionCounts);
        if (n !== undefined) repartitionCounts.set(topic, n);
      }
    }
  }
  const internal = new Set(built.subTopologies.flatMap((s) => [...s.upstreamOfInternal.keys()]));
  for (const group of copartitionGroups) {
    const sources = group.filter((t) => !internal.has(t)).map((t) => facts.topics[t]?.partitions);
    const repartitions = group.filter((t) => internal.has(t));
    if (sources.some((n) => n === undefined)) return undefined;
    const first = sources[0];
    // Differing source topics: Kafka refuses to start (join-co-partitioning reports it).
    if (sources.some((n) => n !== first)) return undefined;
    const fixed = repartitions.flatMap((t) => enforced.get(t) ?? []);
    const n = first ?? fixed[0] ?? Math.max(0, ...repartitions.map((t) => repartitionCounts.get(t) ?? 0));
    // An enforced count that differs from the group's: Kafka refuses to start, no task count.
    if (fixed.some((f) => f !== n)) return undefined;
    if (n > 0) for (const t of repartitions) repartitionCounts.set(t, n);
  }
  for (const sub of built.subTopologies) {
    if (sourceTopicsOf(sub).length === 0 || sub.global === true) continue;
    const n = countOf(sub, repartitionCounts);
    if (n !== undefined) perSub.set(sub.id, n);
  }
  let total = 0;
  for (const sub of built.subTopologies) {
    if (sub.global === true) continue; // a global store's topics are read by every instance, outside tasks
    const n = perSub.get(sub.id);
    if (n === undefined) return undefined;
    total += n;
    parts.push(`sub-topology ${sub.id}: ${n} from ${sourceTopicsOf(sub).join(', ')}`);
    const external = sourceTopicsOf(sub).filter((t) => !sub.upstreamOfInternal.has(t));
    if (external.length > 0) {
      externalSubTopologies += 1;
      externalTopics.push(...external);
    }
  }
  if (total === 0) return undefined;
  return { total, breakdown: parts.join('; '), externalSubTopologies, externalTopics };
}
