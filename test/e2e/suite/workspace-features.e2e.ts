// Workspace features through the real editor API: the `streamwise` task with its problem matcher,
// and streamwise.config.json's JSON schema (completion, validation, hover) from the built-in JSON
// language features.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { compareFindings, expectedFindings, waitFor, workspaceRoot, type ExpectedFinding } from './helpers';

const TASK_SOURCE = 'streamwise check';

function taskFindings(root: string): ExpectedFinding[] {
  return vscode.languages.getDiagnostics()
    .flatMap(([uri, diagnostics]) => diagnostics.filter((d) => d.source === TASK_SOURCE).map((d) => ({
      file: relative(root, uri.fsPath), line: d.range.start.line + 1, rule: typeof d.code === 'object' ? String(d.code.value) : String(d.code),
    })))
    .sort(compareFindings);
}

const show = (findings: ExpectedFinding[]): string => findings.map((f) => `${f.file}:${f.line} ${f.rule}`).join(', ') || 'none';

/** The position just after the first occurrence of `marker` in the document. */
function after(document: vscode.TextDocument, marker: string): vscode.Position {
  const at = document.getText().indexOf(marker);
  assert.ok(at >= 0, `"${marker}" is not in ${document.uri.fsPath}`);
  return document.positionAt(at + marker.length);
}

export function defineWorkspaceFeatureTests(): void {
  describe('workspace features', () => {
    it('the streamwise task runs `streamwise check`; its problem matcher puts every marked finding in Problems', async () => {
      const root = workspaceRoot();
      const expected = expectedFindings(root);
      const task = (await vscode.tasks.fetchTasks({ type: 'streamwise' })).find((t) => t.definition.command === 'check');
      assert.ok(task !== undefined, 'no streamwise check task is provided');
      const exitCode = new Promise<number | undefined>((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((e) => {
          if (e.execution.task.definition.type !== 'streamwise') return;
          listener.dispose();
          resolve(e.exitCode);
        });
      });
      await vscode.tasks.executeTask(task);
      assert.equal(await exitCode, 1, 'check exits 1: the fixture has error findings');
      const want = JSON.stringify(expected);
      await waitFor(vscode.languages.onDidChangeDiagnostics, () => (JSON.stringify(taskFindings(root)) === want ? true : undefined), () => `task problems ${show(taskFindings(root))}; expected ${show(expected)}`);
    });

    it('streamwise.config.json: the schema validates values, completes keys and explains them on hover', async () => {
      // A config of its own in a scratch folder (the fixture's config stays as it is: the server and
      // the runs read it); fileMatch applies to every streamwise.config.json.
      const dir = join(workspaceRoot(), 'schema-check');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'streamwise.config.json');
      writeFileSync(file, '{\n  "topics": { "orders": {  } },\n  "apps": { "gw-router": { "instances": "two" } }\n}\n');
      const uri = vscode.Uri.file(file);
      try {
        const document = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(document);
        assert.equal(document.languageId, 'jsonc', 'the config file is JSON with comments');
        // Validation: the JSON language server reports the wrong type against our schema.
        const wrongType = await waitFor(vscode.languages.onDidChangeDiagnostics, () => vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === 2 && /integer/i.test(d.message)), () => `diagnostics: ${vscode.languages.getDiagnostics(uri).map((d) => d.message).join(' | ') || 'none'}`);
        assert.equal(wrongType.severity, vscode.DiagnosticSeverity.Warning);
        // Completion inside a topic entry offers the topic keys.
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, after(document, '"orders": { '));
        const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/"/g, ''));
        for (const key of ['partitions', 'replicationFactor', 'minInsyncReplicas']) assert.ok(labels.includes(key), `completion lacks ${key}: ${labels.join(', ')}`);
        // Hover on a key shows the schema's description (markdown-escaped text: unescape before matching).
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, after(document, '"inst'));
        const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n').replace(/\\(.)/g, '$1');
        assert.match(hoverText, /Instances \(processes\) of the app/);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
