// The status colours Streamwise contributes reach the webview: VS Code exports a colour `a.b.c` as
// `--vscode-a-b.c` (only the first dot becomes a dash), so every `--vscode-streamwise…` name
// graph.css reads must be what VS Code makes of a contributed id, and the ids keep to one dot.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const repo = new URL('../../', import.meta.url);
const css = readFileSync(new URL('webview/src/graph.css', repo), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('package.json', repo), 'utf8')) as { contributes: { colors: { id: string; defaults: Record<string, string> }[] } };

test('every contributed colour graph.css uses is named as VS Code exports it, and each has a default per theme kind', () => {
  const exported = new Map(pkg.contributes.colors.map((c) => [`--vscode-${c.id.replace('.', '-')}`, c]));
  const used = [...new Set([...css.matchAll(/var\((--vscode-streamwise[\w.-]*)/g)].map((m) => m[1] ?? ''))];
  assert.ok(used.length >= 6, `graph.css reads ${used.join(', ')}`);
  for (const name of used) assert.ok(exported.has(name), `${name} is not a variable VS Code exports (it exports ${[...exported.keys()].join(', ')})`);
  for (const c of pkg.contributes.colors) {
    assert.equal(c.id.split('.').length, 2, `${c.id}: one dot, so its variable is a plain CSS name`);
    assert.deepEqual(Object.keys(c.defaults).sort(), ['dark', 'highContrast', 'highContrastLight', 'light'], c.id);
  }
});
