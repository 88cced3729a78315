// An in-host phase: a fresh window on `folder` runs the bundled mocha entry `test/e2e/suite/<entry>.ts`
// inside the extension host (extensionTestsPath), next to the installed .vsix.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { runInHostTests, workbenchUrl } from './browser';
import { repo, results, type Context } from './context';

/** Runs the in-host suite `entry` in a window on `folder`; rejects unless it exits 0. */
export async function inHostPhase(ctx: Context, entry: string, folder: string): Promise<void> {
  const page = await (await ctx.browser.newContext()).newPage();
  try {
    const url = workbenchUrl(ctx.server.url, folder, {
      // The harness only carries the test runner: the extension under test is the installed .vsix.
      extensionDevelopmentPath: join(repo, 'test', 'e2e', 'harness'),
      extensionTestsPath: join(ctx.suiteDir, `${entry}.js`),
    });
    // The workbench logs a lot; the terminal gets the mocha reporter's lines, the file gets all.
    const log = createWriteStream(join(results, `${entry}.log`));
    const { exitCode } = await runInHostTests(page, url, (line) => {
      log.write(`${line}\n`);
      if (/^\s/.test(line) && !/^\s+at .*(https?:|node:internal)/.test(line)) ctx.say(`  ${line}`);
    }, 300_000).finally(() => log.end());
    await page.screenshot({ path: join(results, `${entry}-final.png`) });
    if (exitCode !== 0) throw new Error(`in-host tests '${entry}' exited with ${exitCode}`);
  } finally {
    await page.context().close();
  }
}
