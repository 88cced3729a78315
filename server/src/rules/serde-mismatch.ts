import { relative } from 'node:path';
import { Node, type SourceFile } from 'ts-morph';
import type { BuilderState, NodeState } from '../analysis/extract/types';
import { carried, incompatible, sinkSerde, type SerdeFact, type SerdeName, type Which } from '../analysis/serdes';
import type { QuickFix } from '../analysis/types';
import { objectLiteralOf } from '../analysis/values';
import { insertAt, replaceNode } from '../fixes/edits';
import { callLocationStart } from '../analysis/locations';
import { defineRule, type RuleContext } from './rule';

/** `serde` is worked out when first asked (most written topics are not read in the workspace). */
interface Writer { topic: string; serde: () => { key: SerdeFact; value: SerdeFact }; at: Node; what: string }

function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}

export default defineRule({
  meta: {
    id: 'serde-mismatch',
    defaultSeverity: 'warning',
    messages: {
      mismatch: "'{{topic}}' is read here with {{which}} serde {{reader}} ({{readerFrom}}), but {{writer}} writes it with {{written}} ({{writtenFrom}}) at {{at}}: the bytes do not decode, so every record fails to deserialize (the app stops unless deserializationExceptionHandler skips them) or reads as garbage.",
    },
    docs: {
      description: 'A topic must be read with a serde that decodes what its writers wrote: a fixed-width number read as text (or as another number format), or text read as a number, fails on every record.',
    },
  },
  check(context, report) {
    // Topics that are both read (by a source) and written: serdes are worked out only for these.
    const readTopics = new Set<string>();
    for (const b of context.builders) {
      for (const { state } of context.topologies.get(b)?.nodes.values() ?? []) {
        if (state.kind === 'source' && state.internal !== true && state.unknownTopics !== true) for (const topic of state.topics ?? []) readTopics.add(topic);
      }
    }
    const appIds = new Map<BuilderState, string[]>();
    for (const app of context.apps) {
      const id = app.config?.get('applicationId')?.value;
      if (app.builder === undefined || typeof id !== 'string') continue;
      appIds.set(app.builder, [...(appIds.get(app.builder) ?? []), id]);
    }
    const writers = new Map<string, Writer[]>();
    for (const b of context.builders) for (const w of writersOf(context, b, appIds.get(b) ?? [], readTopics)) {
      const list = writers.get(w.topic) ?? [];
      list.push(w);
      writers.set(w.topic, list);
    }
    if (writers.size === 0) return;
    for (const b of context.builders) {
      const built = context.topologies.get(b);
      if (built === undefined || context.isCancelled()) continue;
      for (const { state } of built.nodes.values()) {
        if (state.kind !== 'source' || state.internal === true || state.unknownTopics === true) continue;
        for (const topic of state.topics ?? []) {
          const topicWriters = writers.get(topic) ?? [];
          if (topicWriters.length === 0) continue;
          for (const which of ['key', 'value'] as const) {
            const read = carried(b, state, which);
            if (read === 'unknown' || read === 'none') continue;
            const writer = topicWriters.find((w) => {
              const written = w.serde()[which];
              return written !== 'unknown' && incompatible(written.name, read.name);
            });
            const written = writer?.serde()[which];
            if (writer === undefined || written === undefined || written === 'unknown') continue;
            const fix = readWithFix(state, which, written.name);
            report({
              messageId: 'mismatch', node: state.call,
              data: { topic, which, reader: read.name, readerFrom: read.from, writer: writer.what, written: written.name, writtenFrom: written.from, at: place(context, writer.at) },
              ...(fix === undefined ? {} : { fixes: [fix] }),
            });
            break;
          }
        }
      }
    }
  },
});

function place(context: RuleContext, node: Node): string {
  const sf = node.getSourceFile();
  return `${relative(context.root, sf.getFilePath()) || sf.getBaseName()}:${sf.getLineAndColumnAtPos(callLocationStart(node)).line}`;
}

/**
 * Sinks with a static topic, and the changelogs of count() stores of the builder's apps (`ids`: their
 * known ids; read by other apps), of the topics in `read` (a writer of a topic nobody reads cannot mismatch).
 */
function writersOf(context: RuleContext, b: BuilderState, ids: readonly string[], read: ReadonlySet<string>): Writer[] {
  const built = context.topologies.get(b);
  if (built === undefined) return [];
  const out: Writer[] = [];
  for (const { state } of built.nodes.values()) {
    if (state.kind === 'sink' && state.internal !== true && state.topic !== undefined && state.topicExtractor !== true && read.has(state.topic)) {
      out.push({ topic: state.topic, serde: once(() => ({ key: sinkSerde(b, state, 'key'), value: sinkSerde(b, state, 'value') })), at: state.call, what: 'the sink' });
    }
  }
  for (const { state } of built.nodes.values()) {
    if (state.operator !== 'count' || state.stores.length !== 1) continue;
    const changelogs = ids.map((id) => `${id}-${state.stores[0] ?? ''}-changelog`).filter((topic) => read.has(topic));
    if (changelogs.length === 0) continue;
    const value = carried(b, state, 'value');
    if (value === 'none') continue;
    for (const topic of changelogs) {
      out.push({ topic, serde: () => ({ key: 'unknown', value }), at: state.call, what: `the changelog of count() store '${state.stores[0] ?? ''}'` });
    }
  }
  return out;
}

/** Read with the writer's serde: set `{ keySerde|valueSerde: Serdes.X() }` on the source, when `Serdes` is imported. */
function readWithFix(source: NodeState, which: Which, serde: SerdeName): QuickFix | undefined {
  const call = source.call;
  if (!Node.isCallExpression(call)) return undefined;
  const local = serdesName(call.getSourceFile());
  if (local === undefined) return undefined;
  const prop = `${which}Serde: ${local}.${serde}()`;
  const title = `Read with ${local}.${serde}() (the writer's serde)`;
  const args = call.getArguments();
  const options = args[1];
  if (args.length === 1 && args[0] !== undefined) return { title, edits: [insertAt(call.getSourceFile(), args[0].getEnd(), `, { ${prop} }`)] };
  const literal = objectLiteralOf(options, 0);
  if (options === undefined || literal !== options) return undefined;
  const existing = literal.getProperty(`${which}Serde`);
  if (existing !== undefined) return Node.isPropertyAssignment(existing) ? { title, edits: [replaceNode(existing, prop)] } : undefined;
  const last = literal.getProperties().at(-1);
  if (last === undefined) return { title, edits: [replaceNode(literal, `{ ${prop} }`)] };
  return { title, edits: [insertAt(call.getSourceFile(), last.getEnd(), `, ${prop}`)] };
}

function serdesName(sf: SourceFile): string | undefined {
  for (const decl of sf.getImportDeclarations()) {
    if (decl.getModuleSpecifierValue() !== 'streamwise') continue;
    for (const named of decl.getNamedImports()) if (named.getName() === 'Serdes') return named.getAliasNode()?.getText() ?? 'Serdes';
  }
  return undefined;
}
