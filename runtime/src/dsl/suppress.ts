// KTable.suppress() and its configuration, as Kafka's Suppressed / BufferConfig: untilWindowCloses
// (one final result per window, after the upstream windows' grace) or untilTimeLimit (the latest
// update per key once it is `timeToWaitMs` old in stream time), over a bounded or unbounded buffer.
import { NAME_PREFIX } from '../model/operator-catalog';
import { SuppressNode, type SuppressSpec } from '../processor/suppress-node';
import type { TableValueGetterDef } from '../processor/table-getter';
import type { InternalBuilder } from './internal-builder';

/** Java's Long.MAX_VALUE stands for "no bound"; a JS number bounds it at the largest safe integer. */
const NO_BOUND = Number.MAX_SAFE_INTEGER;

abstract class BufferConfigBase<Self> {
  protected constructor(
    readonly maxRecords: number,
    readonly maxBytes: number,
    readonly bufferFullStrategy: 'EMIT' | 'SHUT_DOWN',
    /** The buffer logs to `<store>-changelog` (default), or not. */
    readonly loggingEnabled: boolean,
  ) {}

  protected abstract with(maxRecords: number, maxBytes: number, logging: boolean): Self;

  /** Keeps at most `n` records (the full-buffer strategy decides what happens past it). */
  withMaxRecords(n: number): Self {
    return this.with(checkLimit('maxRecords', n), this.maxBytes, this.loggingEnabled);
  }

  /** Keeps at most `n` bytes (keys, values and record context, as Kafka counts them). */
  withMaxBytes(n: number): Self {
    return this.with(this.maxRecords, checkLimit('maxBytes', n), this.loggingEnabled);
  }

  /** No changelog: the buffer starts empty after a restart. */
  withLoggingDisabled(): Self {
    return this.with(this.maxRecords, this.maxBytes, false);
  }

  withLoggingEnabled(): Self {
    return this.with(this.maxRecords, this.maxBytes, true);
  }

  /** The buffer has no limits (Kafka: StrictBufferConfig with no bound). */
  withNoBound(): StrictBufferConfig {
    return new StrictBufferConfig(NO_BOUND, NO_BOUND, this.loggingEnabled);
  }

  /** A full buffer stops the application with an error instead of emitting early. */
  shutDownWhenFull(): StrictBufferConfig {
    return new StrictBufferConfig(this.maxRecords, this.maxBytes, this.loggingEnabled);
  }

  /** A full buffer emits its oldest records early (they are no longer final results). */
  emitEarlyWhenFull(): EagerBufferConfig {
    return new EagerBufferConfig(this.maxRecords, this.maxBytes, this.loggingEnabled);
  }
}

/** A buffer that never emits early: the only kind untilWindowCloses accepts. */
export class StrictBufferConfig extends BufferConfigBase<StrictBufferConfig> {
  /** @internal */
  constructor(maxRecords: number, maxBytes: number, logging: boolean) {
    super(maxRecords, maxBytes, 'SHUT_DOWN', logging);
  }

  protected with(maxRecords: number, maxBytes: number, logging: boolean): StrictBufferConfig {
    return new StrictBufferConfig(maxRecords, maxBytes, logging);
  }
}

/** A bounded buffer that emits its oldest records when full. */
export class EagerBufferConfig extends BufferConfigBase<EagerBufferConfig> {
  /** @internal */
  constructor(maxRecords: number, maxBytes: number, logging: boolean) {
    super(maxRecords, maxBytes, 'EMIT', logging);
  }

  protected with(maxRecords: number, maxBytes: number, logging: boolean): EagerBufferConfig {
    return new EagerBufferConfig(maxRecords, maxBytes, logging);
  }
}

export type AnyBufferConfig = StrictBufferConfig | EagerBufferConfig;

/** Kafka's Suppressed.BufferConfig factories. */
export const BufferConfig = {
  /** At most `n` records, emitting early when full. */
  maxRecords: (n: number): EagerBufferConfig => new EagerBufferConfig(checkLimit('maxRecords', n), NO_BOUND, true),
  /** At most `n` bytes, emitting early when full. */
  maxBytes: (n: number): EagerBufferConfig => new EagerBufferConfig(NO_BOUND, checkLimit('maxBytes', n), true),
  /** No limit (memory permitting): never emits early. */
  unbounded: (): StrictBufferConfig => new StrictBufferConfig(NO_BOUND, NO_BOUND, true),
};

export class Suppressed {
  private constructor(
    /** @internal */ readonly kind: 'untilWindowCloses' | 'untilTimeLimit',
    /** @internal */ readonly timeToWaitMs: number,
    /** @internal */ readonly bufferConfig: AnyBufferConfig,
    /** @internal */ readonly name: string | undefined,
  ) {}

