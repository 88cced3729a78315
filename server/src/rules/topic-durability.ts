import { relative } from 'node:path';
import { Node, SyntaxKind, type CallExpression } from 'ts-morph';
import { callSitesOf } from '../analysis/extract/references';
import { callLocationStart } from '../analysis/locations';
import { programWorkspaceFiles } from '../analysis/project';
import { resolvedSymbol } from '../analysis/symbols';
import { factOrigin, type QuickFix } from '../analysis/types';
import { objectLiteralOf, resolveValue } from '../analysis/values';
import { replaceNode } from '../fixes/edits';
import { defineRule, type RuleContext } from './rule';

const MIN_REPLICATION = 3;
const MIN_INSYNC = 2;

export default defineRule({
  meta: {
    id: 'topic-durability',
    defaultSeverity: 'warning',
    messages: {
      facts: "Topic '{{topic}}' has {{problems}}: when a broker dies, records the app {{verb}} can be lost although they were acknowledged. Use replicationFactor >= 3 with minInsyncReplicas >= 2 (and producers with acks=all) for records that matter.",
      acks: "Topic '{{topic}}' is written by the kafkajs producer at {{at}} with acks={{acks}}: the leader acknowledges before any replica has the record, so a broker failure can lose records before this app reads them. Send with acks: -1 (all).",
    },
    docs: {
      description: 'Topics an app reads or writes need replicationFactor >= 3 and min.insync.replicas >= 2 (from streamwise.config.json or the cluster), and producers writing them need acks=all: otherwise one broker failure loses acknowledged records.',
    },
  },
  check(context, report) {
    const sends = context.producerSends.flatMap((call) => weakSends(context, call));
    for (const b of context.builders) {
      const built = context.topologies.get(b);
      if (built === undefined || context.isCancelled()) continue;
      for (const { state } of built.nodes.values()) {
        if (state.internal === true) continue;
        const topics = state.kind === 'source' ? (state.topics ?? []) : state.kind === 'sink' && state.topic !== undefined ? [state.topic] : [];
        for (const topic of topics) {
          const problems = factProblems(context, topic);
          if (problems.length > 0) report({ messageId: 'facts', node: state.call, data: { topic, problems: problems.join(' and '), verb: state.kind === 'source' ? 'reads' : 'writes' } });
          if (state.kind !== 'source') continue;
          for (const send of sends.filter((s) => s.topic === topic)) {
            report({ messageId: 'acks', node: state.call, data: { topic, at: send.at, acks: send.acks }, ...(send.fix === undefined ? {} : { fixes: [send.fix] }) });
          }
        }
      }
    }
  },
});

function factProblems(context: RuleContext, topic: string): string[] {
  const t = context.facts.topics[topic];
  const out: string[] = [];
  if (t?.replicationFactor !== undefined && t.replicationFactor < MIN_REPLICATION) out.push(`replicationFactor ${t.replicationFactor} (${factOrigin(context.facts, topic, 'replicationFactor')})`);
  if (t?.minInsyncReplicas !== undefined && t.minInsyncReplicas < MIN_INSYNC) out.push(`minInsyncReplicas ${t.minInsyncReplicas} (${factOrigin(context.facts, topic, 'minInsyncReplicas')})`);
  return out;
}

interface WeakSend { topic: string; acks: number; at: string; fix?: QuickFix }

/** A send with a known `acks` other than -1, and the topics it may write (through one helper parameter). */
function weakSends(context: RuleContext, call: CallExpression): WeakSend[] {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return [];
  const request = objectLiteralOf(call.getArguments()[0], 0);
  if (request === undefined) return [];
  const acksProp = request.getProperty('acks');
  if (acksProp === undefined) return []; // kafkajs defaults to -1 (all)
  const acksInit = Node.isPropertyAssignment(acksProp) ? acksProp.getInitializer() : Node.isShorthandPropertyAssignment(acksProp) ? acksProp.getNameNode() : undefined;
  const acks = resolveValue(acksInit);
  if (typeof acks !== 'number' || acks === -1) return [];
  const topicExprs: (Node | undefined)[] = [];
  if (callee.getName() === 'send') topicExprs.push(propertyInit(request, 'topic'));
  else {
    const batches = propertyInit(request, 'topicMessages');
    if (batches === undefined || !Node.isArrayLiteralExpression(batches)) return [];
    for (const element of batches.getElements()) topicExprs.push(propertyInit(objectLiteralOf(element, 0), 'topic'));
  }
  const sf = call.getSourceFile();
  const at = `${relative(context.root, sf.getFilePath()) || sf.getBaseName()}:${sf.getLineAndColumnAtPos(callLocationStart(call)).line}`;
  const fix: QuickFix | undefined = acksInit !== undefined && Node.isPropertyAssignment(acksProp) ? { title: `Send with acks: -1 (all) at ${at}`, edits: [replaceNode(acksInit, '-1')], isPreferred: true } : undefined;
  const out: WeakSend[] = [];
  for (const expr of topicExprs) for (const topic of topicValues(expr)) out.push({ topic, acks, at, ...(fix === undefined ? {} : { fix }) });
  return out;
}

function propertyInit(literal: Node | undefined, name: string): Node | undefined {
  if (literal === undefined || !Node.isObjectLiteralExpression(literal)) return undefined;
  const prop = literal.getProperty(name);
  if (Node.isPropertyAssignment(prop)) return prop.getInitializer();
  if (Node.isShorthandPropertyAssignment(prop)) return prop.getNameNode();
  return undefined;
}

/** A topic written statically, or a parameter of the enclosing helper resolved at each of its call sites. */
function topicValues(expr: Node | undefined): string[] {
  const value = resolveValue(expr);
  if (typeof value === 'string') return [value];
  if (expr === undefined || !Node.isIdentifier(expr)) return [];
  const shorthand = expr.getParent();
  const symbol = Node.isShorthandPropertyAssignment(shorthand) ? shorthand.getValueSymbol() : resolvedSymbol(expr);
  const param = symbol?.getDeclarations().find((d) => Node.isParameterDeclaration(d));
  if (param === undefined || !Node.isParameterDeclaration(param)) return [];
  const fn = param.getParent();
  if (!(Node.isMethodDeclaration(fn) || Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return [];
  const index = fn.getParameters().indexOf(param);
  const sites = Node.isMethodDeclaration(fn) ? methodCallSites(fn) : callSitesOf(fn);
  const out: string[] = [];
  for (const site of sites) {
    const v = resolveValue(site.getArguments()[index]);
    if (typeof v === 'string' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Calls `x.method(...)` of a class method anywhere in the workspace (text pre-filter, then symbols). */
function methodCallSites(method: import('ts-morph').MethodDeclaration): CallExpression[] {
  const name = method.getName();
  const out: CallExpression[] = [];
  for (const sf of programWorkspaceFiles(method.getProject(), name)) {
    for (const access of sf.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
      if (access.getName() !== name) continue;
      const call = access.getParent();
      if (!Node.isCallExpression(call) || call.getExpression() !== access) continue;
      if (resolvedSymbol(access.getNameNode())?.getDeclarations().includes(method) === true) out.push(call);
    }
  }
  return out;
}
