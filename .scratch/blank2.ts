import { ts } from 'ts-morph';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const TOKENS = /\/\*\*(?!\/)[\s\S]*?(?:\*\/|$)|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n\r]*|'(?:[^'\\\n\r]|\\[\s\S])*'?|"(?:[^"\\\n\r]|\\[\s\S])*"?|`(?:[^`\\]|\\[\s\S])*`?/g;
export function blankJsDoc(text: string): string {
  if (!text.includes('/**')) return text;
  return text.replace(TOKENS, (m) => (m.startsWith('/**') && !m.startsWith('/**/') ? m.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length)) : m));
}
const files: string[] = [];
const walk = (d: string): void => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.d.ts')) files.push(p); } };
walk('/work/wt/rules/node_modules/@types/node'); walk('/work/wt/rules/node_modules/undici-types'); walk('/work/wt/rules/node_modules/kafkajs'); walk('/work/wt/rules/runtime/dist');
const texts = files.map((f) => [f, readFileSync(f, 'utf8')] as const);
let t = 0;
for (let r = 0; r < 4; r++) { t = performance.now(); for (const [, x] of texts) blankJsDoc(x); console.log('blank', (performance.now() - t).toFixed(0)); }
const blanked = texts.map(([f, x]) => [f, blankJsDoc(x)] as const);
for (let k = 0; k < texts.length; k++) if (blanked[k]![1].length !== texts[k]![1].length) throw new Error('len');
let diffs = 0;
for (let k = 0; k < texts.length; k++) {
  const a = ts.createSourceFile('a.d.ts', texts[k]![1], ts.ScriptTarget.ES2022, false); const b = ts.createSourceFile('a.d.ts', blanked[k]![1], ts.ScriptTarget.ES2022, false);
  const sa: string[] = []; const sb: string[] = [];
  const v = (arr: string[], sf: ts.SourceFile) => (n: ts.Node): void => { if (n.kind >= ts.SyntaxKind.FirstJSDocNode && n.kind <= ts.SyntaxKind.LastJSDocNode) return; arr.push(`${n.kind}:${n.getStart(sf)}:${n.end}:${ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isIdentifier(n) ? n.text : ''}`); n.forEachChild(v(arr, sf)); };
  a.forEachChild(v(sa, a)); b.forEachChild(v(sb, b));
  if (sa.join('|') !== sb.join('|')) { diffs++; console.log('diff', texts[k]![0]); }
  if (a.parseDiagnostics.length !== b.parseDiagnostics.length) console.log('diag diff', texts[k]![0]);
}
console.log('files', texts.length, 'diff files', diffs);
