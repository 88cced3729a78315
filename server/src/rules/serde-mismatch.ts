import { relative } from 'node:path';
import { Node, type SourceFile } from 'ts-morph';
import type { BuilderState, NodeState } from '../analysis/extract/types';
import { carried, incompatible, sinkSerde, type SerdeFact, type SerdeName, type Which } from '../analysis/serdes';
import type { QuickFix } from '../analysis/types';
import { objectLiteralOf } from '../analysis/values';
import { insertAt, replaceNode } from '../fixes/edits';
import { callLocationStart } from '../analysis/locations';
import { defineRule, type RuleContext } from './rule';

interface Writer { topic: string; serde: { key: SerdeFact; value: SerdeFact }; at: Node; what: string }

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
    const writers = new Map<string, Writer[]>();
    for (const b of context.builders) for (const w of writersOf(context, b)) {
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
          for (const which of ['key', 'value'] as const) {
            const read = carried(b, state, which);
            if (read === 'unknown' || read === 'none') continue;
            const writer = (writers.get(topic) ?? []).find((w) => {
              const written = w.serde[which];
              return written !== 'unknown' && incompatible(written.name, read.name);
            });
            const written = writer?.serde[which];
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

/** Sinks with a static topic, and the changelogs of count() stores of apps with a known id (read by other apps). */
function writersOf(context: RuleContext, b: BuilderState): Writer[] {
  const built = context.topologies.get(b);
  if (built === undefined) return [];
  const out: Writer[] = [];
  for (const { state } of built.nodes.values()) {
    if (state.kind === 'sink' && state.internal !== true && state.topic !== undefined && state.topicExtractor !== true) {
      out.push({ topic: state.topic, serde: { key: sinkSerde(b, state, 'key'), value: sinkSerde(b, state, 'value') }, at: state.call, what: 'the sink' });
    }
  }
  const ids = context.apps.filter((a) => a.builder === b).map((a) => a.config?.get('applicationId')?.value).filter((id): id is string => typeof id === 'string');
  for (const { state } of built.nodes.values()) {
    const value = carried(b, state, 'value');
    if (state.operator !== 'count' || state.stores.length !== 1 || value === 'none') continue;
    for (const id of ids) {
      out.push({ topic: `${id}-${state.stores[0] ?? ''}-changelog`, serde: { key: 'unknown', value }, at: state.call, what: `the changelog of count() store '${state.stores[0] ?? ''}'` });
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
