// The installed .vsix itself: it is the extension this window runs, it activates, and the CLI and
// runtime it bundles work from inside the installed folder on a workspace with no node_modules.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compareFindings, expectedFindings, recordMeasurement, streamwiseExtension, workspaceRoot, type ExpectedFinding } from './helpers';

const run = promisify(execFile);

export function definePackagedTests(): void {
  describe('the installed .vsix', () => {
    it('is the extension this window runs, installed from the package (not the source tree)', () => {
      const ext = streamwiseExtension();
      const extensionsDir = process.env.STREAMWISE_E2E_EXTENSIONS_DIR;
      assert.ok(extensionsDir !== undefined, 'STREAMWISE_E2E_EXTENSIONS_DIR is not set');
      assert.ok(ext.extensionPath.startsWith(extensionsDir), `${ext.extensionPath} is not under ${extensionsDir}`);
      assert.ok(existsSync(join(ext.extensionPath, 'dist', 'extension.js')));
      assert.equal(existsSync(join(ext.extensionPath, 'node_modules')), false, 'the package must bundle its dependencies');
    });

    it('activates (activation time measured)', async () => {
      const ext = streamwiseExtension();
      const wasActive = ext.isActive;
      const exported: unknown = await ext.activate();
      assert.equal(ext.isActive, true);
      const ms: unknown = typeof exported === 'object' && exported !== null ? Reflect.get(exported, 'activationMs') : undefined;
      assert.ok(typeof ms === 'number' && ms > 0, `activate() returned no activationMs: ${String(ms)}`);
      recordMeasurement('activation (activate() itself, in host)', `${ms.toFixed(0)} ms (${wasActive ? 'at startup' : 'on demand'})`);
    });

    it('its bundled CLI checks the workspace with the bundled TypeScript: every marked finding, nothing else', async () => {
      const root = workspaceRoot();
      const cli = join(streamwiseExtension().extensionPath, 'dist', 'cli.js');
      const result: { code?: number; stdout?: string } = await run(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd: root }).catch((error: { code?: number; stdout?: string }) => error);
      assert.equal(result.code, 1, 'check exits 1 when an error-severity finding exists');
      const parsed = JSON.parse(result.stdout ?? '') as { diagnostics: { rule: string; file: string; line: number }[] };
      const actual: ExpectedFinding[] = parsed.diagnostics.map((d) => ({ file: d.file, line: d.line, rule: d.rule })).sort(compareFindings);
      assert.deepEqual(actual, expectedFindings(root));
    });

    it('its bundled CLI loads a topology module that imports streamwise, with the bundled runtime', async () => {
      const root = workspaceRoot();
      assert.equal(existsSync(join(root, 'node_modules')), false, 'the fixture workspace must not install streamwise');
      const cli = join(streamwiseExtension().extensionPath, 'dist', 'cli.js');
      const { stdout } = await run(process.execPath, [cli, 'describe', 'src/router.ts'], { cwd: root });
      assert.match(stdout, /Source: KSTREAM-SOURCE-0000000000 \(topics: \[webtoon-gw-logstash\]\)/);
      assert.match(stdout, /Sink: .* \(topic: gw-viewer\)/);
    });
  });
}
