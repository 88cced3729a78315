// Shared by every DSL object of one StreamsBuilder: Kafka's name counter, the node and store
// definitions, and problems found while building (reported together by build()).
import { op, type OperatorReceiver } from '../model/operator-catalog';
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

  /** The catalog's node for `receiver.method`: its generated name (or `fixed`) and operator. */
  nodeFor(receiver: OperatorReceiver, method: string, fixed?: string): { name: string; operator: OperatorKind } {
    const node = op(receiver, method).node;
    return { name: fixed ?? this.newProcessorName(node.prefix), operator: node.operator ?? 'other' };
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
    extra: Partial<Pick<ProcessorDef, 'stores' | 'branch' | 'relaxedNullKeyJoin'>> = {},
  ): ProcessorDef {
    const def: ProcessorDef = { kind: 'processor', name, operator, predecessors, stores: extra.stores ?? [], create };
    if (extra.branch !== undefined) def.branch = extra.branch;
    if (extra.relaxedNullKeyJoin === true) def.relaxedNullKeyJoin = true;
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
