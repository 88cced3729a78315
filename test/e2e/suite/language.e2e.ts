// The language server through the real editor API: diagnostics of every rule on the marked lines,
// a quick fix that makes its finding go away, CodeLens above a topology.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { STREAMWISE_RULE_IDS } from '../../../server/src/protocol';
import { compareFindings, expectedFindings, streamwiseExtension, waitFor, workspaceRoot, type ExpectedFinding } from './helpers';

const run = promisify(execFile);

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function streamwiseFindings(root: string): ExpectedFinding[] {
  return vscode.languages.getDiagnostics()
    .flatMap(([uri, diagnostics]) => diagnostics.filter((d) => d.source === 'streamwise').map((d) => ({ file: relative(root, uri.fsPath), line: d.range.start.line + 1, rule: ruleOf(d) })))
    .sort(compareFindings);
}

const show = (findings: ExpectedFinding[]): string => findings.map((f) => `${f.file}:${f.line} ${f.rule}`).join(', ') || 'none';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

export function defineLanguageTests(): void {
  describe('the language server in the editor', () => {
    it('reports every rule of the fixture on its marked line, and nothing else', async () => {
      const root = workspaceRoot();
      const expected = expectedFindings(root);
      assert.deepEqual([...new Set(expected.map((e) => e.rule))].sort(), [...STREAMWISE_RULE_IDS].sort(), 'the fixture marks a finding of every rule');
      for (const file of tsFiles(join(root, 'src'))) await vscode.workspace.openTextDocument(file);
      const same = (): true | undefined => (JSON.stringify(streamwiseFindings(root)) === JSON.stringify(expected) ? true : undefined);
      await waitFor(vscode.languages.onDidChangeDiagnostics, same, () => `diagnostics ${show(streamwiseFindings(root))}; expected ${show(expected)}`);
    });

    it('a quick fix moves the catch-all predicate last and its branch-order finding goes away', async () => {
      const uri = vscode.Uri.file(join(workspaceRoot(), 'src', 'branches.ts'));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const finding = await waitFor(vscode.languages.onDidChangeDiagnostics, () => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'streamwise' && ruleOf(d) === 'branch-order'), () => 'no branch-order finding on branches.ts');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range, vscode.CodeActionKind.QuickFix.value, 10);
      // The API's conversion drops `diagnostics` from provider actions: pick the fix by kind and title.
      const fix = actions.find((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && /catch-all/i.test(a.title) && a.edit !== undefined);
      assert.ok(fix !== undefined, `no quick fix with an edit for branch-order; got: ${actions.map((a) => `${a.title} (diagnostics: ${a.diagnostics?.map(ruleOf).join(',') ?? 'none'}, edit: ${a.edit === undefined ? 'no' : 'yes'})`).join(' | ')}`);
      assert.equal(await vscode.workspace.applyEdit(fix.edit ?? new vscode.WorkspaceEdit()), true);
      if (fix.command !== undefined) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      // The language server's finding (the task's markers, source 'streamwise check', stay until the task runs again).
      await waitFor(vscode.languages.onDidChangeDiagnostics, () => (vscode.languages.getDiagnostics(uri).some((d) => d.source === 'streamwise' && ruleOf(d) === 'branch-order') ? undefined : true), () => `branch-order still reported after "${fix.title}"`);
      const text = document.getText();
      assert.ok(text.indexOf("v.startsWith('ERROR')") < text.indexOf('(_k, _v) => true'), `the catch-all is not last:\n${text}`);
      // The saved result is clean for the packaged CLI too (not just between two analyses).
      // The web workbench auto-saves after a second (files.autoSave afterDelay): save() may find nothing to do.
      await document.save();
      assert.equal(document.isDirty, false, 'branches.ts is saved');
      const cli = join(streamwiseExtension().extensionPath, 'dist', 'cli.js');
      const { stdout } = await run(process.execPath, [cli, 'check', 'src/branches.ts', '--format', 'json'], { cwd: workspaceRoot() }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const rules = (JSON.parse(stdout) as { diagnostics: { rule: string; file: string }[] }).diagnostics.filter((d) => d.file.endsWith('branches.ts')).map((d) => d.rule);
      assert.deepEqual(rules, [], `the fixed file still has findings: ${rules.join(', ')}`);
    });

    it('CodeLens "Run" and "Show graph" sit on the topology line', async () => {
      const root = workspaceRoot();
      const file = join(root, 'src', 'router.ts');
      const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('// lens: Run, Show graph'));
      assert.ok(line >= 0, 'router.ts marks its topology line');
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      // The server answers lenses from its latest analysis: ask again as analyses complete.
      const lensesOnLine = async (): Promise<vscode.CodeLens[]> => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)).filter((l) => l.range.start.line === line);
      let lenses = await lensesOnLine();
      if (lenses.length === 0) {
        await waitFor(vscode.languages.onDidChangeDiagnostics, () => (vscode.languages.getDiagnostics(uri).length > 0 ? true : undefined), () => 'router.ts was never analysed');
        lenses = await lensesOnLine();
      }
      const commands = lenses.map((l) => `${l.command?.title ?? '?'} -> ${l.command?.command ?? '?'}`).sort();
      assert.equal(commands.length, 2, `lenses on line ${line + 1}: ${commands.join(', ')}`);
      assert.match(commands.join('\n'), /Run -> streamwise\.runTopology/);
      assert.match(commands.join('\n'), /Show graph -> streamwise\.showGraph/);
    });
  });
}
