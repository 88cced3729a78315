// Quick fixes on an app's config: a unique application id; numStreamThreads to the useful maximum.
import { Node } from 'ts-morph';
import type { QuickFix } from '../analysis/types';
import { replaceNode } from './edits';

function literalInitializer(prop: Node): Node | undefined {
  if (!Node.isPropertyAssignment(prop)) return undefined;
  const init = prop.getInitializer();
  return init !== undefined && (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init) || Node.isNumericLiteral(init)) ? init : undefined;
}

export function uniqueIdFix(prop: Node, id: string, taken: ReadonlySet<string>, ordinal: number): QuickFix | undefined {
  const init = literalInitializer(prop);
  if (init === undefined || Node.isNumericLiteral(init)) return undefined;
  let n = ordinal;
  let candidate = `${id}-${n}`;
  while (taken.has(candidate)) {
    n += 1;
    candidate = `${id}-${n}`;
  }
  const quote = init.getText()[0] ?? "'";
  return { title: `Make the application id unique: '${candidate}'`, edits: [replaceNode(init, `${quote}${candidate}${quote}`)], isPreferred: true };
}

export function setThreadsFix(prop: Node, threads: number): QuickFix | undefined {
  if (!Node.isPropertyAssignment(prop)) return undefined;
  const init = prop.getInitializer();
  if (init === undefined) return undefined;
  return { title: `Set numStreamThreads to ${threads}`, edits: [replaceNode(init, String(threads))], isPreferred: true };
}
