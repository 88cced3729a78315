// Creating topology nodes during extraction (shared by the operator modules).
import { Node, type CallExpression } from 'ts-morph';
import { callLocationStart, locationOf, nodeKey } from '../locations';
import { objectLiteralOf, resolveValue } from '../values';
import type { OperatorSpec, StoreKind } from 'streamwise/model';
import type { BuilderState, Ctx, NodeState } from './types';

type NodeInit = Pick<NodeState, 'kind' | 'prefix'> & Partial<NodeState>;

/** `afterArguments`: the node is made after the call's arguments run (join(table.filter(...)),
 *  merge(other.map(...))), so it is ordered by the call's end rather than its method name. */
export function getNode(b: BuilderState, call: CallExpression, role: string, sub: number, ctx: Ctx, init: NodeInit, afterArguments = false): NodeState {
  const key = `${nodeKey(call)}#${role}|${ctx.key}`;
  const existing = b.nodes.get(key);
  if (existing !== undefined) return existing;
  const node: NodeState = {
    key, name: '', successors: [], predecessors: [], stores: [], call,
    // A called function's body runs after its arguments are evaluated: order by the call's end.
    order: [...ctx.calls.map((c) => c.getEnd()), afterArguments ? call.getEnd() : callLocationStart(call), sub],
    location: locationOf(call, callLocationStart(call)),
    ...init,
  };
  b.nodes.set(key, node);
  return node;
}

export function addCallback(b: BuilderState, fn: Node | undefined, operator: string, call: CallExpression): void {
  if (fn === undefined || b.callbacks.some((c) => c.fn === fn)) return;
  b.callbacks.push({ fn, operator, call });
}

export function addStore(b: BuilderState, name: string, kind: StoreKind, node: NodeState, _named: boolean, global = false): void {
  if (!node.stores.includes(name)) node.stores.push(name);
  const store = b.stores.get(name) ?? { name, kind, changelog: !global, processors: [], ...(global ? { global: true } : {}) };
  if (!store.processors.includes(node.key)) store.processors.push(node.key);
  b.stores.set(name, store);
}


export function optionName(options: Node | undefined, key = 'name'): string | undefined {
  const literal = objectLiteralOf(options, 0);
  const prop = literal?.getProperty(key);
  if (!Node.isPropertyAssignment(prop)) return undefined;
  const v = resolveValue(prop.getInitializer());
  return typeof v === 'string' ? v : undefined;
}

/**
 * Kafka's Named of a call to the operator `s`: the string under the catalog's key (`name`, or
 * `processorName` where `name` names the store) of `options`. A name that is there but does not
 * resolve makes the node names unknown: the topology's facts are marked incomplete.
 */
export function namedOption(b: BuilderState, s: OperatorSpec, options: Node | undefined): string | undefined {
  const key = s.named?.key ?? 'name';
  const named = optionName(options, key);
  if (named === undefined && options !== undefined && unresolvedKey(options, key)) b.unmodelled.add(`${s.method} ${key}`);
  return named;
}

function unresolvedKey(options: Node, key: string): boolean {
  const literal = objectLiteralOf(options, 0);
  // Options built elsewhere (a parameter, a call): read as unnamed, as before names were modeled.
  if (literal === undefined) return false;
  if (literal.getProperties().some((p) => Node.isSpreadAssignment(p))) return true;
  const prop = literal.getProperty(key);
  if (prop === undefined) return false;
  if (!Node.isPropertyAssignment(prop)) return true;
  return typeof resolveValue(prop.getInitializer()) !== 'string';
}

/** Options that may name something (a store) we cannot read: not an object literal, a spread, or a `name` that does not resolve. */
export function unresolvedName(options: Node | undefined): boolean {
  if (options === undefined) return false;
  const literal = objectLiteralOf(options, 0);
  if (literal === undefined) return true;
  if (literal.getProperties().some((p) => Node.isSpreadAssignment(p))) return true;
  const prop = literal.getProperty('name');
  if (prop === undefined) return false;
  if (!Node.isPropertyAssignment(prop)) return true;
  return typeof resolveValue(prop.getInitializer()) !== 'string';
}
