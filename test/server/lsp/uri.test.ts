import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { pathToUri, uriToPath } from '../../../server/src/lsp/uri';

test('file URIs map to paths and back, with escapes', () => {
  assert.equal(uriToPath('file:///w/my%20app/src/a.ts'), '/w/my app/src/a.ts');
  assert.equal(pathToUri('/w/my app/src/a.ts'), 'file:///w/my%20app/src/a.ts');
  assert.equal(uriToPath(pathToUri('/w/x/../y.ts')), '/w/y.ts');
});

test('URIs of other schemes have no path', () => {
  assert.equal(uriToPath('untitled:Untitled-1'), undefined);
  assert.equal(uriToPath('git:/w/a.ts?ref=HEAD'), undefined);
  assert.equal(uriToPath('file://remote-host/share/a.ts'), undefined);
});
