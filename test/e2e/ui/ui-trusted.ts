// Phase "ui-trusted": the gateway fixture driven through the workbench UI, as a user would.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { workbenchUrl } from '../lib/browser';
import { screenshot, workspaceCopy, type Context } from '../lib/context';
import { openFile, openWorkbench, runCommand } from './workbench';

/** VS Code's own activation time for the extension, from Developer: Show Running Extensions. */
async function activationFromRunningExtensions(page: Page): Promise<string> {
  await runCommand(page, 'Developer: Show Running Extensions');
  const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
  await rows.first().click();
  const row = rows.filter({ hasText: 'Streamwise' });
  // The list renders only visible rows: walk down until ours is drawn.
  for (let i = 0; i < 60 && (await row.count()) === 0; i++) await page.keyboard.press('ArrowDown');
  const text = await row.innerText();
  const match = /(Startup )?Activation: (\d+)ms/.exec(text);
  assert.ok(match !== null, `no activation time in the Running Extensions row: ${text}`);
  await page.keyboard.press('Escape');
  return `${match[2]} ms (${match[1] === undefined ? 'on demand' : 'at startup'})`;
}

export async function uiTrustedPhase(ctx: Context): Promise<void> {
  const folder = workspaceCopy(ctx, 'gateway', 'ui-trusted');
  const page = await (await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  try {
    await openWorkbench(page, workbenchUrl(ctx.server.url, folder));
    await openFile(page, 'src/router.ts');
    await screenshot(page, 'ui-router-open');
    ctx.measure('activation (Running Extensions)', await activationFromRunningExtensions(page));
  } finally {
    await page.context().close();
  }
}
