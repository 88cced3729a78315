// Shared by every DSL object of one StreamsBuilder: Kafka's name counter, the node and store
// definitions, and problems found while building (reported together by build()).
import { op, operatorSpec, type OperatorReceiver } from '../model/operator-catalog';
import type { OperatorKind } from '../model/topology-model';
import type { NodeDef, ProcessorDef, StoreDef } from '../processor/node-defs';
import type { RuntimeNode, TaskContext } from '../processor/runtime-node';
import type { Serde } from '../serdes';

export class InternalBuilder {
  private index = 0;
  readonly nodes: NodeDef[] = [];
  readonly stores: StoreDef[] = [];
  readonly problems: string[] = [];
  /** Windowed aggregation nodes and their windows' grace (session: gap + grace), for suppress(untilWindowCloses). */
  readonly windowGrace = new Map<string, number>();

  constructor(
    readonly defaultKeySerde: Serde<unknown> | null,
    readonly defaultValueSerde: Serde<unknown> | null,
  ) {}

  /** `KSTREAM-FILTER-0000000001`: prefix plus the shared 10-digit counter. */
  newProcessorName(prefix: string): string {
    return `${prefix}${String(this.index++).padStart(10, '0')}`;
  }

  /** `KSTREAM-AGGREGATE-STATE-STORE-0000000002`, from the same counter. */
  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.index++).padStart(10, '0')}`;
  }

  /**
   * The catalog's node for `receiver.method`: its name and operator. The name is the `name` (or
   * `processorName`) of `options`, Kafka's Named, else generated; a given name still draws the
   * counter value where Kafka's orElseGenerateWithPrefix burns it (the catalog's `named` rule).
   */
  nodeFor(receiver: OperatorReceiver, method: string, options?: object): { name: string; operator: OperatorKind } {
    const spec = op(receiver, method);
    const given = this.givenName(receiver, method, options);
    const operator = spec.node.operator ?? 'other';
    if (given === undefined) return { name: this.newProcessorName(spec.node.prefix), operator };
    if (spec.named?.drawsWhenNamed !== false) this.newProcessorName(spec.node.prefix);
    return { name: given, operator };
  }

  /** The Named name of `options` for `receiver.method` (checked as Kafka's Named.validate), if any. */
  givenName(receiver: OperatorReceiver, method: string, options: unknown): string | undefined {
    const key = operatorSpec(receiver, method)?.named?.key ?? 'name';
    if (typeof options !== 'object' || options === null) return undefined;
    const value: unknown = (options as Record<string, unknown>)[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.problems.push(`${method}(): the ${key} option must be a string, got ${JSON.stringify(value) ?? String(value)}`);
      return undefined;
    }
    const problem = namedProblem(value);
    if (problem !== undefined) this.problems.push(`${method}(): ${problem}`);
    return value;
  }

  add(def: NodeDef): void {
    if (this.nodes.some((n) => n.name === def.name)) this.problems.push(`node name ${def.name} is used twice`);
    this.nodes.push(def);
  }

  addProcessor(
    name: string,
    operator: OperatorKind,
    predecessors: string[],
    create: (ctx: TaskContext) => RuntimeNode,
    extra: Partial<Pick<ProcessorDef, 'stores' | 'branch' | 'relaxedNullKeyJoin' | 'copartition'>> = {},
  ): ProcessorDef {
    const def: ProcessorDef = { kind: 'processor', name, operator, predecessors, stores: extra.stores ?? [], create };
    if (extra.branch !== undefined) def.branch = extra.branch;
    if (extra.relaxedNullKeyJoin === true) def.relaxedNullKeyJoin = true;
    if (extra.copartition !== undefined) def.copartition = [...extra.copartition];
    this.add(def);
    return def;
  }

  addStore(store: StoreDef): void {
    if (this.stores.some((s) => s.name === store.name)) {
      this.problems.push(`state store ${store.name} is defined twice (names of count/reduce/aggregate/table stores must be unique)`);
      return;
    }
    this.stores.push(store);
  }

  successorsOf(name: string): NodeDef[] {
    return this.nodes.filter((n) => n.predecessors.includes(name));
  }
}

/** Kafka's Named.validate, with its messages; undefined for a legal name. */
export function namedProblem(name: string): string | undefined {
  if (name === '') return "Name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Name cannot be "." or ".."';
  if (name.length > 249) return `Name is illegal, it can't be longer than 249 characters, name: ${name}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return `Name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  return undefined;
}
