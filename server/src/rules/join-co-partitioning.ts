import { Node } from 'ts-morph';
import { keyEffectOf, type OperatorKind } from 'streamwise/model';
import type { BuiltTopology } from '../analysis/extract/model';
import type { NodeState } from '../analysis/extract/types';
import { factOrigin, type DeploymentFacts } from '../analysis/types';
import { defineRule } from './rule';

/** A stream-stream join's merge node, by the DSL method that made it. */
const STREAM_JOINS = new Map<OperatorKind, string>([['streamJoin', 'join'], ['streamLeftJoin', 'leftJoin'], ['streamOuterJoin', 'outerJoin']]);
/** The table side's store owner: a table read from a topic or an aggregation (a global table is exempt). */
const TABLE_OWNERS = new Set<OperatorKind>(['table', 'count', 'reduce', 'aggregate']);

export default defineRule({
  meta: {
    id: 'join-co-partitioning',
    defaultSeverity: 'error',
    messages: {
      mismatch: '{{op}}() joins {{left}} with {{right}}: the inputs are not co-partitioned, so Kafka Streams refuses to start (TopologyException) and keys would meet in different partitions. Give both topics the same partition count, or join against a global table.',
    },
    docs: {
      description: 'Both inputs of a stream-table or stream-stream join must have the same number of partitions (co-partitioning); global tables are exempt, and a side repartitioned after a key change takes the other side\'s count.',
    },
  },
  check(context, report) {
    for (const b of context.builders) {
      const built = context.topologies.get(b);
      if (built === undefined || context.isCancelled()) continue;
      const enforced = enforcedCounts(built);
      for (const { state } of built.nodes.values()) {
        const streamJoin = state.operator === undefined ? undefined : STREAM_JOINS.get(state.operator);
        if (state.operator !== 'join' && state.operator !== 'leftJoin' && streamJoin === undefined) continue;
        const sides = streamJoin === undefined ? [sideTopics(state.predecessors, enforced), tableTopics(built, state, enforced)] : streamJoinSides(state, enforced);
        const [leftTopics, rightTopics] = sides;
        if (leftTopics === undefined || rightTopics === undefined || leftTopics.length === 0 || rightTopics.length === 0) continue;
        const left = counted(leftTopics, context.facts, enforced);
        const right = counted(rightTopics, context.facts, enforced);
        if (left === undefined || right === undefined) continue;
        const counts = new Set([...left, ...right].map((t) => t.partitions));
        if (counts.size < 2) continue;
        report({
          messageId: 'mismatch', node: state.call,
          data: { op: streamJoin ?? (state.operator === 'leftJoin' ? 'leftJoin' : 'join'), left: describe(left, 'stream'), right: describe(right, streamJoin === undefined ? 'table' : 'stream') },
        });
      }
    }
  },
});

interface Counted { topic: string; partitions: number; origin: string }

/** Repartition topics created with a fixed count (repartition({ numberOfPartitions })): no join
 *  changes it, so it is compared like a source topic's (Kafka's CopartitionedTopicsEnforcer). */
function enforcedCounts(built: BuiltTopology): Map<string, number> {
  const out = new Map<string, number>();
  for (const { state } of built.nodes.values()) if (state.kind === 'sink' && state.topic !== undefined && state.numberOfPartitions !== undefined) out.set(state.topic, state.numberOfPartitions);
  return out;
}

function counted(topics: string[], facts: DeploymentFacts, enforced: ReadonlyMap<string, number>): Counted[] | undefined {
  const out: Counted[] = [];
  for (const topic of topics) {
    const fixed = enforced.get(topic);
    if (fixed !== undefined) {
      out.push({ topic, partitions: fixed, origin: 'repartition({ numberOfPartitions })' });
      continue;
    }
    const partitions = facts.topics[topic]?.partitions;
    if (partitions === undefined) return undefined;
    out.push({ topic, partitions, origin: factOrigin(facts, topic, 'partitions') });
  }
  return out;
}

function describe(side: Counted[], what: string): string {
  return `${what} ${side.map((t) => `'${t.topic}' (${t.partitions} partition${t.partitions === 1 ? '' : 's'}, from ${t.origin})`).join(' and ')}`;
}

/**
 * External source topics feeding `starts`, walking upstream through partition-preserving operators.
 * Undefined when the side is exempt (a key change or a repartition topic on the way: the
 * repartition takes the other side's count) or cannot be followed. A repartition topic with an
 * enforced count is not exempt: it counts as a topic of that many partitions.
 */
function sideTopics(starts: NodeState[], enforced: ReadonlyMap<string, number>): string[] | undefined {
  const topics = new Set<string>();
  const seen = new Set<NodeState>();
  const pending = [...starts];
  for (let node = pending.shift(); node !== undefined; node = pending.shift()) {
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === 'source') {
      if (node.internal === true && (node.topics ?? []).length > 0 && (node.topics ?? []).every((t) => enforced.has(t))) {
        for (const t of node.topics ?? []) topics.add(t);
        continue;
      }
      if (node.internal === true || node.unknownTopics === true) return undefined;
      for (const t of node.topics ?? []) topics.add(t);
      continue;
    }
    if (node.kind !== 'processor' || node.operator === undefined) return undefined;
    // The catalog says what each operator does to the key: after a key change Kafka repartitions
    // before the join (that side takes the other's count); an operator it does not describe is unknown.
    if (keyEffectOf(node.operator) !== 'keeps') return undefined;
    pending.push(...node.predecessors);
  }
  return [...topics];
}

/**
 * The two inputs of a stream-stream join, from its merge node: merge <- this/other join <- this/other
 * windowed <- the side's stream. Undefined sides when the shape is not the catalog's.
 */
function streamJoinSides(merge: NodeState, enforced: ReadonlyMap<string, number>): [string[] | undefined, string[] | undefined] {
  const input = (joinOperator: OperatorKind): string[] | undefined => {
    const joins = merge.predecessors.filter((n) => n.operator === joinOperator);
    const windowed = joins.length === 1 ? joins[0]?.predecessors.filter((n) => n.operator === 'joinWindow') : undefined;
    const window = windowed?.length === 1 ? windowed[0] : undefined;
    return window === undefined ? undefined : sideTopics(window.predecessors, enforced);
  };
  return [input('streamJoinThis'), input('streamJoinOther')];
}

/** The table side: the processors owning the store the join looks keys up in. */
function tableTopics(built: BuiltTopology, join: NodeState, enforced: ReadonlyMap<string, number>): string[] | undefined {
  const storeNames = join.stores;
  if (storeNames.length !== 1) return undefined;
  const store = built.extracted.model.stores.find((s) => s.name === storeNames[0]);
  if (store === undefined) return undefined;
  const owners = store.processors.map((name) => built.nodes.get(name)?.state).filter((n): n is NodeState => n !== undefined && n !== join && n.operator !== 'join' && n.operator !== 'leftJoin');
  const owner = owners[0];
  if (owners.length !== 1 || owner === undefined || owner.operator === undefined || !TABLE_OWNERS.has(owner.operator)) return undefined;
  if (owner.operator === 'table' && !isBuilderTable(owner)) return undefined;
  return sideTopics(owner.predecessors, enforced);
}

/** `builder.table(...)`, not a global table or anything else that makes a table node. */
function isBuilderTable(node: NodeState): boolean {
  const callee = Node.isCallExpression(node.call) ? node.call.getExpression() : undefined;
  return callee !== undefined && Node.isPropertyAccessExpression(callee) && callee.getName() === 'table';
}
