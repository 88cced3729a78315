// The serdes a topology writes and reads topics with, as the runtime picks them: an explicit
// keySerde/valueSerde option, else what the stream carries, else the builder's default (String).
// Anything that cannot be told statically (a custom serde, options built at run time, an operator
// extraction does not model) is 'unknown', and rules stay silent about it.
import { Node } from 'ts-morph';
import type { BuilderState, NodeState } from './extract/types';
import { isStreamwiseMethod } from './symbols';
import { constInitializer, objectLiteralOf } from './values';

export type SerdeName = 'String' | 'JSON' | 'UUID' | 'Number' | 'Double' | 'Long' | 'Integer' | 'Buffer' | 'ByteArray';
export type SerdeFact = { name: SerdeName; from: string } | 'unknown';
export type Which = 'key' | 'value';

const NAMES = new Set<string>(['String', 'JSON', 'UUID', 'Number', 'Double', 'Long', 'Integer', 'Buffer', 'ByteArray']);

/** Wire formats: a reader decodes what a writer of the same family encodes. */
const FAMILY: Record<SerdeName, 'text' | 'f64' | 'i64' | 'i32' | 'raw'> = {
  String: 'text', JSON: 'text', UUID: 'text', Number: 'f64', Double: 'f64', Long: 'i64', Integer: 'i32', Buffer: 'raw', ByteArray: 'raw',
};

/** Definitely unreadable: two known formats of different families, neither raw bytes (text vs text is not judged). */
export function incompatible(writer: SerdeName, reader: SerdeName): boolean {
  const w = FAMILY[writer];
  const r = FAMILY[reader];
  return w !== r && w !== 'raw' && r !== 'raw';
}

/** `Serdes.Long()`, or a const holding one. */
export function serdeOf(expr: Node | undefined, depth = 0): SerdeName | undefined {
  if (expr === undefined || depth > 8) return undefined;
  if (Node.isParenthesizedExpression(expr) || Node.isAsExpression(expr) || Node.isSatisfiesExpression(expr)) return serdeOf(expr.getExpression(), depth + 1);
  if (Node.isIdentifier(expr)) return serdeOf(constInitializer(expr), depth + 1);
  if (!Node.isCallExpression(expr)) return undefined;
  const callee = expr.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !NAMES.has(callee.getName()) || !isStreamwiseMethod(callee)) return undefined;
  return callee.getName() as SerdeName;
}

/** The `keySerde`/`valueSerde` an options argument sets: a serde, 'absent', or 'unknown'. */
export function optionSerde(options: Node | undefined, property: string): SerdeName | 'absent' | 'unknown' {
  if (options === undefined) return 'absent';
  const literal = objectLiteralOf(options, 0);
  if (literal === undefined) return 'unknown';
  if (literal.getProperties().some((p) => Node.isSpreadAssignment(p))) return 'unknown';
  const prop = literal.getProperty(property);
  if (prop === undefined) return 'absent';
  const init = Node.isPropertyAssignment(prop) ? prop.getInitializer() : Node.isShorthandPropertyAssignment(prop) ? prop.getNameNode() : undefined;
  return serdeOf(init) ?? 'unknown';
}

/** `new StreamsBuilder({ defaultValueSerde })`: String unless set. */
export function builderDefault(b: BuilderState, which: Which): SerdeFact {
  const option = optionSerde(b.newExpr.getArguments()[0], which === 'key' ? 'defaultKeySerde' : 'defaultValueSerde');
  if (option === 'unknown') return 'unknown';
  return option === 'absent' ? { name: 'String', from: 'the default String serde' } : { name: option, from: "the builder's default serde" };
}

const KEEP_BOTH = new Set(['filter', 'filterNot', 'peek', 'branch', 'branchChild', 'split', 'tableFilter', 'repartitionFilter', 'table']);
const KEEP_KEY = new Set(['mapValues', 'flatMapValues', 'tableMapValues', 'join', 'leftJoin']);
const KEEP_VALUE = new Set(['selectKey']);
const KEEP_NONE = new Set(['map', 'flatMap', 'process']);

/**
 * The serde a stream carries out of `node` ('none': it carries none, so a sink falls back to the
 * builder's default), following the runtime's KStream/KTable/KGroupedStream.
 */
export function carried(b: BuilderState, node: NodeState, which: Which, depth = 0): SerdeFact | 'none' {
  if (depth > 200) return 'unknown';
  if (node.kind === 'source') {
    if (node.internal === true) return 'unknown';
    const option = optionSerde(Node.isCallExpression(node.call) ? node.call.getArguments()[1] : undefined, `${which}Serde`);
    if (option === 'unknown') return 'unknown';
    return option === 'absent' ? builderDefault(b, which) : { name: option, from: `the ${which}Serde option` };
  }
  const op = node.operator;
  if (op === undefined) return 'unknown';
  const up = (): SerdeFact | 'none' => {
    const preds = node.predecessors;
    const first = preds[0];
    if (preds.length !== 1 || first === undefined) return 'unknown';
    return carried(b, first, which, depth + 1);
  };
  if (KEEP_BOTH.has(op)) return up();
  if (KEEP_NONE.has(op)) return 'none';
  if (KEEP_KEY.has(op)) return which === 'key' ? up() : 'none';
  if (KEEP_VALUE.has(op)) return which === 'value' ? up() : 'none';
  if (op === 'toStream') return up();
  if (op === 'count') return which === 'value' ? { name: 'Long', from: 'count() (Long values)' } : 'unknown';
  return 'unknown';
}

/** The serdes a sink writes with: its option, else what the stream carries, else the builder's default. */
export function sinkSerde(b: BuilderState, sink: NodeState, which: Which): SerdeFact {
  if (!Node.isCallExpression(sink.call)) return 'unknown';
  const option = optionSerde(sink.call.getArguments()[1], `${which}Serde`);
  if (option === 'unknown') return 'unknown';
  if (option !== 'absent') return { name: option, from: `the ${which}Serde option` };
  const pred = sink.predecessors[0];
  if (sink.predecessors.length !== 1 || pred === undefined) return 'unknown';
  const upstream = carried(b, pred, which);
  return upstream === 'none' ? builderDefault(b, which) : upstream;
}
