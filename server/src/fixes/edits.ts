// Building quick-fix edits from ts-morph nodes.
import type { Node, SourceFile } from 'ts-morph';
import { rangeBetween } from '../analysis/locations';
import type { TextEdit1 } from '../analysis/types';

export function replaceSpan(sourceFile: SourceFile, start: number, end: number, newText: string): TextEdit1 {
  return { file: sourceFile.getFilePath(), range: rangeBetween(sourceFile, start, end), newText };
}

export function replaceNode(node: Node, newText: string): TextEdit1 {
  return replaceSpan(node.getSourceFile(), node.getStart(), node.getEnd(), newText);
}

export function insertAt(sourceFile: SourceFile, pos: number, text: string): TextEdit1 {
  return replaceSpan(sourceFile, pos, pos, text);
}

/**
 * Reorders slots (e.g. arguments) in place, keeping the text between them: one edit covering the
 * first slot's start to the last slot's end. `order[k]` is the index of the slot written at position k.
 */
export function reorderSlots(slots: readonly Node[], order: readonly number[]): TextEdit1 | undefined {
  const first = slots[0];
  const last = slots[slots.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const sf = first.getSourceFile();
  const full = sf.getFullText();
  let text = '';
  for (let k = 0; k < slots.length; k += 1) {
    const slot = slots[order[k] ?? k];
    if (slot === undefined) return undefined;
    text += slot.getText();
    const here = slots[k];
    const following = slots[k + 1];
    if (here !== undefined && following !== undefined) text += full.slice(here.getEnd(), following.getStart());
  }
  return replaceSpan(sf, first.getStart(), last.getEnd(), text);
}

/** Applies edits (of one file) to its text; edits must not overlap. */
export function applyEdits(text: string, edits: readonly TextEdit1[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number): number => (lineStarts[line - 1] ?? text.length) + column - 1;
  const sorted = [...edits].sort((a, b) => offset(b.range.line, b.range.column) - offset(a.range.line, a.range.column));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.line, e.range.column)) + e.newText + out.slice(offset(e.range.endLine, e.range.endColumn));
  return out;
}
