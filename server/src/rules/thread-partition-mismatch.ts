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

/** Tasks = sum over sub-topologies of the max partitions of their source topics (the chosen topics
 *  for sources that are not one known value); undefined when any is unknown. */
export function taskCount(built: BuiltTopology, facts: DeploymentFacts, choice: TopicChoice = NO_CHOICE): TaskCount | undefined {
  const perSub = new Map<number, number>();
  const parts: string[] = [];
  let externalSubTopologies = 0;
  const externalTopics: string[] = [];
  const topicsOf = subTopologyTopics(built, choice);
  if (topicsOf === undefined) return undefined;
  // Sub-topologies fed by repartition topics take the partition count of the sub-topology writing them.
  for (let pass = 0; pass <= built.subTopologies.length; pass += 1) {
    for (const sub of built.subTopologies) {
      const sourceTopics = topicsOf.get(sub.id) ?? [];
      if (perSub.has(sub.id) || sourceTopics.length === 0 || sub.global === true) continue;
      let max = 0;
      let known = true;
      for (const topic of sourceTopics) {
        const upstream = sub.upstreamOfInternal.get(topic);
        // A repartition topic the sub-topology writes itself (joined back through a store) adds no partitions of its own.
        if (upstream === sub.id) continue;
        const partitions = upstream !== undefined ? perSub.get(upstream) : facts.topics[topic]?.partitions;
        if (partitions === undefined) known = false;
        else max = Math.max(max, partitions);
      }
      if (known) perSub.set(sub.id, max);
    }
  }
  let total = 0;
  for (const sub of built.subTopologies) {
    if (sub.global === true) continue; // a global store's topics are read by every instance, outside tasks
    const n = perSub.get(sub.id);
    if (n === undefined) return undefined;
    const sourceTopics = topicsOf.get(sub.id) ?? [];
    total += n;
    parts.push(`sub-topology ${sub.id}: ${n} from ${sourceTopics.join(', ')}`);
    const external = sourceTopics.filter((t) => !sub.upstreamOfInternal.has(t));
    if (external.length > 0) {
      externalSubTopologies += 1;
      externalTopics.push(...external);
    }
  }
  if (total === 0) return undefined;
  return { total, breakdown: parts.join('; '), externalSubTopologies, externalTopics };
}
