// `npm run test:e2e:desktop`: the same in-host suite in desktop VS Code (Electron) through
// @vscode/test-electron, for machines that can download VS Code (CI here cannot: it uses the web
// workbench in `npm run test:e2e`). Installs the packaged .vsix into a fresh extensions folder
// first, so the extension under test is the package, as in the web run.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { repo, results } from '../lib/context';
import { bundleSuite, suiteDir } from '../lib/suite-bundle';

async function main(): Promise<number> {
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { name: string; version: string; engines: { vscode: string } };
  const vsix = join(repo, 'out', `${manifest.name}-${manifest.version}.vsix`);
  const root = mkdtempSync(join(tmpdir(), 'streamwise-desktop-'));
  try {
    const extensions = join(root, 'extensions');
    const executable = await downloadAndUnzipVSCode(process.env.STREAMWISE_VSCODE_VERSION ?? 'stable');
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
    const install = spawnSync(cli ?? executable, [...cliArgs, '--extensions-dir', extensions, '--install-extension', vsix], { encoding: 'utf8', stdio: 'inherit' });
    if (install.status !== 0) throw new Error(`installing ${vsix} failed`);
    await bundleSuite();
    const workspace = join(root, 'workspace');
    cpSync(join(repo, 'test', 'e2e', 'fixtures', 'gateway'), workspace, { recursive: true });
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: join(repo, 'test', 'e2e', 'harness'),
      extensionTestsPath: join(suiteDir, 'trusted.js'),
      extensionTestsEnv: { STREAMWISE_E2E_RESULTS: results, STREAMWISE_E2E_EXTENSIONS_DIR: extensions },
      launchArgs: [workspace, '--extensions-dir', extensions, '--user-data-dir', join(root, 'user-data'), '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
    return 0;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`test:e2e:desktop: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
