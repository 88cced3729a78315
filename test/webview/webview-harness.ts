// Serves the built graph webview (dist/webview) on 127.0.0.1 inside the panel's real HTML and CSP,
// and drives it in headless Debian Chromium (/usr/bin/chromium, never a downloaded browser) the
// way VS Code does: host messages in through window.postMessage, webview messages recorded from
// acquireVsCodeApi().postMessage, theme variables set on <html> as VS Code sets them.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostMessage, WebviewMessage } from '../../client/src/graph/messages';
import { panelHtml } from '../../client/src/graph/panel-html';

const repoRoot = join(__dirname, '..', '..');
const bundleDir = join(repoRoot, 'dist', 'webview');
export const CHROMIUM = process.env.STREAMWISE_CHROMIUM ?? '/usr/bin/chromium';

export type ThemeName = 'dark' | 'light' | 'hc-dark' | 'hc-light';
export const THEMES: ThemeName[] = ['light', 'dark', 'hc-dark', 'hc-light'];

interface ThemeFixture { bodyClass: string; vars: Record<string, string> }

/** CSS variables VS Code would set for a theme: the fixture's workbench colours plus our contributed defaults. */
export function themeVars(theme: ThemeName): { bodyClass: string; vars: Record<string, string> } {
  const themes = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'graph', 'themes.json'), 'utf8')) as Record<ThemeName, ThemeFixture>;
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { contributes: { colors: { id: string; defaults: Record<string, string> }[] } };
  const t = themes[theme];
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.vars)) vars[`--vscode-${k}`] = v;
  const key = theme === 'dark' ? 'dark' : theme === 'light' ? 'light' : theme === 'hc-dark' ? 'highContrast' : 'highContrastLight';
  for (const c of pkg.contributes.colors) {
    const v = c.defaults[key];
    // Exactly as VS Code's webview theming names them: only the FIRST dot becomes a dash.
    if (v !== undefined) vars[`--vscode-${c.id.replace('.', '-')}`] = v;
  }
  vars['--vscode-font-family'] = 'sans-serif';
  vars['--vscode-font-size'] = '13px';
  vars['--vscode-editor-font-family'] = 'monospace';
  return { bodyClass: t.bodyClass, vars };
}

export class WebviewHarness {
  private constructor(readonly browser: Browser, readonly server: Server, readonly origin: string) {}

  static async start(): Promise<WebviewHarness> {
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname === '/' || url.pathname === '/index.html') {
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(panelHtml({ cspSource: origin, scriptUri: `${origin}/graph.js`, styleUri: `${origin}/graph.css` }, url.searchParams.get('mode') === 'lag' ? 'lag' : 'graph', 'Topology Graph'));
        return;
      }
      if (url.pathname === '/blank') {
        // A plain page (no CSP) for a peer drawing in the same browser (the benchmark's viz-js).
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><head><meta charset="UTF-8"></head><body></body></html>');
        return;
      }
      const file = normalize(join(bundleDir, url.pathname));
      if (!file.startsWith(bundleDir)) {
        res.writeHead(403).end();
        return;
      }
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    return new WebviewHarness(browser, server, origin);
  }

  /** A fresh page on the panel document in `theme`; resolves once the webview said `ready`. */
  async open(theme: ThemeName = 'dark', options: { mode?: 'graph' | 'lag'; state?: unknown; width?: number; height?: number } = {}): Promise<WebviewPage> {
    const page = await this.browser.newPage({ viewport: { width: options.width ?? 1200, height: options.height ?? 800 } });
    const t = themeVars(theme);
    // A string, not a function: tsx's keepNames helpers would not exist inside the page.
    await page.addInitScript(`(() => {
      const vars = ${JSON.stringify(t.vars)};
      const bodyClass = ${JSON.stringify(t.bodyClass)};
      let saved = ${JSON.stringify(options.state ?? null)} ?? undefined;
      const posted = [];
      const violations = [];
      window.__posted = posted;
      window.__violations = violations;
      window.__savedState = () => saved;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ': ' + e.blockedURI));
      window.acquireVsCodeApi = () => ({
        postMessage: (m) => posted.push(m),
        getState: () => saved,
        setState: (s) => { saved = s; },
      });
      const apply = () => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.classList.add(bodyClass);
      };
      if (document.body !== null) apply(); else document.addEventListener('DOMContentLoaded', apply);
    })();`);
    await page.goto(`${this.origin}/?mode=${options.mode ?? 'graph'}`);
    const wp = new WebviewPage(page);
    await wp.waitForPosted((m) => m.type === 'ready');
    return wp;
  }

  async dispose(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export class WebviewPage {
  constructor(readonly page: Page) {}

  async send(message: HostMessage): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message);
  }

  async posted(): Promise<WebviewMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted.slice());
  }

  /** Waits (on the page's own polling of the recorded messages) until one matches. */
  async waitForPosted(match: (m: WebviewMessage) => boolean, timeout = 10_000): Promise<WebviewMessage> {
    const started = Date.now();
    for (;;) {
      const found = (await this.posted()).find(match);
      if (found !== undefined) return found;
      if (Date.now() - started > timeout) throw new Error(`no matching webview message within ${timeout} ms: ${JSON.stringify(await this.posted()).slice(0, 400)}`);
      await this.page.waitForFunction((n) => (window as unknown as { __posted: unknown[] }).__posted.length > n, (await this.posted()).length, { timeout: Math.max(1, timeout - (Date.now() - started)) }).catch(() => undefined);
    }
  }

  async violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.slice());
  }

  async savedState(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as { __savedState: () => unknown }).__savedState());
  }
}
