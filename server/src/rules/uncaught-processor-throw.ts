import { Node } from 'ts-morph';
import { ABSENT, handlerOf, configValue, type AppState } from '../analysis/extract/apps';
import type { BuilderState, CallbackInfo } from '../analysis/extract/types';
import { functionOf, type FunctionNode } from '../analysis/functions';
import { rangeOf } from '../analysis/locations';
import { relativeForMessage } from '../analysis/paths';
import { producedFunction, ThrowFinder } from '../analysis/throws';
import { resolvedSymbol } from '../analysis/symbols';
import { UNKNOWN } from '../analysis/values';
import { setDeadLetterHandlerFix, wrapCallbackFix } from '../fixes/handler-fixes';
import type { QuickFix } from '../analysis/types';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'uncaught-processor-throw',
    defaultSeverity: 'warning',
    scope: 'topology',
    messages: {
      canThrow: 'The {{operator}} callback can throw while processing a record: {{what}}{{path}}. One bad record stops the stream thread and the app goes to ERROR (and hits the same record again on restart): catch it inside the callback or set processingExceptionHandler.{{construction}}',
    },
    docs: {
      description: 'Record-processing errors escape processor callbacks and kill stream threads unless caught inside the callback or handled by the app\'s processingExceptionHandler (\'continue\' or a dead-letter topic).',
    },
  },
  check(context, report) {
    const finder = new ThrowFinder(context.root, context.project);
    const reported = new Set<Node>();
    for (const b of context.builders) {
      if (context.isCancelled()) return;
      // Every app site the topology reaches (a runner function's one `new KafkaStreams` may run several topologies).
      const apps = context.apps.filter((a) => b.apps.has(a.newExpr));
      if (b.unknownRunner === true || !handlersLetErrorsThrough(apps)) continue;
      for (const callback of b.callbacks) {
        const fn = processorFunction(callback);
        if (fn === undefined) continue;
        for (const site of finder.sitesIn(fn)) {
          if (reported.has(site.node)) continue;
          reported.add(site.node);
          const path = site.path.length === 0 ? ` at ${site.origin}` : ` via ${site.path.join(' -> ')}, thrown at ${site.origin}`;
          const fixes: QuickFix[] = [];
          for (const app of apps) {
            const id = configValue(app, 'applicationId');
            const fix = setDeadLetterHandlerFix(app, typeof id === 'string' ? id : undefined);
            if (fix !== undefined) fixes.push({ ...fix, isPreferred: fixes.length === 0 });
          }
          const wrap = fn === functionOf(callback.fn) ? wrapCallbackFix(fn, callback.operator) : undefined;
          if (wrap !== undefined) fixes.push(wrap);
          report({ messageId: 'canThrow', node: site.node, data: { operator: `${callback.operator}()`, what: site.what, path, construction: constructionNote(context.root, callback, b) }, fixes, range: rangeOf(site.node) });
        }
      }
    }
  },
});

/** Reported unless every app running the topology handles errors; silent when a handler is unknown. */
function handlersLetErrorsThrough(apps: AppState[]): boolean {
  if (apps.length === 0) return true; // default handler: 'fail'
  let some = false;
  for (const app of apps) {
    const h = handlerOf(app, 'processingExceptionHandler');
    if (h === UNKNOWN) return false;
    if (h === ABSENT || h === 'fail') some = true;
  }
  return some;
}

/** The per-record function of a callback: the function itself, or a Processor's process method. */
function processorFunction(callback: CallbackInfo): FunctionNode | undefined {
  const fn = functionOf(callback.fn) ?? curried(callback.fn);
  if (callback.operator !== 'process') return fn;
  if (fn === undefined) return undefined;
  const body = fn.getBody();
  let result: Node | undefined = body !== undefined && Node.isBlock(body) ? body.getStatements().find(Node.isReturnStatement)?.getExpression() : body;
  while (result !== undefined && Node.isParenthesizedExpression(result)) result = result.getExpression();
  if (result !== undefined && Node.isObjectLiteralExpression(result)) {
    const member = result.getProperty('process');
    if (Node.isMethodDeclaration(member)) return member;
    if (Node.isPropertyAssignment(member)) return functionOf(member.getInitializer());
  }
  if (result !== undefined && Node.isNewExpression(result)) {
    // Through import aliases (`import { GeoEnrich as Enricher }`, default imports) to the class.
    const target = result.getExpression();
    const cls = resolvedSymbol(Node.isPropertyAccessExpression(target) ? target.getNameNode() : target)?.getDeclarations().find(Node.isClassDeclaration);
    const method = cls?.getMethod('process');
    if (method !== undefined && method.getBody() !== undefined) return method;
  }
  return undefined;
}

/** `mapValues(decodeWith(schema))`: the function the factory call returns. */
function curried(expr: Node): FunctionNode | undefined {
  let e = expr;
  while (Node.isParenthesizedExpression(e) || Node.isAsExpression(e)) e = e.getExpression();
  if (!Node.isCallExpression(e)) return undefined;
  const fn = producedFunction(e);
  return fn !== undefined && (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) ? fn : undefined;
}

function constructionNote(root: string, callback: CallbackInfo, b: BuilderState): string {
  for (const anchor of [callback.call, ...b.buildCalls, b.newExpr]) {
    const tryStatement = anchor.getFirstAncestor((a) => Node.isTryStatement(a) && a.getCatchClause() !== undefined && a.getTryBlock().containsRange(anchor.getPos(), anchor.getEnd()));
    if (tryStatement !== undefined) {
      return ` The try/catch at ${relativeForMessage(root, tryStatement.getSourceFile().getFilePath())}:${tryStatement.getStartLineNumber()} wraps only the topology-building code: it runs once when the topology is built, never while records are processed, so it will not catch this.`;
    }
  }
  return '';
}
