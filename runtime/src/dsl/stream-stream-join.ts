// Stream-stream windowed joins (Kafka's KStreamImpl.doJoin + KStreamImplJoin.join): names, stores
// and nodes come from the operator catalog's parts, in Kafka's counter order.
import { op, type OperatorPart } from '../model/operator-catalog';
import { JoinWindowNode, newJoinTimeTracker, StreamJoinSideNode, type JoinTimeTracker } from '../processor/stream-stream-join';
import { leftOrRightValueSerde, listSerde, timestampedKeyAndJoinSideSerde } from '../processor/outer-join-store';
import { PassThroughNode } from '../processor/stateless-nodes';
import type { TaskContext } from '../processor/runtime-node';
import { Serdes, type Serde } from '../serdes';
import type { KStream } from './kstream';
import type { JoinWindows } from './windows';

/** Kafka's StreamJoined. */
export interface StreamJoinedOptions<K, V, VO> {
  keySerde?: Serde<K>;
  valueSerde?: Serde<V>;
  otherValueSerde?: Serde<VO>;
  /** Names the nodes (`<name>-this-join`, `<name>-merge`, ...) and repartition topics
   *  (`<name>-left-repartition`, `<name>-right-repartition`), as StreamJoined.withName. */
  name?: string;
  /** Names the stores `<storeName>-this-join-store`, `<storeName>-other-join-store` (StreamJoined.withStoreName). */
  storeName?: string;
  /** Log the join stores to changelogs (default true; false is StreamJoined.withLoggingDisabled). */
  loggingEnabled?: boolean;
}

export type StreamJoinKind = 'join' | 'leftJoin' | 'outerJoin';

type AnySerde = Serde<unknown> | undefined;

/** What the join needs of each input stream (KStream's internals). */
export interface JoinInput {
  nodeName: string;
  keySerde: AnySerde;
  valueSerde: AnySerde;
  repartitionRequired: boolean;
  repartitionForJoin(repartitionName: string, keySerde: AnySerde, valueSerde: AnySerde, what: string): string;
}

export interface StreamJoinResult {
  name: string;
  keySerde: AnySerde;
}

