// Table-table joins, as Kafka's KTableKTable{Inner,Left,Right,Outer}Join: an update on either side
// looks the other table up through its value getter and emits the joined update (a null result is
// a deletion), stamped with the larger of the two timestamps.
import { RuntimeNode, type TaskContext } from './runtime-node';
import type { TableValueGetterDef, ValueGetter } from './table-getter';

/** inner: both sides must exist; left: this side must exist; right: the other side (the right
 *  processor of a left join); outer: either. */
export type TableJoinMode = 'inner' | 'left' | 'right' | 'outer';

export class TableTableJoinNode extends RuntimeNode {
  private readonly other: ValueGetter;
  constructor(
    name: string,
    ctx: TaskContext,
    other: TableValueGetterDef,
    /** (thisValue, otherValue) => result; the other side's processor gets the reversed joiner. */
    private readonly joiner: (a: unknown, b: unknown) => unknown,
    private readonly mode: TableJoinMode,
  ) {
    super(name, ctx);
    this.other = other.create(ctx);
  }

  protected process(key: unknown, value: unknown): void {
    if (key === null || key === undefined) return; // "Skipping record due to null key."
    const newValue = value ?? null;
    const old = this.ctx.oldValue;
    const oldValue = old === undefined ? undefined : (old ?? null);
    const found = this.other(key);
    const otherValue = found === null ? null : found.value;
    const ts = found === null ? this.ctx.timestamp : Math.max(this.ctx.timestamp, found.timestamp);
    const join = (v: unknown): unknown => {
      switch (this.mode) {
        case 'inner': return v === null ? null : this.joiner(v, otherValue);
        case 'left': return v === null ? null : this.joiner(v, otherValue);
        case 'right': return this.joiner(v, otherValue);
        case 'outer': return v === null && otherValue === null ? null : this.joiner(v, otherValue);
      }
    };
    if (otherValue === null) {
      if (this.mode === 'inner' || this.mode === 'right') return;
      if (newValue === null && (oldValue === null || oldValue === undefined)) return;
    }
    this.forwardChange(key, join(newValue), oldValue === undefined ? undefined : join(oldValue), ts);
  }
}

/** The joined table's value getter: both getters joined (Kafka's KTableKTableJoinMerger getter). */
export function joinedGetter(left: TableValueGetterDef, right: TableValueGetterDef, joiner: (a: unknown, b: unknown) => unknown, mode: 'inner' | 'left' | 'outer'): TableValueGetterDef {
  return {
    stores: [...left.stores, ...right.stores],
    create: (ctx) => {
      const l = left.create(ctx);
      const r = right.create(ctx);
      return (key) => {
        const a = l(key);
        const b = r(key);
        if (a === null && (mode !== 'outer' || b === null)) return null;
        if (b === null && mode === 'inner') return null;
        return { value: joiner(a === null ? null : a.value, b === null ? null : b.value), timestamp: Math.max(a?.timestamp ?? -Infinity, b?.timestamp ?? -Infinity) };
      };
    },
  };
}
