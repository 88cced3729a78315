// split(): Kafka's BranchedKStream. Branch node names, and the keys of the returned map, are the
// split prefix (its name, or the generated KSTREAM-BRANCH-… name) plus the branch name or its
// 1-based position; the default branch is prefix + "0" unless named.
import type { BranchDef } from '../processor/node-defs';
import { BranchNode, PassThroughNode } from '../processor/stateless-nodes';
import { KStream } from './kstream';

export interface BranchedOptions<K, V> {
  /** Suffix after the split prefix; default: the branch's 1-based position. */
  name?: string;
  /** Applied to the branch stream; its result is the map entry (none if it returns null/undefined). */
  withChain?: (branch: KStream<K, V>) => KStream<K, V> | null | undefined | void;
  /** Consumes the branch stream; the branch gets no map entry. */
  withConsumer?: (branch: KStream<K, V>) => void;
}

export class BranchedKStream<K, V> {
  private readonly splitterName: string;
  private readonly predicates: ((k: unknown, v: unknown) => boolean)[] = [];
  private readonly branchDef: BranchDef = { outlets: [], branchNames: [] };
  private readonly outputs: Record<string, KStream<K, V>> = {};
  private finished = false;

  /** @internal */
  constructor(private readonly source: KStream<K, V>, options: { name?: string }) {
    const b = source.builder;
    // A split name still draws its counter value (BranchedKStreamImpl: orElseGenerateWithPrefix).
    const node = b.nodeFor('stream', 'split', options);
    this.splitterName = node.name;
    const name = this.splitterName;
    const preds = this.predicates;
    const def = this.branchDef;
    b.addProcessor(name, node.operator, [source.nodeName], (ctx) => new BranchNode(name, ctx, preds, def.outlets, def.defaultOutlet), {
      branch: def,
    });
  }

  branch(predicate: (key: K, value: V) => boolean, options: BranchedOptions<K, V> = {}): this {
    this.checkOpen('branch');
    this.predicates.push(predicate as (k: unknown, v: unknown) => boolean);
    const child = this.createBranch(options, this.predicates.length);
    this.branchDef.outlets.push(child);
    this.branchDef.branchNames.push(options.name);
    return this;
  }

  /** Records no predicate matched go to this branch. */
  defaultBranch(options: BranchedOptions<K, V> = {}): Record<string, KStream<K, V>> {
    this.checkOpen('defaultBranch');
    this.branchDef.defaultOutlet = this.createBranch(options, 0);
    this.finished = true;
    return this.outputs;
  }

  /** Records no predicate matched are dropped. */
  noDefaultBranch(): Record<string, KStream<K, V>> {
    this.checkOpen('noDefaultBranch');
    this.finished = true;
    return this.outputs;
  }

  private checkOpen(op: string): void {
    if (this.finished) this.source.builder.problems.push(`split ${this.splitterName}: ${op}() called after defaultBranch()/noDefaultBranch()`);
  }

  private createBranch(options: BranchedOptions<K, V>, index: number): string {
    const b = this.source.builder;
    const childName = this.splitterName + (options.name ?? String(index));
    b.newProcessorName(childName); // Kafka burns a counter value per branch
    if (b.nodes.some((n) => n.name === childName)) {
      b.problems.push(`split ${this.splitterName}: branch key ${childName} is used twice (branch names must be unique within a split)`);
    } else {
      b.addProcessor(childName, 'branchChild', [this.splitterName], (ctx) => new PassThroughNode(childName, ctx));
    }
    const s = this.source;
    const branch = new KStream<K, V>(b, childName, s.keySerde, s.valueSerde, s.repartitionRequired);
    if (options.withChain !== undefined) {
      const result = options.withChain(branch);
      if (result !== null && result !== undefined) this.outputs[childName] = result;
    } else if (options.withConsumer !== undefined) {
      options.withConsumer(branch);
    } else {
      this.outputs[childName] = branch;
    }
    return childName;
  }
}
