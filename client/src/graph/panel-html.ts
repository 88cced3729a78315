// The webview document: the bundle's script and stylesheet only, under a strict CSP with a fresh
// nonce (no inline handlers, no remote content, nothing from outside dist/webview).
import { randomBytes } from 'node:crypto';

export interface PanelAssets {
  /** `webview.cspSource`. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(assets: PanelAssets, mode: 'graph' | 'lag', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(assets.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(assets.styleUri)}">
<title>${escapeAttr(title)}</title>
</head>
<body data-mode="${mode}">
<div id="app" data-mode="${mode}"></div>
<script nonce="${nonce}" src="${escapeAttr(assets.scriptUri)}"></script>
</body>
</html>`;
}
