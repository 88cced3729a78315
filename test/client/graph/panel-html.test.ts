import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { contentSecurityPolicy, panelHtml } from '../../../client/src/graph/panel-html';

const assets = { cspSource: 'https://webview.test', scriptUri: 'https://webview.test/dist/webview/graph.js', styleUri: 'https://webview.test/dist/webview/graph.css' };

test('strict CSP: nothing by default, the bundle\'s origin only, scripts by a fresh nonce, nothing inline or remote', () => {
  const html = panelHtml(assets, 'graph', 'Topology <Graph>');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const nonce = /<script nonce="([^"]+)" src=/.exec(html)?.[1] ?? '';
  assert.ok(nonce.length >= 16, 'a nonce on the one script');
  assert.equal(csp.replace(/&#39;|&amp;/g, (m) => (m === '&amp;' ? '&' : "'")), contentSecurityPolicy(assets.cspSource, nonce));
  const directives = Object.fromEntries(contentSecurityPolicy(assets.cspSource, nonce).split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives, {
    'default-src': ["'none'"],
    'img-src': [assets.cspSource],
    'style-src': [assets.cspSource],
    'font-src': [assets.cspSource],
    'script-src': [`'nonce-${nonce}'`],
  });
  assert.doesNotMatch(html, /unsafe-|\son\w+=|\sstyle="|<script>(?!<\/script>)/, 'no unsafe sources, inline handlers, inline styles or inline scripts');
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, /<title>Topology &lt;Graph>/, 'the title is escaped');
  const again = /<script nonce="([^"]+)"/.exec(panelHtml(assets, 'graph', 't'))?.[1];
  assert.notEqual(again, nonce, 'a new nonce for every document');
});
