import { canonical, conjuncts, functionOf, isAlwaysTrue, resultExpression } from '../analysis/functions';
import type { BranchInfo } from '../analysis/extract/types';
import { addDefaultFix, moveLastFix } from '../fixes/branch-fixes';
import { defineRule } from './rule';

export default defineRule({
  meta: {
    id: 'branch-order',
    defaultSeverity: 'error',
    scope: 'topology',
    messages: {
      alwaysTrue: 'Predicate {{position}} of {{count}} always returns true: first match wins, so the {{later}} after it can never match. Move the catch-all predicate last.',
      duplicate: 'Predicate {{position}} is the same as predicate {{earlier}} (line {{line}}): first match wins, so it can never match.',
      shadowed: 'Predicate {{position}} requires `{{condition}}`, which predicate {{earlier}} (line {{line}}) already matches: first match wins, so it can never match.',
      beyond: '{{what}} does not exist: {{api}} has {{count}} predicate(s), so valid positions are 0 to {{max}}.',
      noDefault: 'No default branch: records matching none of the {{count}} predicate(s) are dropped silently.',
    },
    docs: {
      description: 'branch()/split() try predicates in order and the first match wins (a switch with break everywhere): a catch-all must come last, a repeated or narrowed predicate is unreachable, and unmatched records are dropped without a default branch.',
    },
  },
  check(context, report) {
    const seen = new Set<BranchInfo['call']>();
    for (const b of context.builders) {
      for (const node of b.branches) {
        const info = node.branch;
        if (info === undefined || seen.has(info.call)) continue;
        seen.add(info.call);
        const fns = info.predicates.map((p) => functionOf(p.expr));
        const count = info.predicates.length;
        const line = (i: number): number => info.predicates[i]?.expr.getStartLineNumber() ?? 0;
        let catchAll = false;
        info.predicates.forEach((p, i) => {
          const fn = fns[i];
          if (fn === undefined) return;
          if (isAlwaysTrue(fn)) {
            catchAll = true;
            if (i < count - 1) {
              const fix = moveLastFix(info, i);
              const later = count - 1 - i === 1 ? 'predicate' : `${count - 1 - i} predicates`;
              report({ messageId: 'alwaysTrue', node: p.expr, data: { position: i + 1, count, later }, unreachable: { predicate: i + 1, outlets: 'later' }, ...(fix ? { fixes: [fix] } : {}) });
            }
            return;
          }
          const result = resultExpression(fn);
          if (result === undefined) return;
          const mine = canonical(result, fn);
          for (let j = 0; j < i; j += 1) {
            const other = fns[j];
            const otherResult = other === undefined ? undefined : resultExpression(other);
            if (other === undefined || otherResult === undefined) continue;
            const theirs = canonical(otherResult, other);
            if (theirs === mine) {
              report({ messageId: 'duplicate', node: p.expr, data: { position: i + 1, earlier: j + 1, line: line(j) }, unreachable: { predicate: i + 1, outlets: 'self' } });
              return;
            }
            const shadow = conjuncts(result).find((c) => canonical(c, fn) === theirs);
            if (shadow !== undefined && conjuncts(result).length > 1) {
              report({ messageId: 'shadowed', node: p.expr, severity: 'warning', data: { position: i + 1, earlier: j + 1, line: line(j), condition: otherResult.getText() }, unreachable: { predicate: i + 1, outlets: 'self' } });
              return;
            }
          }
        });
        const reportedBeyond = new Set<unknown>();
        for (const access of info.accessBeyond) {
          if (reportedBeyond.has(access.node)) continue;
          reportedBeyond.add(access.node);
          report({
            messageId: 'beyond', node: access.node,
            data: { what: access.node.getKindName() === 'BindingElement' ? `Destructured element ${access.index}` : `Index ${access.index}`, api: 'branch()', count, max: count - 1 },
          });
        }
        if (!info.hasDefault && !catchAll && count > 0) {
          const fix = addDefaultFix(info);
          report({ messageId: 'noDefault', node: info.call, severity: 'info', data: { count }, ...(fix ? { fixes: [fix] } : {}) });
        }
      }
    }
  },
});
