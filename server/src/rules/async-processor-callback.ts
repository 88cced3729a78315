import { Node } from 'ts-morph';
import type { CallbackInfo } from '../analysis/extract/types';
import { functionOf, ownReturns, type FunctionNode } from '../analysis/functions';
import { asyncKeyword, hasOwnAwait, isAsyncFunction, promiseKind, promiseReturnOf, type PromiseReturn } from '../analysis/promises';
import { certainlyNotPromise } from '../analysis/not-a-promise';
import { isWorkspaceCode } from '../analysis/symbols';
import type { QuickFix } from '../analysis/types';
import { replaceSpan } from '../fixes/edits';
import { defineRule } from './rule';

/** What becomes of a Promise returned by each kind of callback. */
function consequence(operator: string): string {
  const op = operator.replace(/^table\./, '');
  if (op === 'filter' || op === 'filterNot' || op === 'branch' || op === 'split') return 'the predicate\'s result is a Promise, which is always truthy';
  if (op === 'selectKey' || op === 'groupBy') return 'the record key becomes a Promise object';
  if (op === 'peek' || op === 'foreach') return 'the record is done (and committed) before the work finishes';
  if (op === 'to') return 'the topic name becomes a Promise object';
  if (op === 'process') return 'records are committed before it finishes and what it forwards after an `await` escapes the task';
  return 'the record value becomes a Promise object';
}

export default defineRule({
  meta: {
    id: 'async-processor-callback',
    defaultSeverity: 'error',
    scope: 'topology',
    messages: {
      async: 'The {{operator}} callback {{how}}: processing does not wait for it, so {{consequence}}, and a rejection is unhandled. Make it synchronous, or enrich from a table join instead of a remote call.',
    },
    docs: {
      description: 'Processor callbacks run synchronously, one record at a time: an async callback (or one returning a Promise) is not awaited, so the record value becomes a Promise, a predicate is always truthy and a rejection is unhandled.',
    },
  },
  check(context, report) {
    const reported = new Set<Node>();
    for (const b of context.builders) {
      for (const callback of b.callbacks) {
        if (context.isCancelled()) return;
        const found = callback.operator === 'process' ? processMethod(callback) : plainCallback(callback);
        if (found === undefined || reported.has(found.node)) continue;
        reported.add(found.node);
        const how = found.fn !== undefined && isAsyncFunction(found.fn)
          ? 'is async'
          : found.kind === 'always' ? 'returns a Promise' : 'can return a Promise';
        const fix = found.fn === undefined ? undefined : removeAsyncFix(found.fn);
        report({
          messageId: 'async', node: found.node,
          data: { operator: callback.operator === 'process' ? 'Processor.process()' : `${callback.operator.replace(/^table\./, 'KTable.')}()`, how, consequence: consequence(callback.operator) },
          ...(fix === undefined ? {} : { fixes: [fix] }),
        });
      }
    }
  },
});

interface Found { node: Node; kind: PromiseReturn; /** The function itself, when it is written in the workspace. */ fn?: Node }

function plainCallback(callback: CallbackInfo): Found | undefined {
  // Most callbacks are provably synchronous from their text: the checker is not asked about them.
  const written = functionOf(callback.fn);
  if (written !== undefined && certainlyNotPromise(written)) return undefined;
  const kind = promiseReturnOf(callback.fn);
  if (kind === 'never') return undefined;
  const fn = functionOf(callback.fn);
  return { node: callback.fn, kind, ...(fn !== undefined && isWorkspaceCode(fn) ? { fn } : {}) };
}

/** The `process` method of the Processor the supplier makes (an object literal or a class instance). */
function processMethod(callback: CallbackInfo): Found | undefined {
  const signature = callback.fn.getType().getCallSignatures()[0];
  const processor = signature?.getReturnType();
  const property = processor?.getProperty('process');
  if (property === undefined) return undefined;
  const decl = property.getValueDeclaration() ?? property.getDeclarations()[0];
  if (decl === undefined) return undefined;
  const method = property.getTypeAtLocation(decl).getCallSignatures();
  if (method.length === 0) return undefined;
  const kinds = method.map((s) => promiseKind(s.getReturnType()));
  if (kinds.every((k) => k === 'never')) return undefined;
  const kind: PromiseReturn = kinds.every((k) => k === 'always') ? 'always' : 'sometimes';
  const fn = Node.isMethodDeclaration(decl) ? decl : Node.isPropertyAssignment(decl) || Node.isPropertyDeclaration(decl) ? functionOf(decl.getInitializer()) : undefined;
  if (fn !== undefined && isWorkspaceCode(fn)) return { node: Node.isMethodDeclaration(fn) ? fn.getNameNode() : fn, kind, fn };
  return { node: callback.fn, kind };
}

/** `async` on a function that never awaits: dropping the keyword makes it synchronous. */
function removeAsyncFix(fn: Node): QuickFix | undefined {
  const keyword = asyncKeyword(fn);
  if (keyword === undefined || hasOwnAwait(fn) || returnsPromiseWithoutAsync(fn)) return undefined;
  const sf = fn.getSourceFile();
  const text = sf.getFullText();
  let end = keyword.getEnd();
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end += 1;
  return { title: 'Remove `async`: the callback never awaits', edits: [replaceSpan(sf, keyword.getStart(), end, '')], isPreferred: true };
}

/** Without `async`, would it still return a Promise (`async (v) => lookup(v)`)? */
function returnsPromiseWithoutAsync(fn: Node): boolean {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn))) return true;
  const body = (fn as FunctionNode).getBody();
  if (body === undefined) return true;
  const results = Node.isBlock(body) ? ownReturns(fn).map((r) => r.getExpression()) : [body];
  return results.some((e) => e !== undefined && promiseKind(e.getType()) !== 'never');
}