  /** One final result per window, once stream time passes its end plus the upstream windows' grace. */
  static untilWindowCloses(bufferConfig: StrictBufferConfig): Suppressed {
    if (!(bufferConfig instanceof StrictBufferConfig)) throw new TypeError('untilWindowCloses needs a StrictBufferConfig (BufferConfig.unbounded(), or a bounded config with shutDownWhenFull())');
    return new Suppressed('untilWindowCloses', 0, bufferConfig, undefined);
  }

  /** The latest update per key, once `timeToWaitMs` of stream time has passed since its first buffered update. */
  static untilTimeLimit(timeToWaitMs: number, bufferConfig: AnyBufferConfig): Suppressed {
    if (!Number.isInteger(timeToWaitMs) || timeToWaitMs < 0) throw new RangeError(`timeToWaitForMoreEvents must be a non-negative integer of ms, got ${timeToWaitMs}`);
    return new Suppressed('untilTimeLimit', timeToWaitMs, bufferConfig, undefined);
  }

  /** Names the processor `name` and its buffer `<name>-store` (Kafka: no counter value is drawn). */
  withName(name: string): Suppressed {
    return new Suppressed(this.kind, this.timeToWaitMs, this.bufferConfig, name);
  }
}

function checkLimit(what: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
  return n;
}

/** The upstream windows' grace (Kafka's GraphGraceSearchUtil: the largest over every parent path). */
function findWindowGrace(b: InternalBuilder, nodeName: string, chain: string): number {
  const own = b.windowGrace.get(nodeName);
  if (own !== undefined) return own;
  const next = chain === '' ? nodeName : `${nodeName}->${chain}`;
  const node = b.nodes.find((n) => n.name === nodeName);
  const parents = node?.predecessors ?? [];
  if (parents.length === 0) throw new WindowCloseError(next);
  let grace = -1;
  for (const p of parents) grace = Math.max(grace, findWindowGrace(b, p, next));
  return grace;
}

class WindowCloseError extends Error {
  constructor(readonly chain: string) {
    super(`Window close time is only defined for windowed computations. Got [${chain}].`);
  }
}

/** Adds the suppress node and its buffer; returns the node name (the suppressed table's) and the buffer's. */
export function addSuppress(b: InternalBuilder, parent: string, keySerde: unknown, valueSerde: unknown, suppressed: Suppressed): { name: string; store: string } {
  let spec: SuppressSpec;
  const cfg = suppressed.bufferConfig;
  const common = { maxRecords: cfg.maxRecords, maxBytes: cfg.maxBytes, bufferFullStrategy: cfg.bufferFullStrategy };
  const name = suppressed.name ?? b.newProcessorName(NAME_PREFIX.KTABLE_SUPPRESS);
  if (suppressed.kind === 'untilWindowCloses') {
    let grace = 0;
    try {
      grace = findWindowGrace(b, parent, '');
    } catch (e) {
      if (!(e instanceof WindowCloseError)) throw e;
      b.problems.push(`suppress ${name}: Invalid topology: ${e.message}`);
    }
    spec = { ...common, suppressDurationMs: grace, timeDefinition: 'WINDOW_END_TIME', safeToDropTombstones: true };
  } else {
    spec = { ...common, suppressDurationMs: suppressed.timeToWaitMs, timeDefinition: 'RECORD_TIME', safeToDropTombstones: false };
  }
  const store = suppressed.name !== undefined ? `${suppressed.name}-store` : b.newStoreName(NAME_PREFIX.KTABLE_SUPPRESS);
  b.addStore({
    name: store,
    kind: 'key-value',
    keySerde: keySerde as never,
    valueSerde: valueSerde as never,
    changelog: cfg.loggingEnabled,
    suppressionBuffer: true,
  });
  b.addProcessor(name, 'suppress', [parent], (ctx) => new SuppressNode(name, ctx, store, spec), { stores: [store] });
  return { name, store };
}

/** Kafka's KTableSuppressProcessorSupplier.view(): a buffered key reads its value from before the
 *  buffered updates (timestamp unknown: -1); other keys read through to the parent table. */
export function suppressedGetter(store: string, parent: TableValueGetterDef): TableValueGetterDef {
  return {
    stores: [store, ...parent.stores],
    create: (ctx) => {
      const buffer = ctx.suppressionBuffer(store);
      const get = parent.create(ctx);
      return (key) => {
        const prior = buffer.priorValueForBuffered(key);
        if (prior === undefined) return get(key);
        return prior.value === null ? null : { value: prior.value, timestamp: -1 };
      };
    },
  };
}
