// Quick fixes for uncaught-processor-throw: set the app's processingExceptionHandler to a
// dead-letter topic; wrap a callback body in try/catch that drops the failing record.
import { Node } from 'ts-morph';
import type { AppState } from '../analysis/extract/apps';
import type { FunctionNode } from '../analysis/functions';
import { objectLiteralOf } from '../analysis/values';
import type { QuickFix } from '../analysis/types';
import { insertAt, replaceNode } from './edits';

export function setDeadLetterHandlerFix(app: AppState, appId: string | undefined): QuickFix | undefined {
  const literal = objectLiteralOf(app.newExpr.getArguments()[1], 0);
  if (literal === undefined || literal.getSourceFile().isDeclarationFile()) return undefined;
  const topic = `${appId ?? 'app'}-dlq`;
  const handler = `{ deadLetterTopic: '${topic}' }`;
  const title = `Route failing records to dead-letter topic '${topic}' (processingExceptionHandler)`;
  const existing = literal.getProperty('processingExceptionHandler');
  if (Node.isPropertyAssignment(existing)) {
    const init = existing.getInitializer();
    return init === undefined ? undefined : { title, edits: [replaceNode(init, handler)] };
  }
  if (existing !== undefined) return undefined;
  const props = literal.getProperties();
  const last = props[props.length - 1];
  const sf = literal.getSourceFile();
  if (last === undefined) return { title, edits: [replaceNode(literal, `{ processingExceptionHandler: ${handler} }`)] };
  const full = sf.getFullText();
  const after = full.slice(last.getEnd()).match(/^\s*,/);
  const pos = last.getEnd() + (after?.[0].length ?? 0);
  const multiline = literal.getStartLineNumber() !== literal.getEndLineNumber();
  const indent = multiline ? ' '.repeat(last.getIndentationText().length) : '';
  const text = multiline ? `${after === null ? ',' : ''}\n${indent}processingExceptionHandler: ${handler},` : `${after === null ? ',' : ''} processingExceptionHandler: ${handler}`;
  return { title, edits: [insertAt(sf, pos, text)] };
}

/** What a callback can return to drop the record that failed; undefined when nothing safe exists. */
function dropValue(operator: string): string | undefined {
  if (['filter', 'filterNot', 'branch', 'split'].includes(operator)) return 'return false;';
  if (operator === 'peek' || operator === 'foreach') return 'return;';
  if (operator === 'flatMap' || operator === 'flatMapValues') return 'return [];';
  return undefined;
}

export function wrapCallbackFix(fn: FunctionNode, operator: string): QuickFix | undefined {
  const drop = dropValue(operator);
  const body = fn.getBody();
  if (drop === undefined || body === undefined || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const title = 'Wrap the callback body in try/catch (drop the failing record)';
  if (Node.isBlock(body)) {
    // The original block becomes the try block: its lines (and line numbers) stay as written.
    return { title, edits: [replaceNode(body, `{ try ${body.getText()} catch { ${drop} } }`)] };
  }
  return { title, edits: [replaceNode(body, `{ try { return ${body.getText()}; } catch { ${drop} } }`)] };
}