export function streamStreamJoin(
  left: KStream<unknown, unknown>,
  leftInput: JoinInput,
  rightInput: JoinInput,
  kind: StreamJoinKind,
  joiner: (value: unknown, otherValue: unknown, key: unknown) => unknown,
  windows: JoinWindows,
  options: StreamJoinedOptions<unknown, unknown, unknown>,
): StreamJoinResult {
  const b = left.builder;
  const spec = op('stream', kind === 'outerJoin' ? 'outerJoin' : `${kind}#stream`);
  const parts = spec.parts ?? [];
  const partStores = spec.partStores ?? [];
  const named = options.name;
  if (typeof joiner !== 'function') b.problems.push(`${kind}: a stream-stream join needs a joiner (value, otherValue) => result`);
  if (windows === undefined || windows === null || typeof windows.size !== 'function') {
    b.problems.push(`${kind}: a stream-stream join needs JoinWindows, e.g. JoinWindows.ofTimeDifferenceWithNoGrace(ms)`);
  }
  const keySerde = (options.keySerde as AnySerde) ?? leftInput.keySerde ?? b.defaultKeySerde ?? undefined;
  const thisValueSerde = (options.valueSerde as AnySerde) ?? leftInput.valueSerde ?? b.defaultValueSerde ?? undefined;
  const otherValueSerde = (options.otherValueSerde as AnySerde) ?? rightInput.valueSerde ?? b.defaultValueSerde ?? undefined;

  // As doJoin: each side whose key changed goes through `<name>-left|right-repartition` or `<node>-repartition`.
  const suffixes = spec.repartitionSuffixes ?? { left: '-left', right: '-right' };
  let thisParent = leftInput.nodeName;
  let otherParent = rightInput.nodeName;
  if (leftInput.repartitionRequired) {
    thisParent = leftInput.repartitionForJoin(named === undefined ? leftInput.nodeName : `${named}${suffixes.left}`, keySerde, thisValueSerde, `${kind} after ${leftInput.nodeName}`);
  }
  if (rightInput.repartitionRequired) {
    otherParent = rightInput.repartitionForJoin(named === undefined ? rightInput.nodeName : `${named}${suffixes.right}`, keySerde, otherValueSerde, `${kind} after ${rightInput.nodeName}`);
  }

  // Names in Kafka's counter order; a named part still draws its value.
  const names = new Map<string, string>();
  const generated = new Map<string, string>();
  for (const p of parts) {
    const gen = b.newProcessorName(p.prefix);
    generated.set(p.role, gen);
    names.set(p.role, named === undefined ? gen : `${named}${p.namedSuffix}`);
  }
  const nameOf = (role: string): string => names.get(role) ?? role;
  const storeNames = new Map<string, string>();
  for (const s of partStores) {
    const part = parts.find((p) => p.role === s.namedAfter);
    const gen = generated.get(s.namedAfter) ?? '';
    const base = options.storeName !== undefined ? `${options.storeName}${s.storeSuffix}` : s.prefix !== undefined && part !== undefined ? `${s.prefix}${gen.slice(part.prefix.length)}` : gen;
    storeNames.set(s.role, `${base}-store`);
  }
  const storeOf = (role: string): string => storeNames.get(role) ?? role;

  const size = windows.size();
  const retentionMs = size + windows.graceMs;
  const changelog = options.loggingEnabled !== false;
  const storeKey = keySerde ?? Serdes.String();
  const sideSerde = (role: string): AnySerde => (role === 'this' ? thisValueSerde : otherValueSerde);
  for (const s of partStores) {
    if (s.kind === 'window') {
      b.addStore({ name: storeOf(s.role), kind: 'window', keySerde, valueSerde: sideSerde(s.role), changelog, window: { sizeMs: size, retentionMs, retainDuplicates: true } });
    } else {
      b.addStore({
        name: storeOf(s.role),
        kind: 'key-value',
        keySerde: timestampedKeyAndJoinSideSerde(storeKey) as Serde<unknown>,
        valueSerde: listSerde(leftOrRightValueSerde(thisValueSerde ?? Serdes.String(), otherValueSerde ?? Serdes.String())) as Serde<unknown>,
        changelog,
      });
    }
  }
  if (keySerde === undefined) b.problems.push(`${kind} ${nameOf('merge')}: the join stores need a key serde; pass { keySerde } (the builder has no default key serde)`);

  // One time tracker per task, shared by both sides (Kafka's TimeTrackerSupplier).
  const trackers = new WeakMap<TaskContext, JoinTimeTracker>();
  const tracker = (ctx: TaskContext): JoinTimeTracker => {
    let t = trackers.get(ctx);
    if (t === undefined) {
      t = newJoinTimeTracker();
      trackers.set(ctx, t);
    }
    return t;
  };
  const leftOuter = kind !== 'join';
  const rightOuter = kind === 'outerJoin';
  const join = (key: unknown, l: unknown, r: unknown): unknown => joiner(l, r, key);
  const from = (p: OperatorPart): string[] => p.from.map((f) => (f === 'left' ? thisParent : f === 'right' ? otherParent : nameOf(f)));
  for (const p of parts) {
    const name = nameOf(p.role);
    const stores = p.stores.map(storeOf);
    const create = (ctx: TaskContext) => {
      if (p.role === 'thisWindowed' || p.role === 'otherWindowed') return new JoinWindowNode(name, ctx, stores[0] ?? '');
      if (p.role === 'merge') return new PassThroughNode(name, ctx);
      const isThis = p.role === 'this';
      return new StreamJoinSideNode(name, ctx, {
        otherStore: storeOf(isThis ? 'other' : 'this'),
        outerStore: leftOuter ? storeOf('outerShared') : undefined,
        leftSide: isThis,
        outer: isThis ? leftOuter : rightOuter,
        joinBeforeMs: isThis ? windows.beforeMs : windows.afterMs,
        joinAfterMs: isThis ? windows.afterMs : windows.beforeMs,
        windowsBeforeMs: windows.beforeMs,
        windowsAfterMs: windows.afterMs,
        graceMs: windows.graceMs,
        joiner: join,
        tracker,
      });
    };
    // As Kafka's NULL_KEY_RELAXED_JOIN label: a repartition before a left/outer join keeps null keys.
    const relaxed = leftOuter && (p.role === 'this' || p.role === 'other');
    // The merge node: both inputs' source topics must be co-partitioned (ensureCopartitionWith).
    b.addProcessor(name, p.operator, from(p), create, { stores, relaxedNullKeyJoin: relaxed, ...(p.role === 'merge' ? { copartition: [] } : {}) });
  }
  return { name: nameOf('merge'), keySerde };
}
