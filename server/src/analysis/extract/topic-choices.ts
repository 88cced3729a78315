// Source topics that are not one known value: a `let` assigned several topics, a conditional, a
// parameter of the factory that builds the topology. A topology is then one of several instances;
// rules compute their facts for each choice and report only what holds for all of them.
import { Node } from 'ts-morph';
import type { TopologyModel } from 'streamwise/model';
import { resolveCandidates, MAX_CANDIDATES, type Binding } from '../candidates';
import { constInitializer } from '../values';
import type { AppState } from './apps';
import type { BuiltTopology } from './model';
import { calleeFunction } from './references';
import type { NodeState } from './types';

/** The topics chosen for each source whose topic is not one known value. */
export type TopicChoice = ReadonlyMap<NodeState, readonly string[]>;

export const NO_CHOICE: TopicChoice = new Map();

/**
 * Every combination of candidate topics of the unresolved sources (one empty choice when all are
 * known). Undefined when a source has no candidates, there are too many combinations, or a
 * candidate is a topic another source reads (Kafka would merge the sources: another shape).
 */
export function topicChoices(built: BuiltTopology, binding?: Binding): TopicChoice[] | undefined {
  const sources = [...built.nodes.values()].map((n) => n.state).filter((s) => s.kind === 'source');
  const unknown = sources.filter((s) => s.unknownTopics === true);
  if (unknown.length === 0) return [NO_CHOICE];
  let choices: Map<NodeState, readonly string[]>[] = [new Map()];
  for (const source of unknown) {
    const expr = Node.isCallExpression(source.call) ? source.call.getArguments()[0] : undefined;
    const values = resolveCandidates(expr, binding);
    if (values === undefined) return undefined;
    const options: string[][] = [];
    for (const v of values) {
      const topics = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
      if (topics.length === 0 || (Array.isArray(v) && topics.length !== v.length)) return undefined;
      options.push(topics);
    }
    choices = choices.flatMap((c) => options.map((o) => new Map([...c, [source, o]])));
    if (choices.length > MAX_CANDIDATES) return undefined;
  }
  const known = new Set(sources.filter((s) => s.unknownTopics !== true).flatMap((s) => s.topics ?? []));
  for (const choice of choices) {
    const chosen = [...choice.values()].flat();
    if (chosen.some((t) => known.has(t)) || new Set(chosen).size !== chosen.length) return undefined;
  }
  return choices;
}

/** The topics each sub-topology reads under `choice`; undefined when a source is still unknown. */
export function subTopologyTopics(built: BuiltTopology, choice: TopicChoice): Map<number, string[]> | undefined {
  const out = new Map<number, string[]>(built.subTopologies.map((s) => [s.id, []]));
  for (const n of built.nodes.values()) {
    if (n.state.kind !== 'source') continue;
    const topics = n.state.unknownTopics === true ? choice.get(n.state) : (n.state.topics ?? []);
    if (topics === undefined) return undefined;
    const list = out.get(n.subTopology) ?? [];
    for (const t of topics) if (!list.includes(t)) list.push(t);
    out.set(n.subTopology, list);
  }
  return out;
}

/** The topology's model with the chosen source topics (what describe() of that instance shows). */
export function modelWithTopics(built: BuiltTopology, choice: TopicChoice): TopologyModel | undefined {
  const perSub = subTopologyTopics(built, choice);
  if (perSub === undefined) return undefined;
  const byName = new Map([...choice].map(([state, topics]) => [state.name, topics]));
  const model = built.extracted.model;
  return {
    ...model,
    subTopologies: model.subTopologies.map((s) => ({
      ...s,
      sourceTopics: perSub.get(s.id) ?? s.sourceTopics,
      nodes: s.nodes.map((n) => (n.kind === 'source' && byName.has(n.name) ? { ...n, topics: [...(byName.get(n.name) ?? [])] } : n)),
    })),
  };
}

/** Describes the choices for a message: "source topic 'metrics' or 'metrics-replay'". */
export function describeChoices(choices: TopicChoice[]): string[] {
  const perSource = new Map<NodeState, Set<string>>();
  for (const choice of choices) {
    for (const [source, topics] of choice) {
      const set = perSource.get(source) ?? new Set<string>();
      set.add(topics.map((t) => `'${t}'`).join(' + '));
      perSource.set(source, set);
    }
  }
  return [...perSource.values()].map((set) => `source topic ${[...set].join(' or ')}`);
}

/**
 * How the parameters of the function around the topology's builder are bound for `app`: the app
 * runs the result of a call of that function (`new KafkaStreams(enrichment('orders'), ...)`,
 * through consts). Undefined when the app runs it some other way.
 */
export function appBinding(app: AppState): Binding | undefined {
  const b = app.builder;
  if (b === undefined) return undefined;
  const factory = factoryOf(b.newExpr);
  let arg: Node | undefined = app.newExpr.getArguments()[0];
  for (let i = 0; i < 5 && arg !== undefined && Node.isIdentifier(arg); i += 1) arg = constInitializer(arg);
  if (arg === undefined || factory === undefined || !Node.isCallExpression(arg) || calleeFunction(arg) !== factory) return undefined;
  return { fn: factory, args: arg.getArguments() };
}

function factoryOf(newExpr: Node): Node | undefined {
  return newExpr.getFirstAncestor((a) => Node.isFunctionDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a) || Node.isMethodDeclaration(a));
}

/** The factory called without arguments (every parameter takes its default), as a module's own test might. */
export function defaultsBinding(built: BuiltTopology): Binding | undefined {
  const fn = factoryOf(built.newExpr);
  return fn === undefined ? undefined : { fn, args: 'defaults' };
}
