// Phase "ui-untrusted": a window that does not trust its folder (restricted mode) still analyses
// the code, and Run Topology refuses with a message that says why; nothing is started.
import assert from 'node:assert/strict';
import { workbenchUrl } from '../lib/browser';
import { screenshot, workspaceCopy, type Context } from '../lib/context';
import { processesMentioning } from '../lib/processes';
import { openFile, openWorkbench, runCommand, statusBarText, waitForNotification } from './workbench';

export async function uiUntrustedPhase(ctx: Context): Promise<void> {
  const folder = workspaceCopy(ctx, 'gateway', 'ui-untrusted');
  const server = await ctx.startServer('untrusted', []);
  const page = await (await ctx.browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  try {
    await openWorkbench(page, workbenchUrl(server.url, folder));
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await openFile(page, 'src/router.ts');
    // Analysis works untrusted: the findings count (errors, warnings[, infos]) reaches the status bar.
    await statusBarText(page, /^\s*[1-9]\d*\s+[1-9]\d*(\s+\d+)?\s*$/);
    await runCommand(page, 'Streamwise: Run Topology');
    const refusal = await waitForNotification(page, /Run Topology needs a trusted workspace/);
    await screenshot(page, 'ui-untrusted-refusal');
    assert.match(refusal, /trusted workspace/);
    assert.deepEqual(processesMentioning(folder).map((p) => p.cmdline), [], 'an untrusted window started a process on the workspace');
    const runItems = await page.locator('.part.statusbar .statusbar-item', { hasText: /rec\/s|dev cluster/ }).count();
    assert.equal(runItems, 0, 'an untrusted window shows a run or a dev cluster');
  } catch (error) {
    await screenshot(page, 'ui-untrusted-failure').catch(() => undefined);
    throw error;
  } finally {
    await page.context().close();
    const hard = await server.stop();
    if (hard.length > 0) ctx.say(`  untrusted server: killed after SIGTERM: ${hard.join('; ')}`);
  }
}
