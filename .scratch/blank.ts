import { ts } from 'ts-morph';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
/** JSDoc blocks of a declaration file replaced by spaces (line breaks kept). */
export function blankJsDoc(text: string): string {
  let out: string[] | undefined;
  let last = 0;
  const n = text.length;
  const braces: number[] = [];
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) { const e = text.indexOf('\n', i); i = e < 0 ? n : e; continue; }
      if (d === 42 /* * */) {
        const e = text.indexOf('*/', i + 2); const end = e < 0 ? n : e + 2;
        if (text.charCodeAt(i + 2) === 42 && text.charCodeAt(i + 3) !== 47) {
          (out ??= []).push(text.slice(last, i), text.slice(i, end).replace(/[^\n\r]/g, ' '));
          last = end;
        }
        i = end; continue;
      }
      i++; continue;
    }
    if (c === 39 || c === 34) { // ' "
      i++;
      while (i < n) { const x = text.charCodeAt(i); if (x === 92) { i += 2; continue; } i++; if (x === c || x === 10) break; }
      continue;
    }
    if (c === 96) { // `
      i++;
      while (i < n) { const x = text.charCodeAt(i); if (x === 92) { i += 2; continue; } if (x === 96) { i++; break; } if (x === 36 && text.charCodeAt(i + 1) === 123) { braces.push(0); i += 2; break; } i++; }
      continue;
    }
    if (c === 123 && braces.length > 0) { braces[braces.length - 1]++; i++; continue; }
    if (c === 125 && braces.length > 0) {
      const top = braces.length - 1;
      if (braces[top] === 0) { braces.pop(); i++; // back in template
        while (i < n) { const x = text.charCodeAt(i); if (x === 92) { i += 2; continue; } if (x === 96) { i++; break; } if (x === 36 && text.charCodeAt(i + 1) === 123) { braces.push(0); i += 2; break; } i++; }
        continue; }
      braces[top]--; i++; continue;
    }
    i++;
  }
  if (out === undefined) return text;
  out.push(text.slice(last));
  return out.join('');
}
const files: string[] = [];
const walk = (d: string): void => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.d.ts')) files.push(p); } };
walk('/work/wt/rules/node_modules/@types/node'); walk('/work/wt/rules/node_modules/undici-types');
const texts = files.map((f) => [f, readFileSync(f, 'utf8')] as const);
let t = performance.now(); const blanked = texts.map(([f, x]) => [f, blankJsDoc(x)] as const); console.log('blank', (performance.now() - t).toFixed(0));
for (const [f, x] of texts) { const b = blankJsDoc(x); if (b.length !== x.length) throw new Error('len ' + f); }
for (let r = 0; r < 3; r++) for (const [label, set, mode] of [['all', texts, 0], ['typeErrors', texts, 2], ['blanked', blanked, 0]] as const) {
  t = performance.now();
  for (const [f, text] of set) ts.createSourceFile(f, text, { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: mode }, true);
  console.log(label, (performance.now() - t).toFixed(0), 'ms');
}
// identical declarations? compare statement kinds count & diagnostics
let diffs = 0;
for (let k = 0; k < texts.length; k++) { const a = ts.createSourceFile('a.d.ts', texts[k]![1], ts.ScriptTarget.ES2022, false); const b = ts.createSourceFile('a.d.ts', blanked[k]![1], ts.ScriptTarget.ES2022, false);
  const sa: string[] = []; const sb: string[] = []; const v = (arr: string[]) => (n: ts.Node): void => { arr.push(`${n.kind}:${n.pos}:${n.end}`.replace(/:\d+:/, ':')); n.forEachChild(v(arr)); };
  a.forEachChild(v(sa)); b.forEachChild(v(sb)); if (sa.length !== sb.length || sa.some((x, j) => x.split(':')[0] !== sb[j]!.split(':')[0])) { diffs++; console.log('diff', texts[k]![0]); } }
console.log('diff files', diffs);
for (let r = 0; r < 4; r++) { t = performance.now(); for (const [, x] of texts) blankJsDoc(x); console.log('blank again', (performance.now() - t).toFixed(0)); }
