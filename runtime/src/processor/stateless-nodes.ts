// Stateless DSL operators: one small class each, no allocation beyond what the user's callback does.
import { RuntimeNode, type TaskContext } from './runtime-node';

type Pred = (key: unknown, value: unknown) => boolean;

export class SourceNode extends RuntimeNode {
  protected process(key: unknown, value: unknown): void {
    this.forward(key, value);
  }
}

export class PassThroughNode extends RuntimeNode {
  protected process(key: unknown, value: unknown): void {
    this.forward(key, value);
  }
}

export class FilterNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly pred: Pred, private readonly negate: boolean) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    if (this.pred(key, value) !== this.negate) this.forward(key, value);
  }
}

/** The filter in front of a repartition sink: drops null keys (they cannot be grouped or joined),
 *  unless a left join downstream joins them (Kafka 3.7+'s relaxed null-key join). */
export class RepartitionFilterNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly keepNullKeys: boolean) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    if (this.keepNullKeys || (key !== null && key !== undefined)) this.forward(key, value);
  }
}

export class MapNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (k: unknown, v: unknown) => readonly [unknown, unknown]) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    const kv = this.fn(key, value);
    this.forward(kv[0], kv[1]);
  }
}

export class MapValuesNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (v: unknown, k: unknown) => unknown) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    this.forward(key, this.fn(value, key));
  }
}

export class FlatMapNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (k: unknown, v: unknown) => Iterable<readonly [unknown, unknown]>) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    for (const kv of this.fn(key, value)) this.forward(kv[0], kv[1]);
  }
}

export class FlatMapValuesNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (v: unknown, k: unknown) => Iterable<unknown>) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    for (const v of this.fn(value, key)) this.forward(key, v);
  }
}

export class SelectKeyNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (k: unknown, v: unknown) => unknown) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    this.forward(this.fn(key, value), value);
  }
}

/** peek (forwards) and foreach (terminal). */
export class PeekNode extends RuntimeNode {
  constructor(name: string, ctx: TaskContext, private readonly fn: (k: unknown, v: unknown) => void) {
    super(name, ctx);
  }
  protected process(key: unknown, value: unknown): void {
    this.fn(key, value);
    this.forward(key, value);
  }
}

/** Tries predicates in order; the first match wins; unmatched records go to the default outlet or nowhere. */
export class BranchNode extends RuntimeNode {
  private targets: RuntimeNode[] = [];
  private fallback: RuntimeNode | undefined;
  constructor(
    name: string,
    ctx: TaskContext,
    private readonly preds: Pred[],
    private readonly outlets: string[],
    private readonly defaultOutlet: string | undefined,
  ) {
    super(name, ctx);
  }
  override init(): void {
    this.targets = this.outlets.map((o) => this.child(o));
    this.fallback = this.defaultOutlet === undefined ? undefined : this.child(this.defaultOutlet);
  }
  protected process(key: unknown, value: unknown): void {
    const preds = this.preds;
    for (let i = 0; i < preds.length; i++) {
      if ((preds[i] as Pred)(key, value)) {
        this.forwardTo(this.targets[i] as RuntimeNode, key, value);
        return;
      }
    }
    if (this.fallback !== undefined) this.forwardTo(this.fallback, key, value);
  }
}
