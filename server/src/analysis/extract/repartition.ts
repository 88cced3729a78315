// A repartition during extraction (Kafka's createRepartitionedSource): filter -> sink | source.
import type { CallExpression } from 'ts-morph';
import { REPARTITION_NODES } from 'streamwise/model';
import { link } from './flow';
import { getNode } from './nodes';
import type { BuilderState, Ctx, NodeState } from './types';

/** filter -> sink | source of a repartition; returns the source. `roleSuffix` tells apart two
 *  repartitions of one call (a stream-stream join's two sides). */
export function addRepartitionNodes(
  b: BuilderState,
  call: CallExpression,
  ctx: Ctx,
  upstream: NodeState,
  naming: { prefix?: string; prefixFrom?: NodeState; shareKey?: string },
  subBase: number,
  afterArguments = false,
  roleSuffix = '',
  numberOfPartitions?: number,
): NodeState {
  const topic = naming.prefix === undefined ? undefined : naming.prefix.endsWith(REPARTITION_NODES.topicSuffix) ? naming.prefix : `${naming.prefix}${REPARTITION_NODES.topicSuffix}`;
  const rp = (role: 'filter' | 'sink' | 'source') => ({ repartition: { role, ...naming } });
  // Counter order as Kafka's createRepartitionedSource: sink, filter, source.
  const sink = getNode(b, call, `rp-sink${roleSuffix}`, subBase, ctx, { kind: 'sink', prefix: REPARTITION_NODES.sink.prefix, internal: true, ...(topic === undefined ? {} : { topic }), ...(numberOfPartitions === undefined ? {} : { numberOfPartitions }), ...rp('sink') }, afterArguments);
  const filter = getNode(b, call, `rp-filter${roleSuffix}`, subBase + 1, ctx, {
    kind: 'processor', prefix: REPARTITION_NODES.filter.prefix, operator: REPARTITION_NODES.filter.operator, ...rp('filter'),
  }, afterArguments);
  const source = getNode(b, call, `rp-source${roleSuffix}`, subBase + 2, ctx, { kind: 'source', prefix: REPARTITION_NODES.source.prefix, topics: topic === undefined ? [] : [topic], internal: true, ...rp('source') }, afterArguments);
  link(upstream, filter);
  link(filter, sink);
  return source;
}
