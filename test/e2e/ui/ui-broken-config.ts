// Phase "ui-broken-config": a streamwise.config.json with two mistakes gives one clear message
// naming both, and the rest of the workspace is still analysed.
import assert from 'node:assert/strict';
import { workbenchUrl } from '../lib/browser';
import { screenshot, workspaceCopy, type Context } from '../lib/context';
import { allNotifications, openFile, openWorkbench, statusBarText, waitForNotification } from './workbench';

export async function uiBrokenConfigPhase(ctx: Context): Promise<void> {
  const folder = workspaceCopy(ctx, 'broken-config', 'ui-broken-config');
  const page = await (await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  try {
    await openWorkbench(page, workbenchUrl(ctx.server.url, folder));
    await openFile(page, 'src/orders.ts');
    const message = await waitForNotification(page, /streamwise\.config\.json/);
    await screenshot(page, 'ui-broken-config');
    assert.match(message, /unknown key "aps"/, message);
    assert.match(message, /partitions must be a positive integer, got "four"/, message);
    // The branch-order finding of orders.ts still arrives (one error in the status bar counts).
    await statusBarText(page, /^\s*[1-9]\d*\s+\d+(\s+\d+)?\s*$/);
    const aboutConfig = (await allNotifications(page)).filter((text) => text.includes('streamwise.config.json'));
    assert.equal(aboutConfig.length, 1, `expected one message about the config, got:\n${aboutConfig.join('\n')}`);
  } catch (error) {
    await screenshot(page, 'ui-broken-config-failure').catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
  }
}
